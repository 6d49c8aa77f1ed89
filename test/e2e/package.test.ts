/**
 * Community-package hygiene, checked on the packed tarball n8n users install.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { REPO, run, tarball } from './support/n8n';

let unpacked: string;
let files: string[];

function walk(directory: string): string[] {
	return readdirSync(directory).flatMap((name) => {
		const path = join(directory, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

beforeAll(async () => {
	unpacked = mkdtempSync(join(tmpdir(), 'kaizala-packed-'));
	const result = await run('tar', ['-xzf', tarball(), '-C', unpacked]);
	expect(result.code).toBe(0);
	files = walk(join(unpacked, 'package')).map((path) => relative(join(unpacked, 'package'), path));
});

afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

describe('the packed package', () => {
	it('holds only dist/, README, LICENSE and package.json', () => {
		const outside = files.filter((file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file));
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		// The sandbox, tests and benchmarks are development tools, never shipped.
		expect(files.filter((file) => /sandbox|test|bench/.test(file))).toEqual([]);
	});

	it('ships every node and credential listed in package.json, with icons and codex files', () => {
		const manifest = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8')) as {
			dependencies?: Record<string, string>;
			peerDependencies?: Record<string, string>;
			keywords: string[];
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(['n8n-workflow']);
		expect(manifest.keywords).toContain('n8n-community-node-package');
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
		for (const node of manifest.n8n.nodes) {
			expect(files).toContain(node.replace(/\.node\.js$/, '.node.json'));
			const folder = node.slice(0, node.lastIndexOf('/'));
			expect(files.filter((file) => file.startsWith(folder) && file.endsWith('.svg')).length).toBeGreaterThanOrEqual(2);
		}
	});

	it('imports nothing at run time but n8n-workflow, crypto and its own files', () => {
		const required = new Set<string>();
		for (const file of files.filter((name) => name.endsWith('.js'))) {
			const source = readFileSync(join(unpacked, 'package', file), 'utf8');
			for (const match of source.matchAll(/require\("([^"]+)"\)/g)) {
				if (!match[1].startsWith('.')) required.add(match[1]);
			}
		}
		expect([...required].sort()).toEqual(['crypto', 'n8n-workflow']);
	});

	it('passes the n8n community-node lint with 0 errors', async () => {
		const root = join(unpacked, 'package');
		// The plugin's rules for package.json and for compiled node/credential classes.
		writeFileSync(
			join(root, 'eslint.config.mjs'),
			[
				`import { n8nCommunityNodesPlugin } from '${join(REPO, 'node_modules/@n8n/eslint-plugin-community-nodes/dist/plugin.js')}';`,
				`import tseslint from '${join(REPO, 'node_modules/typescript-eslint/dist/index.js')}';`,
				'export default [',
				"  { files: ['**/*.js'], languageOptions: { parser: tseslint.parser, sourceType: 'commonjs' } },",
				"  { files: ['**/package.json'], languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } } },",
				'  n8nCommunityNodesPlugin.configs.recommended,',
				'];',
			].join('\n'),
		);
		const result = await run(
			join(REPO, 'node_modules/.bin/eslint'),
			['--format', 'json', '--no-warn-ignored', 'package.json', 'dist'],
			{ cwd: root, env: process.env },
		);
		const reports = JSON.parse(result.stdout) as Array<{ filePath: string; errorCount: number; messages: Array<{ ruleId: string; message: string; severity: number }> }>;
		const errors = reports.flatMap((report) =>
			report.messages
				.filter((m) => m.severity === 2)
				.map((m) => `${relative(root, report.filePath)}: ${m.ruleId} ${m.message}`),
		);
		expect(reports.map((report) => relative(root, report.filePath))).toContain('package.json');
		expect(reports.filter((report) => report.filePath.endsWith('.node.js')).length).toBeGreaterThanOrEqual(1);
		expect(errors).toEqual([]);

		// The lint is live: the same package.json with a runtime dependency fails it.
		const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
		mkdirSync(join(root, 'control'));
		writeFileSync(join(root, 'control/package.json'), JSON.stringify({ ...manifest, dependencies: { 'left-pad': '1.3.0' } }));
		const control = await run(join(REPO, 'node_modules/.bin/eslint'), ['--format', 'json', 'control/package.json'], {
			cwd: root,
			env: process.env,
		});
		expect(control.stdout).toContain('no-runtime-dependencies');
	});
});
