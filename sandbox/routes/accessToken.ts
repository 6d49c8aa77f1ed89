/**
 * Token service: `GET {apiRoot}/accessToken` exchanges connector id + secret + refresh token for
 * an access token and the endpointUrl to call. Not throttled (only the platform API is).
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { TokenServiceRoute } from '../app';
import { ApiError } from '../errors';

/** Header names as the reference spells them; Node hands them to us lower-cased. */
const REQUIRED_HEADERS = ['applicationId', 'applicationSecret', 'refreshToken'] as const;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined || text.trim() === '' ? undefined : text.trim();
}

export const accessTokenRoutes: TokenServiceRoute[] = [
	{
		method: 'GET',
		pattern: '/accessToken',
		body: 'none',
		handle({ app, headers }) {
			const missing = REQUIRED_HEADERS.filter((name) => headerValue(headers, name) === undefined);
			if (missing.length > 0) {
				throw new ApiError(400, 'MissingHeader', `Missing required header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
			}
			const result = app.connectors.exchange(
				headerValue(headers, 'applicationId') as string,
				headerValue(headers, 'applicationSecret') as string,
				headerValue(headers, 'refreshToken') as string,
			);
			return { body: result };
		},
	},
];
