import { DEMO_GROUPS, type KaizalaSandbox } from '../../sandbox';
import { http, SandboxClient, startWithClient } from './helpers';

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function upload(files: { name: string; type: string; bytes: Buffer }[]): FormData {
	const form = new FormData();
	for (const file of files) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
	return form;
}

describe('/media', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	beforeEach(async () => {
		({ sandbox, client } = await startWithClient());
	});
	afterEach(() => sandbox.close());

	it('uploads an image, serves it back, and accepts the mediaResource in an Image action', async () => {
		const uploaded = await client.call('POST', 'media', upload([{ name: 'site photo.png', type: 'image/png', bytes: PNG_BYTES }]));
		expect(uploaded.status).toBe(200);
		expect(uploaded.body).toEqual({ mediaResource: expect.any(String) });
		const [media] = [...sandbox.state.media.values()];
		expect(media).toMatchObject({ fileName: 'site photo.png', contentType: 'image/png', mediaType: 'Image', size: PNG_BYTES.length });
		expect(sandbox.requests.at(-1)?.body).toEqual({
			files: [{ field: 'file', filename: 'site photo.png', contentType: 'image/png', size: PNG_BYTES.length }],
			fields: {},
		});

		const download = await fetch(media.url);
		expect(download.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await download.arrayBuffer()).equals(PNG_BYTES)).toBe(true);

		const posted = await client.call('POST', `groups/${DEMO_GROUPS.fieldTeam.groupId}/actions`, {
			actionType: 'Image',
			actionBody: { mediaResource: uploaded.body.mediaResource, caption: 'Site A' },
		});
		expect(posted.status).toBe(200);
		const listed = await client.call('GET', `groups/${DEMO_GROUPS.fieldTeam.groupId}/actions?actionType=Image`);
		expect(listed.body.actions[0].actionBody).toEqual({ imageUrl: media.url });
	});

	it('parses a hand-written multipart body with an RFC 5987 file name', async () => {
		const boundary = 'sandbox-boundary-42';
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="FileName"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\nContent-Type: application/pdf\r\n\r\n`),
			Buffer.from('%PDF-1.4 fake\r\n--not-the-boundary\r\n'),
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const result = await fetch(`${client.endpointUrl}v1/media`, {
			method: 'POST',
			headers: { accessToken: client.accessToken, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
			body,
		});
		expect(result.status).toBe(200);
		const [media] = [...sandbox.state.media.values()];
		expect(media.fileName).toBe('résumé.pdf');
		expect(media.mediaType).toBe('Document');
		expect(media.data.toString()).toBe('%PDF-1.4 fake\r\n--not-the-boundary\r\n');
		expect(sandbox.requests.at(-1)?.body).toMatchObject({ fields: { note: 'hello' } });
	});

	it('answers 415 for a file without a supported Content-Type, and for a JSON body', async () => {
		const noType = await client.call('POST', 'media', upload([{ name: 'x.bin', type: '', bytes: PNG_BYTES }]));
		expect(noType.status).toBe(415);
		expect(noType.body.errorCode).toBe('UnsupportedMediaType');
		const exe = await client.call('POST', 'media', upload([{ name: 'x.exe', type: 'application/x-msdownload', bytes: PNG_BYTES }]));
		expect(exe.status).toBe(415);
		expect((await client.call('POST', 'media', { file: 'base64...' })).status).toBe(415);
		expect(sandbox.state.media.size).toBe(0);
	});

	it('refuses an Image action with a made-up mediaResource, and serves 404 for unknown files', async () => {
		const result = await client.call('POST', `groups/${DEMO_GROUPS.fieldTeam.groupId}/actions`, {
			actionType: 'Image',
			actionBody: { mediaResource: Buffer.from('{"Files":[{"Id":"nope"}]}').toString('base64') },
		});
		expect(result.status).toBe(400);
		expect(result.body.errorCode).toBe('InvalidMediaResource');
		expect((await http(`${sandbox.origin}/media-files/nope/x.png`)).status).toBe(404);
	});
});
