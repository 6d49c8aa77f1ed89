/**
 * Headless Chromium (Debian's chromium, driven by playwright-core) for the editor tests:
 * one browser per test file, a page per suite, screenshots in test-artifacts/editor/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { REPO } from './n8n';

export const ARTIFACTS = join(REPO, 'test-artifacts/editor');
const CHROMIUM = process.env.KAIZALA_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-component-update',
	'--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
	mkdirSync(ARTIFACTS, { recursive: true });
	// n8n's editor marks its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	context.setDefaultTimeout(30_000);
	return { context, page: await context.newPage() };
}

export async function shot(page: Page, name: string): Promise<string> {
	const path = join(ARTIFACTS, `${name}.png`);
	await page.screenshot({ path });
	return path;
}

/** Runs a test body; on failure keeps a screenshot named after it. */
export async function withFailureShot(page: () => Page | undefined, name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
	} catch (error) {
		const current = page();
		if (current) await shot(current, `FAILED-${name}`).catch(() => undefined);
		throw error;
	}
}
