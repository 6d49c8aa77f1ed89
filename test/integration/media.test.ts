/**
 * Media → Upload from a binary field and from a URL (served by a real loopback server).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData } from 'n8n-workflow';

import type { Fixture } from '../helpers/fixtures';
import { startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

// A 1×1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

let fixture: Fixture;
let fileServer: Server;
let fileUrl: string;

beforeAll(async () => {
	fileServer = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'image/png' });
		response.end(PNG);
	});
	await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
	fileUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}/photos/site-photo.png`;
});
afterAll(async () => new Promise((resolve) => fileServer.close(resolve)));
beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function uploads() {
	return fixture.requestsFor('POST /media');
}

describe('Media → Upload', () => {
	it('uploads an item binary field as multipart and returns the media resource', async () => {
		const items: INodeExecutionData[] = [
			{ json: {}, binary: { photo: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'pump.png' } } },
		];
		const { output, error } = await runKaizalaNode({
			parameters: { resource: 'media', operation: 'upload', source: 'binary', binaryPropertyName: 'photo' },
			items,
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(error).toBeUndefined();
		expect(uploads().map((r) => r.body)).toEqual([
			expect.objectContaining({ files: [expect.objectContaining({ filename: 'pump.png', contentType: 'image/png', size: PNG.length })] }),
		]);
		expect(output[0].json.mediaResource).toEqual(expect.any(String));

		// The media resource works in an announcement.
		const announced = await runKaizalaNode({
			parameters: {
				resource: 'action',
				operation: 'send',
				groupId: { __rl: true, mode: 'id', value: 'a0000000-f1e1-4000-8000-000000000001' },
				actionType: 'Announcement',
				title: 'New pump',
				message: 'Installed today.',
				mediaResources: output[0].json.mediaResource as string,
			},
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(announced.error).toBeUndefined();
	});

	it('downloads a file from a URL, then uploads it', async () => {
		const { output, error } = await runKaizalaNode({
			parameters: { resource: 'media', operation: 'upload', source: 'url', fileUrl },
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(error).toBeUndefined();
		expect(uploads()[0].body).toEqual(
			expect.objectContaining({ files: [expect.objectContaining({ filename: 'site-photo.png', contentType: 'image/png', size: PNG.length })] }),
		);
		expect(output[0].json.mediaResource).toEqual(expect.any(String));
	});

	it('rebuilds the multipart body when a 401 forces a retry', async () => {
		await runKaizalaNode({ parameters: { resource: 'accessToken', operation: 'get' }, store: fixture.store, credential: fixture.credential });
		fixture.sandbox.expireAccessTokens();
		fixture.sandbox.clearLog();
		const { error } = await runKaizalaNode({
			parameters: { resource: 'media', operation: 'upload', source: 'url', fileUrl },
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(error).toBeUndefined();
		expect(uploads().map((r) => [r.status, (r.body as { files?: Array<{ size: number }> }).files?.[0]?.size])).toEqual([
			[401, PNG.length],
			[200, PNG.length],
		]);
	});

	it('refuses a missing binary field before any request', async () => {
		const { error } = await runKaizalaNode({
			parameters: { resource: 'media', operation: 'upload', source: 'binary', binaryPropertyName: 'photo' },
			items: [{ json: { no: 'file' } }],
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(error?.message).toMatch(/Input Binary Field "photo" is not a binary field of this item \[item 0\]/);
		expect(fixture.sandbox.requests).toEqual([]);
	});
});
