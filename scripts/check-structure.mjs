// Checks the layout rules of docs/ARCHITECTURE.md on nodes/ and credentials/: no import circle
// (type-only imports included), nothing under nodes/Kaizala/ imports nodes/KaizalaTrigger/, and
// no source file over 300 lines. Prints each breach; exit 1 when there is one.
// Usage: node scripts/check-structure.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');
const MAX_LINES = 300;

function sourceFiles(relative) {
	return readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
		const file = path.posix.join(relative, entry.name);
		if (entry.isDirectory()) return sourceFiles(file);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
	});
}

/** The package file a relative specifier names (file.ts or folder/index.ts), or undefined. */
function resolve(from, specifier) {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	return [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(path.join(root, candidate)));
}

const files = [...sourceFiles('nodes'), ...sourceFiles('credentials')];
const imports = new Map(
	files.map((file) => {
		const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
		return [file, [...new Set(importedFiles.map(({ fileName }) => resolve(file, fileName)).filter(Boolean))]];
	}),
);

const problems = [];

for (const [file, targets] of imports) {
	if (!file.startsWith('nodes/Kaizala/')) continue;
	for (const target of targets) if (target.startsWith('nodes/KaizalaTrigger/')) problems.push(`${file} imports ${target} (the trigger imports from the node, never the reverse)`);
}

for (const file of files) {
	const lines = readFileSync(path.join(root, file), 'utf8').split('\n').length - 1;
	if (lines > MAX_LINES) problems.push(`${file} has ${lines} lines (at most ${MAX_LINES})`);
}

// Depth-first search; a file met again while still on the path closes a circle.
const state = new Map();
const seenCircles = new Set();
function visit(file, trail) {
	state.set(file, 'open');
	for (const target of imports.get(file) ?? []) {
		if (state.get(target) === 'open') {
			const onPath = [...trail, file];
			const circle = [...onPath.slice(onPath.indexOf(target)), target];
			const name = [...circle.slice(0, -1)].sort().join(' ');
			if (!seenCircles.has(name)) {
				seenCircles.add(name);
				problems.push(`import circle: ${circle.join(' → ')}`);
			}
		} else if (!state.has(target)) visit(target, [...trail, file]);
	}
	state.set(file, 'done');
}
for (const file of files) if (!state.has(file)) visit(file, []);

for (const problem of problems) console.log(problem);
console.log(
	problems.length === 0
		? `structure: ${files.length} files, no import circle, nodes/Kaizala/ never imports nodes/KaizalaTrigger/, none over ${MAX_LINES} lines`
		: `structure: ${problems.length} problem(s)`,
);
process.exit(problems.length === 0 ? 0 : 1);
