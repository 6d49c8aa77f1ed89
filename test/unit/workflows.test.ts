/**
 * The release workflows are what CONTRIBUTING.md's "Releasing" describes: parsed as YAML, with the steps
 * that gate a publish. Nothing here can reach a registry; the shell steps that can run locally do.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repo = join(__dirname, '../..');
type Step = { name?: string; run?: string; uses?: string };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { steps: Step[]; permissions?: Record<string, string> }> };
const workflow = (name: string) => parse(readFileSync(join(repo, '.github/workflows', name), 'utf8')) as Workflow;
const runs = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));

describe('GitHub Actions workflows', () => {
	it('ci.yml builds, lints, type-checks, tests and runs the e2e and queue-mode suites, in n8n 2.41.0 and 1.x', () => {
		const commands = runs(workflow('ci.yml'));
		for (const command of ['npm ci', 'npm run build', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run test:e2e', 'npm run test:queue', 'npm run test:compat', 'npm run test:compat:queue']) {
			expect(commands.some((run) => run.includes(command))).toBe(true);
		}
	});

	it('publish.yml runs on version tags and publishes with provenance after the checks', () => {
		const wf = workflow('publish.yml');
		expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
		expect(wf.jobs.publish.permissions?.['id-token']).toBe('write');
		const commands = runs(wf);
		expect(commands).toContain('npm publish --provenance --access public');
		expect(commands.some((run) => run.includes('npm test'))).toBe(true);
	});

	it('the tag and changelog checks pass for this version and refuse another', () => {
		const steps = workflow('publish.yml').jobs.test.steps;
		const tagCheck = steps.find((step) => step.name?.startsWith('Tag matches'))!.run!;
		const changelogCheck = steps.find((step) => step.name?.startsWith('CHANGELOG'))!.run!;
		const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
		const sh = (script: string, tag: string) => {
			try {
				execFileSync('bash', ['-c', script], { cwd: repo, env: { ...process.env, GITHUB_REF_NAME: tag }, stdio: 'ignore' });
				return 'passes';
			} catch {
				return 'fails';
			}
		};
		expect(sh(tagCheck, `v${version}`)).toBe('passes');
		expect(sh(changelogCheck, `v${version}`)).toBe('passes');
		expect(sh(tagCheck, 'v99.0.0')).toBe('fails');
		expect(sh(changelogCheck, 'v99.0.0')).toBe('fails');
	});

	it('package.json links agree with the credential documentation URL', () => {
		const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
		const base = 'https://github.com/n8n-nodes-kaizala/n8n-nodes-kaizala';
		expect(pkg.homepage.startsWith(base)).toBe(true);
		expect(pkg.bugs.url).toBe(`${base}/issues`);
		expect(pkg.repository.url).toBe(`git+${base}.git`);
		expect(readFileSync(join(repo, 'credentials/KaizalaApi.credentials.ts'), 'utf8')).toContain(`'${base}#credentials'`);
	});
});
