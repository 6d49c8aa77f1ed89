/** Action → Send → Media Attachment: an uploaded image, album, audio file, document or video with a caption. */
import { throwInvalid, optionalTextParameter, validOrThrow } from '../../../helpers/items';
import { checkMediaResource } from '../../../helpers/validation';
import type { ActionTypeModule } from './common';
import { forActionType } from './common';

const VALUE = 'attachment';
const ATTACHMENT_TYPES = ['Image', 'Audio', 'Document', 'Video', 'Album'];

export const attachment: ActionTypeModule = {
	option: {
		name: 'Media Attachment',
		value: VALUE,
		description: 'An uploaded image, album, audio file, document or video with a caption',
	},
	uses: [],
	fields: forActionType(VALUE, [
		{
			displayName: 'Attachment Type',
			name: 'attachmentType',
			type: 'options',
			default: 'Image',
			description: 'Must match the uploaded file; Media → Upload outputs it as <code>attachmentType</code>',
			options: [
				{ name: 'Album (Several Images)', value: 'Album' },
				{ name: 'Audio', value: 'Audio' },
				{ name: 'Document', value: 'Document' },
				{ name: 'Image', value: 'Image' },
				{ name: 'Video', value: 'Video' },
			],
		},
		{
			displayName: 'Media Resource',
			name: 'mediaResource',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.mediaResource }}',
			description: 'The <code>mediaResource</code> output of Media → Upload',
		},
		{
			displayName: 'Caption',
			name: 'caption',
			type: 'string',
			default: '',
			placeholder: 'e.g. Pump 4 after the repair',
			description: 'Text shown with the file, up to 4,000 characters',
		},
	]),
	request(ctx, itemIndex) {
		const attachmentType = String(ctx.getNodeParameter('attachmentType', itemIndex, 'Image'));
		if (!ATTACHMENT_TYPES.includes(attachmentType)) {
			throwInvalid(ctx, `is "${attachmentType}"; use one of ${ATTACHMENT_TYPES.join(', ')}`, 'Attachment Type', itemIndex);
		}
		const mediaResource = validOrThrow(ctx, checkMediaResource(ctx.getNodeParameter('mediaResource', itemIndex, '')), 'Media Resource', itemIndex);
		const caption = optionalTextParameter(ctx, 'caption', 'Caption', itemIndex).trim();
		return { actionType: attachmentType, actionBody: { mediaResource, caption } };
	},
};
