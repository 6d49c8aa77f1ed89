/**
 * The upload formats media.md lists, with the MIME type each is sent as. Kaizala answers 415 to
 * a file part without one of these types, so the node settles the type before uploading.
 */

export type AttachmentType = 'Image' | 'Audio' | 'Document' | 'Video';

const MIME_BY_EXTENSION: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	pdf: 'application/pdf',
	mp4: 'video/mp4',
	'3gp': 'video/3gpp',
	'3gpp': 'video/3gpp',
};

/** Other spellings of the accepted types that sources send. */
const MIME_ALIASES: Record<string, string> = {
	'image/jpg': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
	'audio/mp3': 'audio/mpeg',
	'audio/x-wav': 'audio/wav',
	'audio/wave': 'audio/wav',
	'audio/vnd.wave': 'audio/wav',
};

const ACCEPTED_MIME_TYPES = new Set(Object.values(MIME_BY_EXTENSION));

export const SUPPORTED_FORMATS = 'images (JPEG, PNG), audio (MP3, WAV), documents (PDF, Word, Excel, PowerPoint) and video (MP4, 3GPP)';

/** Downloads for Upload From URL give up after this long. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

function normalise(mimeType: string | undefined): string | undefined {
	const bare = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (!bare) return undefined;
	const canonical = MIME_ALIASES[bare] ?? bare;
	return ACCEPTED_MIME_TYPES.has(canonical) ? canonical : undefined;
}

/** The type as Kaizala expects it, or undefined when Kaizala does not accept it. */
export function acceptedMimeType(mimeType: string | undefined): string | undefined {
	return normalise(mimeType);
}

/**
 * The MIME type to declare for a file: the given type when Kaizala accepts it, otherwise the
 * type its extension implies (sources often say application/octet-stream); undefined if neither.
 */
export function mimeTypeFor(fileName: string, givenMimeType: string | undefined): string | undefined {
	const given = normalise(givenMimeType);
	if (given) return given;
	const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
	return extension ? MIME_BY_EXTENSION[extension] : undefined;
}

/** The media action type a file of this MIME type is sent as (media.md's ActionType column). */
export function attachmentTypeOf(mimeType: string): AttachmentType {
	if (mimeType.startsWith('image/')) return 'Image';
	if (mimeType.startsWith('audio/')) return 'Audio';
	if (mimeType.startsWith('video/')) return 'Video';
	return 'Document';
}

/** The last path segment of a URL, decoded; `file` when there is none. */
export function fileNameFromUrl(url: string): string {
	const segment = new URL(url).pathname.split('/').pop() ?? '';
	try {
		return decodeURIComponent(segment) || 'file';
	} catch {
		return segment || 'file';
	}
}
