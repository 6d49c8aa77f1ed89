/**
 * The token lifecycle, from the node's side: the one function every request asks for its access
 * token. The README's "How the token cache works" shows where each step lives.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { KaizalaContext } from '../context';
import { authError } from '../platformErrors';
import { KaizalaAuthError, missingFieldError } from './authErrors';
import type { AccessTokenGrant } from './grant';
import {
	credentialRotatedElsewhere,
	missingCredentialField,
	nodeTokenFetcher,
	persistSession,
	SESSION_FIELD,
	toConnectorCredentials,
	tokenStore,
} from './n8nBridge';
import type { ConnectorCredentials } from './tokenStore';

export interface GrantForCredential {
	grant: AccessTokenGrant;
	connector: ConnectorCredentials;
	/** The credential the grant belongs to: the one passed in, or a newer one reread (step 5). */
	credentialData: ICredentialDataDecryptedObject;
}

/** Passes a KaizalaAuthError on as a value, to be worded for the node; anything else stays thrown. */
function authFailureOnly(error: unknown): KaizalaAuthError {
	if (error instanceof KaizalaAuthError) return error;
	throw error;
}

/**
 * The grant to send now for this credential:
 * 1. look up the grant held in memory or persisted in the credential's session (tokenStore.ts);
 * 2. decide with the cycler (tokenCycler.ts): send it, refresh it early, or wait for an exchange;
 * 3. exchange once per credential key, joined by every concurrent caller (tokenStore.ts);
 * 4. persist: the caller whose exchange produced the grant has n8n store it (n8nBridge.ts);
 * 5. reread: a refused refresh token may have been rotated by another process; read the
 *    credential again and start over once with the newer one (n8nBridge.ts).
 */
export async function grantFor(
	ctx: KaizalaContext,
	credentialData: ICredentialDataDecryptedObject,
	options: { itemIndex?: number; reread?: boolean } = {},
): Promise<GrantForCredential> {
	const connector = toConnectorCredentials(credentialData);
	const missing = missingCredentialField(connector);
	if (missing) throw authError(ctx, missingFieldError(missing), options.itemIndex);
	const obtained = await tokenStore
		.obtain(connector, credentialData[SESSION_FIELD], nodeTokenFetcher(ctx, credentialData)) // 1–3
		.then(async ({ grant, exchanged }) => {
			if (exchanged) await persistSession(ctx, credentialData); // 4
			return grant;
		})
		.catch(authFailureOnly);
	if (!(obtained instanceof KaizalaAuthError)) return { grant: obtained, connector, credentialData };
	if (obtained.reason === 'refresh-token-rejected' && !options.reread) {
		const latest = await credentialRotatedElsewhere(ctx, connector, options.itemIndex); // 5
		if (latest) return await grantFor(ctx, latest, { ...options, reread: true });
	}
	throw authError(ctx, obtained, options.itemIndex);
}
