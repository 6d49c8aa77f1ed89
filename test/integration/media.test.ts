/**
 * Media → Upload from binary fields and from a URL (served by a real loopback server), against
 * the sandbox: what multipart reached POST /media, and what the node output.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, nodeRunner, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

// A 1×1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let fixture: Fixture;
let fileServer: Server;
let fileOrigin: string;
/** Requests the file server received: path and headers. */
let downloads: Array<{ path: string; headers: IncomingHttpHeaders }>;

beforeAll(async () => {
	fileServer = createServer((request, response) => {
		downloads.push({ path: request.url ?? '', headers: request.headers });
		if (request.url === '/photos/site-photo.png') {
			response.writeHead(200, { 'content-type': 'image/png' });
			response.end(PNG);
		} else if (request.url === '/download?id=7') {
			// No useful content type and no extension: the node must be told the type.
			response.writeHead(200, { 'content-type': 'application/octet-stream' });
			response.end(PDF);
		} else {
			response.writeHead(404, { 'content-type': 'text/plain' });
			response.end('not here');
		}
	});
	await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
	fileOrigin = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise((resolve) => fileServer.close(resolve)));
beforeEach(async () => {
	downloads = [];
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

const upload = nodeRunner(() => fixture, { resource: 'media', operation: 'upload' });

function uploads() {
	return fixture.requestsFor('POST /media');
}

function binaryItem(fields: Record<string, { data: Buffer; mimeType: string; fileName: string }>): INodeExecutionData {
	return {
		json: {},
		binary: Object.fromEntries(
			Object.entries(fields).map(([name, file]) => [name, { data: file.data.toString('base64'), mimeType: file.mimeType, fileName: file.fileName }]),
		),
	};
}

describe('Media → Upload from a binary field', () => {
	it('sends the file as a multipart "files" part and outputs the media resource, usable in an image action', async () => {
		const { output, error } = await upload(
			{ source: 'binary', binaryPropertyName: 'photo' },
			{ items: [binaryItem({ photo: { data: PNG, mimeType: 'image/png', fileName: 'pump.png' } })] },
		);
		expect(error).toBeUndefined();

		const [request] = uploads();
		expect(uploads()).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.path).toMatch(/\/v1\/media$/);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.body).toEqual({ files: [{ field: 'files', filename: 'pump.png', contentType: 'image/png', size: PNG.length }], fields: {} });
		expect(request.status).toBe(200);

		expect(output).toEqual([
			{
				json: {
					mediaResource: expect.any(String),
					attachmentType: 'Image',
					files: [{ fileName: 'pump.png', mimeType: 'image/png', fileSize: PNG.length }],
				},
				pairedItem: { item: 0 },
			},
		]);
		const stored = [...fixture.sandbox.state.media.values()];
		expect(stored.map((media) => [media.fileName, media.contentType, media.data.equals(PNG)])).toEqual([['pump.png', 'image/png', true]]);
		expectNoSecrets(output, fixture.secrets());

		// The media resource is accepted by an Image action.
		const sent = await runKaizalaNode({
			parameters: {
				resource: 'action',
				operation: 'send',
				groupId: { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId },
				actionType: 'attachment',
				attachmentType: 'Image',
				mediaResource: output[0].json.mediaResource as string,
				caption: 'New pump',
			},
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(sent.error).toBeUndefined();
		expect(fixture.sandbox.state.actions.get(sent.output[0].json.actionId as string)?.kind).toBe('Image');
	});

	it('uploads several image fields together as an album', async () => {
		const { output, error } = await upload(
			{ source: 'binary', binaryPropertyName: 'front, back' },
			{
				items: [
					binaryItem({
						front: { data: PNG, mimeType: 'image/png', fileName: 'front.png' },
						back: { data: PNG, mimeType: 'image/jpeg', fileName: 'back.jpg' },
					}),
				],
			},
		);
		expect(error).toBeUndefined();
		expect(uploads().map((r) => r.body)).toEqual([
			{
				files: [
					{ field: 'files', filename: 'front.png', contentType: 'image/png', size: PNG.length },
					{ field: 'files', filename: 'back.jpg', contentType: 'image/jpeg', size: PNG.length },
				],
				fields: {},
			},
		]);
		expect(output[0].json).toMatchObject({ mediaResource: expect.any(String), attachmentType: 'Album' });
	});

	it('declares the type from the file extension when the binary says application/octet-stream', async () => {
		const { output, error } = await upload(
			{ source: 'binary' },
			{ items: [binaryItem({ data: { data: PDF, mimeType: 'application/octet-stream', fileName: 'rota.pdf' } })] },
		);
		expect(error).toBeUndefined();
		expect(uploads()[0].body).toEqual({ files: [{ field: 'files', filename: 'rota.pdf', contentType: 'application/pdf', size: PDF.length }], fields: {} });
		expect(output[0].json).toMatchObject({ attachmentType: 'Document', files: [{ fileName: 'rota.pdf', mimeType: 'application/pdf', fileSize: PDF.length }] });
	});

	it('refuses a missing binary field, naming the field and the item, before any request', async () => {
		const { output, error } = await upload(
			{ source: 'binary', binaryPropertyName: 'photo' },
			{ items: [{ json: { no: 'file' } }] },
		);
		expect(output).toEqual([]);
		expect(error?.message).toBe('Input Binary Field "photo" is not a binary field of this item (it has no binary data) [item 0]');
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('refuses a file type Kaizala does not accept, before any request', async () => {
		const { error } = await upload(
			{ source: 'binary' },
			{ items: [binaryItem({ data: { data: Buffer.from('hello'), mimeType: 'text/plain', fileName: 'notes.txt' } })] },
		);
		expect(error?.message).toMatch(/^Input Binary Field gives "notes.txt" \(text\/plain\), a format Kaizala does not accept/);
		expect(fixture.platformRequests()).toEqual([]);
	});

	it('with Continue On Fail, uploads the items that have the file and reports the one that does not', async () => {
		const { output } = await upload(
			{ source: 'binary' },
			{
				items: [
					binaryItem({ data: { data: PNG, mimeType: 'image/png', fileName: 'a.png' } }),
					binaryItem({ other: { data: PNG, mimeType: 'image/png', fileName: 'b.png' } }),
					binaryItem({ data: { data: PDF, mimeType: 'application/pdf', fileName: 'c.pdf' } }),
				],
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.mediaResource).toEqual(expect.any(String));
		expect(output[1].json).toEqual({
			error: 'Input Binary Field "data" is not a binary field of this item (it has "other") [item 1]',
			description: 'Fix the "Input Binary Field" field of item 1; nothing was sent to Kaizala for this item.',
		});
		expect(output[2].json.attachmentType).toBe('Document');
		expect(uploads().map((r) => (r.body as { files: Array<{ filename: string }> }).files[0].filename)).toEqual(['a.png', 'c.pdf']);
	});
});

describe('Media → Upload from a URL', () => {
	it('downloads the file without any Kaizala credential, then uploads it', async () => {
		const { output, error } = await upload({ source: 'url', fileUrl: `${fileOrigin}/photos/site-photo.png` });
		expect(error).toBeUndefined();
		expect(downloads.map((d) => d.path)).toEqual(['/photos/site-photo.png']);
		expect(Object.keys(downloads[0].headers)).not.toContain('accesstoken');
		expectNoSecrets(downloads, fixture.secrets());

		expect(uploads().map((r) => [r.method, r.route, r.body])).toEqual([
			['POST', 'POST /media', { files: [{ field: 'files', filename: 'site-photo.png', contentType: 'image/png', size: PNG.length }], fields: {} }],
		]);
		expect(output[0].json).toEqual({
			mediaResource: expect.any(String),
			attachmentType: 'Image',
			files: [{ fileName: 'site-photo.png', mimeType: 'image/png', fileSize: PNG.length }],
		});
	});

	it('takes the file name and MIME type from the options when the URL gives neither', async () => {
		const { output, error } = await upload({
			source: 'url',
			fileUrl: `${fileOrigin}/download?id=7`,
			uploadOptions: { fileName: 'rota.pdf', mimeType: 'application/pdf' },
		});
		expect(error).toBeUndefined();
		expect(uploads()[0].body).toEqual({ files: [{ field: 'files', filename: 'rota.pdf', contentType: 'application/pdf', size: PDF.length }], fields: {} });
		expect(output[0].json.attachmentType).toBe('Document');
	});

	it('reports a failed download by field and item, and sends nothing to Kaizala', async () => {
		const missing = await upload({ source: 'url', fileUrl: `${fileOrigin}/photos/gone.png` });
		expect(missing.error?.message).toBe(`File URL could not be downloaded: the server answered HTTP 404 for ${fileOrigin}/photos/gone.png [item 0]`);
		const notUrl = await upload({ source: 'url', fileUrl: 'ftp://example.com/a.png' });
		expect(notUrl.error?.message).toBe('File URL "ftp://example.com/a.png" must be an http or https URL [item 0]');
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('rebuilds the multipart body when a 401 forces a retry', async () => {
		await runKaizalaNode({ parameters: { resource: 'accessToken', operation: 'get' }, store: fixture.store, credential: fixture.credential });
		fixture.sandbox.expireAccessTokens();
		fixture.sandbox.clearLog();
		const { error } = await upload({ source: 'url', fileUrl: `${fileOrigin}/photos/site-photo.png` });
		expect(error).toBeUndefined();
		expect(uploads().map((r) => [r.status, (r.body as { files?: Array<{ size: number }> }).files?.[0]?.size])).toEqual([
			[401, PNG.length],
			[200, PNG.length],
		]);
		expect(fixture.sandbox.state.media.size).toBe(1);
	});
});
