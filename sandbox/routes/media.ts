/**
 * /media: multipart upload of images, audio, documents and video (the formats the reference
 * lists). Each file part must carry its own MIME type, otherwise 415, as documented. Several
 * images in one upload form an album. Returns `{ mediaResource }` for use in media actions,
 * announcements, poll choices and survey answers.
 *
 * The reference documents no upload-from-URL: files must be sent as multipart parts.
 * The uploaded bytes are served back at `/media-files/<mediaId>/<fileName>` without a token,
 * standing in for the real CDN links that appear in listings and webhook payloads.
 */
import type { PlatformRoute } from '../app';
import { ApiError, invalidRequest, notFound } from '../errors';
import type { MultipartBody } from '../http/multipart';
import { newId } from '../ids';
import { encodeMediaResource, mediaTypeForMime, SUPPORTED_MEDIA_MIME_TYPES, type MediaResourceType } from '../media/mediaResource';
import type { RouteDefinition } from '../router';
import type { FileRequest } from '../server';
import type { MediaRecord } from '../state';

export const mediaRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/media',
		body: 'multipart',
		handle({ app, principal, body }) {
			const { files } = body as MultipartBody;
			if (files.length === 0) throw invalidRequest('The multipart body contains no file part', 'NoFile');

			const records: MediaRecord[] = files.map((file) => {
				const mediaType = mediaTypeForMime(file.contentType);
				if (!mediaType) {
					throw new ApiError(
						415,
						'UnsupportedMediaType',
						`File '${file.filename}' has Content-Type '${file.contentType || '(none)'}'; supported: ${SUPPORTED_MEDIA_MIME_TYPES.join(', ')}`,
					);
				}
				if (file.data.length === 0) throw invalidRequest(`File '${file.filename}' is empty`);
				const mediaId = newId();
				const fileName = file.filename || `${mediaId}.bin`;
				return {
					mediaId,
					fileName,
					contentType: file.contentType,
					mediaType,
					size: file.data.length,
					data: file.data,
					url: `${app.origin}/media-files/${mediaId}/${encodeURIComponent(fileName)}`,
					uploadedByUserId: principal.user.userId,
					uploadedAt: app.now(),
				};
			});

			let type: MediaResourceType = records[0].mediaType;
			if (records.length > 1) {
				if (records.some((record) => record.mediaType !== 'Image')) {
					throw invalidRequest('Only images can be uploaded together (as an album); upload other files one at a time');
				}
				type = 'Album';
			}
			for (const record of records) app.state.media.set(record.mediaId, record);
			return { body: { mediaResource: encodeMediaResource(type, records) } };
		},
	},
];

/** Mounted at /media-files: the stand-in CDN. */
export const mediaFileRoutes: RouteDefinition<FileRequest>[] = [
	{
		method: 'GET',
		pattern: '/:mediaId/:fileName',
		body: 'none',
		handle({ app, params }) {
			const media = app.state.media.get(params.mediaId);
			if (!media) throw notFound('MediaNotFound', `No uploaded file with id '${params.mediaId}'`);
			return { raw: { contentType: media.contentType, data: media.data } };
		},
	},
];
