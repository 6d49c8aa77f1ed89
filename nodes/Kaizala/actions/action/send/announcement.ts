/** Action → Send → Announcement: a titled message, optionally with images. */
import { messageField } from '../../../helpers/descriptions';
import { messageTextParameter, validOrThrow } from '../../../helpers/items';
import { checkMediaResourceList } from '../../../helpers/validation';
import type { ActionTypeModule } from './common';
import { forActionType, titleParameter } from './common';

const VALUE = 'Announcement';

export const announcement: ActionTypeModule = {
	option: { name: 'Announcement', value: VALUE, description: 'A titled message, optionally with images' },
	uses: ['title'],
	fields: forActionType(VALUE, [
		messageField(undefined, { placeholder: 'e.g. Helmets on, everyone.', description: 'The announcement text, up to 4,000 characters' }),
		{
			displayName: 'Images',
			name: 'mediaResources',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.mediaResource }}',
			description:
				'Media resources of uploaded images (the <code>mediaResource</code> output of Media → Upload), as a list or separated by commas',
		},
	]),
	request(ctx, itemIndex) {
		const title = titleParameter(ctx, itemIndex);
		const message = messageTextParameter(ctx, 'message', 'Message', itemIndex);
		const mediaResources = validOrThrow(ctx, checkMediaResourceList(ctx.getNodeParameter('mediaResources', itemIndex, '')), 'Images', itemIndex);
		return { actionType: VALUE, actionBody: { title, message, ...(mediaResources.length ? { mediaResources } : {}) } };
	},
};
