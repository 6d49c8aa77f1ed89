/**
 * Every user-facing credential error keeps its own words through n8n's NodeApiError, the
 * wrapper n8n 2.41.0 puts around an error thrown in preAuthentication or authenticate before
 * its credential test (and a node's error output) shows the message.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	domainNotAllowed,
	engineUnsupported,
	insecureUrl,
	KaizalaAuthError,
	malformedResponse,
	missingFieldError,
	serviceUnavailable,
	tokenServiceRefusal,
	describeConnectionProblem,
} from '../../../../../../nodes/Kaizala/transport/token/authErrors';

const node = { id: 'temp', name: 'Temp-Node', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

const errors: KaizalaAuthError[] = [
	missingFieldError('Refresh Token'),
	missingFieldError('Connector Secret'),
	tokenServiceRefusal(401, { errorCode: 'InvalidConnectorCredentials', message: 'Unknown applicationId' }),
	tokenServiceRefusal(401, { errorCode: 'InvalidRefreshToken', message: 'The refreshToken is not valid' }),
	tokenServiceRefusal(401, { errorCode: 'RefreshTokenExpired', message: 'expired' }),
	tokenServiceRefusal(400, { errorCode: 'MissingHeader', message: 'refreshToken' }),
	...['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', undefined].map((code) =>
		serviceUnavailable('https://api.kaiza.la/v1/', describeConnectionProblem(code), 3),
	),
	serviceUnavailable('https://api.kaiza.la/v1/', 'it answered HTTP 503', 3),
	malformedResponse('no accessToken'),
	insecureUrl('API Root', 'Refusing API Root "http://api.example.com"'),
	insecureUrl('endpointUrl', 'Refusing endpointUrl "http://kms.example.com"'),
	domainNotAllowed('The Kaizala endpoint', 'kms-alpha.kaiza.la', 'api.kaiza.la'),
	domainNotAllowed('The Kaizala endpoint', 'kms-alpha.kaiza.la', ''),
	engineUnsupported(),
];

describe('credential errors through NodeApiError', () => {
	it.each(errors.map((error) => [error.reason, error] as const))('%s keeps its message', (_reason, error) => {
		const wrapped = new NodeApiError(node, error as never);
		expect(wrapped.message).toBe(error.message);
		// The credential test shows cause.code instead of the message when there is one.
		expect((wrapped.cause as { code?: unknown }).code).toBeUndefined();
		expect((wrapped.cause as { response?: unknown }).response).toBeUndefined();
	});

	it('says what to do in the message itself (the credential test shows nothing else)', () => {
		for (const error of errors) expect(error.message).toMatch(/: .*(copy|paste|Generate|check|Check|change|add|try again|run this workflow)/);
	});
});
