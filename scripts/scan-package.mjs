// n8n's verification scan, run locally: the analysis of @n8n/scan-community-package (the lint
// rules of `n8n-node lint`, inline eslint-disable comments ignored) on the source and on the
// packed tarball, as n8n runs it on a published version, plus a negative control for each leg
// that must fail, so a scan that silently checks nothing cannot pass.
// Run after `npm run build` (the tarball is packed from dist/). Usage: node scripts/scan-package.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scan's own tarball leg: compiled JavaScript and the published package.json.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so the rules resolve n8n-workflow from its node_modules as they do in the scan.
const work = path.join(root, '.build', 'scan');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

let failures = 0;
async function expectScan(label, dir, patterns, shouldPass, mustMention = []) {
	const started = Date.now();
	const result = await analyzePackage(dir, patterns);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const details = result.details ?? '';
	const missing = mustMention.filter((text) => !details.includes(text));
	const ok = result.passed === shouldPass && missing.length === 0;
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${result.passed ? 'passed' : `failed (${result.message})`} in ${seconds} s`);
	if (!ok) {
		failures++;
		if (missing.length) console.log(`     expected the findings to name: ${missing.join(', ')}`);
		if (details) console.log(details);
	}
}

function unpackTarball(into) {
	mkdirSync(into, { recursive: true });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', into, '--strip-components=1']);
	return into;
}

// A finding n8n's gate reports even with an inline disable beside it.
const VIOLATION = [
	'',
	'// eslint-disable-next-line no-console',
	"console.log('negative control');",
	'',
].join('\n');

await expectScan('source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS, true);

const tarball = unpackTarball(path.join(work, 'package'));
await expectScan('packed tarball (dist/**/*.js, package.json)', tarball, TARBALL_FILE_PATTERNS, true);

const source = path.join(work, 'negative-source');
mkdirSync(source);
for (const entry of ['package.json', 'nodes', 'credentials']) cpSync(path.join(root, entry), path.join(source, entry), { recursive: true });
const nodeFile = path.join(source, 'nodes', 'Kaizala', 'Kaizala.node.ts');
writeFileSync(nodeFile, readFileSync(nodeFile, 'utf8') + VIOLATION);
// And one of eslint-plugin-n8n-nodes-base's node rules, to show that ruleset is applied too.
const subGroupFile = path.join(source, 'nodes', 'Kaizala', 'actions', 'subGroup', 'index.ts');
const subGroup = readFileSync(subGroupFile, 'utf8');
if (!subGroup.includes("'Create a subgroup'")) throw new Error('negative control: the Sub-Group Create action moved');
writeFileSync(subGroupFile, subGroup.replace("'Create a subgroup'", "'Create a Sub-Group'"));
await expectScan('negative control: source with an inline-disabled console.log and a miscased action', source, SOURCE_FILE_PATTERNS, false, [
	'Kaizala.node.ts',
	'no-console',
	'n8n-nodes-base/node-param-operation-option-action-miscased',
]);

const packedNode = path.join(tarball, 'dist', 'nodes', 'Kaizala', 'Kaizala.node.js');
writeFileSync(packedNode, readFileSync(packedNode, 'utf8') + VIOLATION);
await expectScan('negative control: tarball with an inline-disabled console.log', tarball, TARBALL_FILE_PATTERNS, false, [
	'Kaizala.node.js',
	'no-console',
]);

rmSync(work, { recursive: true, force: true });
if (failures) {
	console.log(`n8n verification scan: ${failures} check(s) did not go as expected`);
	process.exit(1);
}
console.log('n8n verification scan: source and tarball pass; both negative controls fail as they must');
