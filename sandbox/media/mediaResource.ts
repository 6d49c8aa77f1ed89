/**
 * Media resources: what POST /media returns and media actions take back. The real service
 * returned an opaque base64 string (it decoded to JSON listing the uploaded files); the sandbox
 * mimics that shape, so clients that treat it as opaque behave the same against both.
 */
import { invalidRequest } from '../errors';
import type { MediaRecord, MediaType, SandboxState } from '../state';

/** The supported upload formats of the reference, by MIME type. */
const MEDIA_TYPES_BY_MIME: Record<string, MediaType> = {
	'image/jpeg': 'Image',
	'image/jpg': 'Image',
	'image/png': 'Image',
	'audio/mpeg': 'Audio',
	'audio/mp3': 'Audio',
	'audio/wav': 'Audio',
	'audio/x-wav': 'Audio',
	'audio/wave': 'Audio',
	'application/msword': 'Document',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Document',
	'application/vnd.ms-excel': 'Document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Document',
	'application/vnd.ms-powerpoint': 'Document',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'Document',
	'application/pdf': 'Document',
	'video/mp4': 'Video',
	'video/3gpp': 'Video',
};

export const SUPPORTED_MEDIA_MIME_TYPES = Object.keys(MEDIA_TYPES_BY_MIME);

export function mediaTypeForMime(contentType: string): MediaType | undefined {
	const mime = contentType.split(';')[0].trim().toLowerCase();
	return MEDIA_TYPES_BY_MIME[mime];
}

/** 'Album' when several images were uploaded together. */
export type MediaResourceType = MediaType | 'Album';

interface EncodedResource {
	Thumbnail: string;
	ActionType: MediaResourceType;
	Files: { Id: string; Name: string; Size: number; Url: string }[];
}

export function encodeMediaResource(type: MediaResourceType, files: MediaRecord[]): string {
	const resource: EncodedResource = {
		Thumbnail: '',
		ActionType: type,
		Files: files.map((file) => ({ Id: file.mediaId, Name: file.fileName, Size: file.size, Url: file.url })),
	};
	return Buffer.from(JSON.stringify(resource)).toString('base64');
}

export interface ResolvedMedia {
	type: MediaResourceType;
	files: MediaRecord[];
}

/** The uploaded files a mediaResource string names; 400 InvalidMediaResource otherwise. */
export function resolveMediaResource(state: SandboxState, resource: unknown, label: string): ResolvedMedia {
	const invalid = (why: string) =>
		invalidRequest(`${label} is not a mediaResource returned by POST /media (${why})`, 'InvalidMediaResource');
	if (typeof resource !== 'string' || resource === '') throw invalid('not a string');
	let decoded: EncodedResource;
	try {
		decoded = JSON.parse(Buffer.from(resource, 'base64').toString('utf8')) as EncodedResource;
	} catch {
		throw invalid('cannot be decoded');
	}
	if (!decoded || !Array.isArray(decoded.Files) || decoded.Files.length === 0) throw invalid('lists no files');
	const files = decoded.Files.map((file) => state.media.get(String(file?.Id)));
	if (files.some((file) => file === undefined)) throw invalid('names a file this sandbox does not hold');
	return { type: decoded.ActionType, files: files as MediaRecord[] };
}
