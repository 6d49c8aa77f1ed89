/** Action → Send → Let's Meet: a meeting invitation with time, duration, place and agenda. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwInvalid, optionalTextParameter, textValue, validOrThrow } from '../../../helpers/items';
import { checkNumberInRange } from '../../../helpers/validation';
import { checkDateTime } from '../../../helpers/timeValidation';
import type { ActionTypeModule } from './common';
import { forActionType, titleParameter } from './common';

const VALUE = 'LetsMeet';

const meetingOptions: INodeProperties = {
	displayName: 'Options',
	name: 'meetingOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Place Latitude',
			name: 'placeLatitude',
			type: 'number',
			typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
			default: 0,
			description: 'Where the meeting is: latitude (needs the longitude too)',
		},
		{
			displayName: 'Place Longitude',
			name: 'placeLongitude',
			type: 'number',
			typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
			default: 0,
			description: 'Where the meeting is: longitude (needs the latitude too)',
		},
		{
			displayName: 'Place Name',
			name: 'placeName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Building 3, room 12',
		},
		{
			displayName: 'Summary Visible to Sender Only',
			name: 'isSenderOnly',
			type: 'boolean',
			default: false,
			description: 'Whether only the sender sees who accepted',
		},
	],
};

function meetingPlace(ctx: IExecuteFunctions, options: IDataObject, itemIndex: number): IDataObject | undefined {
	const hasLatitude = options.placeLatitude !== undefined;
	const hasLongitude = options.placeLongitude !== undefined;
	if (!hasLatitude && !hasLongitude && !options.placeName) return undefined;
	if (!hasLatitude) throwInvalid(ctx, 'is needed for a place (with the longitude)', 'Place Latitude', itemIndex);
	if (!hasLongitude) throwInvalid(ctx, 'is needed for a place (with the latitude)', 'Place Longitude', itemIndex);
	return {
		latitude: validOrThrow(ctx, checkNumberInRange(options.placeLatitude, -90, 90), 'Place Latitude', itemIndex),
		longitude: validOrThrow(ctx, checkNumberInRange(options.placeLongitude, -180, 180), 'Place Longitude', itemIndex),
		name: textValue(ctx, options.placeName, 'Place Name', itemIndex).trim(),
	};
}

/** ISO 8601 to the second, as the reference writes times (2018-01-01T00:00:00Z). */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const letsMeet: ActionTypeModule = {
	option: { name: "Let's Meet", value: VALUE, description: 'A meeting invitation with time, duration, place and agenda' },
	uses: ['title'],
	fields: forActionType(VALUE, [
		{
			displayName: 'Starts At',
			name: 'startingTime',
			type: 'dateTime',
			default: '',
			required: true,
		},
		{
			displayName: 'Duration (Minutes)',
			name: 'durationInMins',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 30,
		},
		{
			displayName: 'Agenda',
			name: 'agenda',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'e.g. Rota for next month',
		},
	]),
	options: forActionType(VALUE, [meetingOptions])[0],
	request(ctx, itemIndex) {
		const title = titleParameter(ctx, itemIndex);
		const start = validOrThrow(ctx, checkDateTime(ctx.getNodeParameter('startingTime', itemIndex, '')), 'Starts At', itemIndex);
		const durationInMins = validOrThrow(
			ctx,
			checkNumberInRange(ctx.getNodeParameter('durationInMins', itemIndex, 30), 1, 60 * 24 * 31),
			'Duration (Minutes)',
			itemIndex,
		);
		if (!Number.isInteger(durationInMins)) throwInvalid(ctx, `is ${durationInMins}; use whole minutes`, 'Duration (Minutes)', itemIndex);
		const agenda = optionalTextParameter(ctx, 'agenda', 'Agenda', itemIndex).trim();
		const options = ctx.getNodeParameter(meetingOptions.name, itemIndex, {}) as IDataObject;
		const place = meetingPlace(ctx, options, itemIndex);
		const actionBody: IDataObject = { title, startingTime: isoSeconds(start), durationInMins };
		if (agenda) actionBody.agenda = agenda;
		if (place) actionBody.place = place;
		if (options.isSenderOnly !== undefined) actionBody.isSenderOnly = options.isSenderOnly === true;
		return { actionType: VALUE, actionBody };
	},
};
