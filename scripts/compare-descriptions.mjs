// Compares the node and trigger descriptions and the credential's fields, serialised as JSON, of the work tree with those of a
// git revision, and prints every difference as a path. For refactorings, which must leave them
// unchanged, and for naming each change a feature or a lint rule makes to them.
// Usage: node scripts/compare-descriptions.mjs [revision, default main]  (exit 1 when they differ)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const revision = process.argv[2] ?? 'main';
// Inside the project, so the compiled code resolves n8n-workflow from its node_modules.
const work = path.join(root, '.build', 'compare-descriptions');
const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Transpiles nodes/ and credentials/ file by file (no type check: `npm run typecheck` does that). */
function compile(sourceDir, outDir) {
	const walk = (relative) => {
		for (const entry of readdirSync(path.join(sourceDir, relative), { withFileTypes: true })) {
			const file = path.join(relative, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
				const { outputText } = ts.transpileModule(readFileSync(path.join(sourceDir, file), 'utf8'), {
					compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
				});
				mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
				writeFileSync(path.join(outDir, file.replace(/\.ts$/, '.js')), outputText);
			}
		}
	};
	walk('nodes');
	walk('credentials');
}

function descriptions(compiledDir) {
	const load = (file, name) => JSON.parse(JSON.stringify(new (require(path.join(compiledDir, file))[name])().description));
	const credential = (file, name) => JSON.parse(JSON.stringify(new (require(path.join(compiledDir, file))[name])().properties));
	return {
		Kaizala: load('nodes/Kaizala/Kaizala.node.js', 'Kaizala'),
		KaizalaTrigger: load('nodes/KaizalaTrigger/KaizalaTrigger.node.js', 'KaizalaTrigger'),
		'KaizalaApi.properties': credential('credentials/KaizalaApi.credentials.js', 'KaizalaApi'),
	};
}

/** A readable path: array members are labelled with their name (and operations) when they have one. */
function label(value, index) {
	if (value && typeof value === 'object' && 'name' in value) {
		const operation = value.displayOptions?.show?.operation;
		return `[${index}:${value.name}${operation ? `@${operation.join('|')}` : ''}]`;
	}
	return `[${index}]`;
}

function diff(before, after, at, out) {
	if (JSON.stringify(before) === JSON.stringify(after)) return;
	// Options are told apart by their stored value (a renamed option keeps it), parameters by name.
	const names = (list) => list.map((item) => (item && typeof item === 'object' ? (typeof item.value === 'string' ? item.value : item.name) : undefined));
	if (Array.isArray(before) && Array.isArray(after)) {
		const beforeNames = names(before);
		const afterNames = names(after);
		const unique = (list) => list.every((name) => typeof name === 'string') && new Set(list).size === list.length;
		// Lists of named members (parameters, options) whose order changed: say so, then compare by name.
		if (
			unique(beforeNames) &&
			unique(afterNames) &&
			beforeNames.length === afterNames.length &&
			beforeNames.every((name) => afterNames.includes(name)) &&
			beforeNames.join() !== afterNames.join()
		) {
			out.push(`${at}: order\n    before: ${beforeNames.join(', ')}\n    after:  ${afterNames.join(', ')}`);
			before.forEach((item, index) => diff(item, after[afterNames.indexOf(beforeNames[index])], `${at}${label(item, index)}`, out));
			return;
		}
	}
	// Lists whose members are told apart by name and display options (the node's parameters, where
	// `operation` or `groupId` recur): report members added and removed, then compare the rest by key.
	const keys = (list) => list.map((item) => (item && typeof item === 'object' && typeof item.name === 'string' ? `${item.name}${JSON.stringify(item.displayOptions ?? '')}` : undefined));
	if (Array.isArray(before) && Array.isArray(after)) {
		const beforeKeys = keys(before);
		const afterKeys = keys(after);
		const keyed = (list) => list.every((key) => key !== undefined) && new Set(list).size === list.length;
		if (keyed(beforeKeys) && keyed(afterKeys) && beforeKeys.join('\n') !== afterKeys.join('\n') && beforeKeys.length !== afterKeys.length) {
			const shown = (list, index) => label(list[index], index);
			afterKeys.forEach((key, index) => beforeKeys.includes(key) || out.push(`${at}${shown(after, index)}: added\n    after:  ${JSON.stringify(after[index]).slice(0, 300)}`));
			beforeKeys.forEach((key, index) => afterKeys.includes(key) || out.push(`${at}${shown(before, index)}: removed`));
			const common = beforeKeys.filter((key) => afterKeys.includes(key));
			if (common.join('\n') !== afterKeys.filter((key) => beforeKeys.includes(key)).join('\n')) out.push(`${at}: order of the members both have changed`);
			before.forEach((item, index) => {
				const match = afterKeys.indexOf(beforeKeys[index]);
				if (match >= 0) diff(item, after[match], `${at}${label(item, index)}`, out);
			});
			return;
		}
	}
	if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
		before.forEach((item, index) => diff(item, after[index], `${at}${label(item, index)}`, out));
		return;
	}
	const isObject = (value) => value && typeof value === 'object' && !Array.isArray(value);
	if (isObject(before) && isObject(after)) {
		for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) diff(before[key], after[key], `${at}.${key}`, out);
		return;
	}
	out.push(`${at}\n    before: ${JSON.stringify(before)?.slice(0, 300)}\n    after:  ${JSON.stringify(after)?.slice(0, 300)}`);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(path.join(work, 'source'), { recursive: true });
execFileSync('sh', ['-c', `git archive "$1" tsconfig.json nodes credentials | tar -x -C "$2"`, 'sh', revision, path.join(work, 'source')], {
	cwd: root,
	stdio: ['ignore', 'inherit', 'inherit'],
});
compile(path.join(work, 'source'), path.join(work, 'before'));
compile(root, path.join(work, 'after'));

const before = descriptions(path.join(work, 'before'));
const after = descriptions(path.join(work, 'after'));
const differences = [];
for (const node of Object.keys(before)) diff(before[node], after[node], node, differences);
rmSync(work, { recursive: true, force: true });

if (differences.length === 0) {
	console.log(`descriptions: identical to ${revision} (Kaizala, Kaizala Trigger, Kaizala API credential)`);
} else {
	console.log(`descriptions: ${differences.length} difference(s) from ${revision}`);
	for (const difference of differences) console.log(`  ${difference}`);
	process.exit(1);
}
