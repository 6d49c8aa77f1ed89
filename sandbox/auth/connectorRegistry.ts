/**
 * Connectors, their refresh-token grants, issued access tokens and platform endpoints: the
 * state behind the token service and the platform's authentication. Kept apart from
 * SandboxState because it holds secrets that tests should reach only through the sandbox's
 * control methods.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { unauthorized } from '../errors';
import { newOpaqueToken } from '../ids';
import type { ConnectorSeed } from '../types';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ACCESS_TOKEN_LIFETIME_MS = DAY_MS;
export const DEFAULT_REFRESH_TOKEN_LIFETIME_MS = 365 * DAY_MS;
/** The real service hands out a new refresh token once 90 % of the old one's validity has passed. */
const NATURAL_ROTATION_FRACTION = 0.9;

/** The permissions the reference's samples show a fully granted connector receiving. */
export const GRANTED_SCOPE =
	'groupinfo.read,groupinfo.write,groupinfo.remove,groupinfo.update,groupmember.read,groupmember.write,groupmember.remove,textmessage.read,action.read,action.write,action.update,profile.write,media.read,webhook.read,webhook.write,webhook.remove,webhook.update';

export type RotationMode = 'never' | 'next' | 'always';

interface ConnectorRecord {
	connectorId: string;
	connectorSecret: string;
	tenantId: string;
	userPhone: string;
	isAdmin: boolean;
	endpointName: string;
	endpointOverride?: string;
	rotation: RotationMode;
	accessTokenLifetimeMs?: number;
	refreshTokenLifetimeMs: number;
	primaryRefreshToken: string;
}

interface RefreshTokenGrant {
	token: string;
	connectorId: string;
	/** Set for PIN-issued grants; undefined means "the connector's configured user", read live. */
	userPhone?: string;
	issuedAt: number;
	expiresAt: number;
	/** Why the token no longer works, if it doesn't. */
	invalidated?: 'revoked' | 'rotated' | 'replaced';
}

interface AccessTokenGrant {
	connectorId: string;
	refreshToken: string;
	expiresAt: number;
	forcedExpired: boolean;
}

export interface TokenExchangeResult {
	accessToken: string;
	endpointUrl: string;
	accessTokenExpiry: number;
	refreshToken: string;
	scope: string;
}

/** Who a valid access token acts for. */
export interface TokenIdentity {
	connectorId: string;
	tenantId: string;
	userPhone: string;
	/** Tenant-admin rights; undefined for PIN-issued grants (the user's own flag decides). */
	connectorIsAdmin?: boolean;
}

export type AccessTokenInspection =
	| { state: 'missing' }
	| { state: 'invalid' }
	| { state: 'expired'; connectorId: string }
	| { state: 'valid'; identity: TokenIdentity };

export interface RegistryDefaults {
	origin: string;
	now: () => number;
	accessTokenLifetimeMs: number;
	tenantId: string;
	userPhone: string;
}

export interface ConnectorPatch extends Partial<ConnectorSeed> {
	accessTokenLifetimeMs?: number;
}

export class ConnectorRegistry {
	private readonly connectors = new Map<string, ConnectorRecord>();
	private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
	private readonly accessTokens = new Map<string, AccessTokenGrant>();
	/** Every endpoint name ever handed out, current or retired, and its connector. */
	private readonly endpoints = new Map<string, string>();
	private endpointCounter = 0;

	constructor(private readonly defaults: RegistryDefaults) {}

	add(seed: ConnectorSeed): void {
		if (this.connectors.has(seed.connectorId)) throw new Error(`Connector ${seed.connectorId} is already registered`);
		const connector: ConnectorRecord = {
			connectorId: seed.connectorId,
			connectorSecret: seed.connectorSecret,
			tenantId: seed.tenantId ?? this.defaults.tenantId,
			userPhone: seed.userPhone ?? this.defaults.userPhone,
			isAdmin: seed.isAdmin ?? true,
			endpointName: this.newEndpointName(seed.connectorId),
			endpointOverride: seed.endpointUrl,
			rotation: seed.rotateRefreshToken ?? 'never',
			refreshTokenLifetimeMs: seed.refreshTokenLifetimeMs ?? DEFAULT_REFRESH_TOKEN_LIFETIME_MS,
			primaryRefreshToken: seed.refreshToken,
		};
		this.connectors.set(connector.connectorId, connector);
		this.addRefreshToken(seed.refreshToken, connector.connectorId, undefined);
	}

	has(connectorId: string): boolean {
		return this.connectors.has(connectorId);
	}

	tenantOf(connectorId: string): string {
		return this.require(connectorId).tenantId;
	}

	userPhoneOf(connectorId: string): string {
		return this.require(connectorId).userPhone;
	}

	/** The phones every connector's tokens act as (the workflows' side of a conversation). */
	userPhones(): string[] {
		return [...this.connectors.values()].map((connector) => connector.userPhone);
	}

	endpointUrlFor(connectorId: string): string {
		const connector = this.require(connectorId);
		return connector.endpointOverride ?? this.sandboxEndpointUrl(connector.endpointName);
	}

	/** The connector owning an endpoint name (current or retired), and whether it is current. */
	endpointOwner(endpointName: string): { connectorId: string; isCurrent: boolean } | undefined {
		const connectorId = this.endpoints.get(endpointName);
		if (!connectorId) return undefined;
		return { connectorId, isCurrent: this.require(connectorId).endpointName === endpointName };
	}

	/** Whether requests to this endpoint name are served for the connector (not redirected). */
	servesConnector(endpointName: string, connectorId: string): boolean {
		// An endpointUrl override changes only what the token service and 308s announce.
		return this.require(connectorId).endpointName === endpointName;
	}

	moveEndpoint(connectorId: string): string {
		const connector = this.require(connectorId);
		connector.endpointName = this.newEndpointName(connectorId);
		// A move hands out a real sandbox endpoint; a previous override no longer applies.
		connector.endpointOverride = undefined;
		return this.endpointUrlFor(connectorId);
	}

	update(connectorId: string, patch: ConnectorPatch): void {
		const connector = this.require(connectorId);
		if (patch.connectorId !== undefined && patch.connectorId !== connectorId) {
			throw new Error('setConnector cannot change a connector id');
		}
		if (patch.connectorSecret !== undefined) connector.connectorSecret = patch.connectorSecret;
		if (patch.tenantId !== undefined) connector.tenantId = patch.tenantId;
		if (patch.userPhone !== undefined) connector.userPhone = patch.userPhone;
		if (patch.isAdmin !== undefined) connector.isAdmin = patch.isAdmin;
		if (Object.prototype.hasOwnProperty.call(patch, 'endpointUrl')) connector.endpointOverride = patch.endpointUrl || undefined;
		if (patch.rotateRefreshToken !== undefined) connector.rotation = patch.rotateRefreshToken;
		if (patch.accessTokenLifetimeMs !== undefined) connector.accessTokenLifetimeMs = patch.accessTokenLifetimeMs;
		if (patch.refreshTokenLifetimeMs !== undefined) connector.refreshTokenLifetimeMs = patch.refreshTokenLifetimeMs;
		if (patch.refreshToken !== undefined && patch.refreshToken !== connector.primaryRefreshToken) {
			this.invalidate(connector.primaryRefreshToken, 'replaced');
			this.addRefreshToken(patch.refreshToken, connectorId, undefined);
			connector.primaryRefreshToken = patch.refreshToken;
		}
	}

	rotateOnNextExchange(connectorId: string): void {
		const connector = this.require(connectorId);
		if (connector.rotation !== 'always') connector.rotation = 'next';
	}

	currentRefreshToken(connectorId: string): string {
		return this.require(connectorId).primaryRefreshToken;
	}

	revokeRefreshToken(connectorId: string): void {
		this.invalidate(this.require(connectorId).primaryRefreshToken, 'revoked');
	}

	expireAccessTokens(): void {
		for (const grant of this.accessTokens.values()) grant.forcedExpired = true;
	}

	/** Whether `secret` is this connector's secret (constant-time, so timing reveals nothing). */
	verifySecret(connectorId: string, secret: string): boolean {
		const connector = this.connectors.get(connectorId);
		if (!connector) return false;
		const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
		return timingSafeEqual(digest(connector.connectorSecret), digest(secret));
	}

	/** `GET /accessToken` after its headers were found present. Throws ApiError (401) on refusal. */
	exchange(connectorId: string, connectorSecret: string, refreshToken: string): TokenExchangeResult {
		if (!this.verifySecret(connectorId, connectorSecret)) {
			throw unauthorized('InvalidConnectorCredentials', 'Unknown applicationId or wrong applicationSecret');
		}
		const connector = this.require(connectorId);
		const grant = this.refreshTokens.get(refreshToken);
		if (!grant || grant.connectorId !== connectorId) {
			throw unauthorized('InvalidRefreshToken', 'The refreshToken is not valid for this connector');
		}
		if (grant.invalidated) {
			throw unauthorized('InvalidRefreshToken', `The refreshToken is no longer valid (${grant.invalidated})`);
		}
		const now = this.defaults.now();
		if (now >= grant.expiresAt) {
			throw unauthorized('RefreshTokenExpired', 'The refreshToken has expired; generate a new one for the connector');
		}

		const newRefreshToken = this.shouldRotate(connector, grant, now) ? this.rotate(connector, grant) : '';
		const accessToken = newOpaqueToken('sbx-at-');
		const expiresAt = now + (connector.accessTokenLifetimeMs ?? this.defaults.accessTokenLifetimeMs);
		this.accessTokens.set(accessToken, {
			connectorId,
			refreshToken: newRefreshToken || refreshToken,
			expiresAt,
			forcedExpired: false,
		});
		return {
			accessToken,
			endpointUrl: this.endpointUrlFor(connectorId),
			accessTokenExpiry: expiresAt,
			refreshToken: newRefreshToken,
			scope: GRANTED_SCOPE,
		};
	}

	/** A refresh token for `userPhone` on this connector, as the PIN login hands out. */
	issueRefreshToken(connectorId: string, userPhone: string): { refreshToken: string; expiresAt: number } {
		this.require(connectorId);
		const grant = this.addRefreshToken(newOpaqueToken('sbx-rt-'), connectorId, userPhone);
		return { refreshToken: grant.token, expiresAt: grant.expiresAt };
	}

	inspectAccessToken(token: string | undefined): AccessTokenInspection {
		if (token === undefined || token === '') return { state: 'missing' };
		const grant = this.accessTokens.get(token);
		if (!grant) return { state: 'invalid' };
		if (grant.forcedExpired || this.defaults.now() >= grant.expiresAt) {
			return { state: 'expired', connectorId: grant.connectorId };
		}
		const connector = this.require(grant.connectorId);
		const refreshGrant = this.refreshTokens.get(grant.refreshToken);
		const pinnedPhone = refreshGrant?.userPhone;
		return {
			state: 'valid',
			identity: {
				connectorId: connector.connectorId,
				tenantId: connector.tenantId,
				userPhone: pinnedPhone ?? connector.userPhone,
				connectorIsAdmin: pinnedPhone === undefined ? connector.isAdmin : undefined,
			},
		};
	}

	private shouldRotate(connector: ConnectorRecord, grant: RefreshTokenGrant, now: number): boolean {
		if (connector.rotation === 'always' || connector.rotation === 'next') return true;
		const lifetime = grant.expiresAt - grant.issuedAt;
		return now >= grant.issuedAt + lifetime * NATURAL_ROTATION_FRACTION;
	}

	private rotate(connector: ConnectorRecord, old: RefreshTokenGrant): string {
		const successor = this.addRefreshToken(newOpaqueToken('sbx-rt-'), connector.connectorId, old.userPhone);
		old.invalidated = 'rotated';
		if (connector.primaryRefreshToken === old.token) connector.primaryRefreshToken = successor.token;
		if (connector.rotation === 'next') connector.rotation = 'never';
		return successor.token;
	}

	private addRefreshToken(token: string, connectorId: string, userPhone: string | undefined): RefreshTokenGrant {
		const existing = this.refreshTokens.get(token);
		if (existing && existing.connectorId !== connectorId) {
			throw new Error('That refresh token string is already used by another connector');
		}
		const now = this.defaults.now();
		const grant: RefreshTokenGrant = {
			token,
			connectorId,
			userPhone,
			issuedAt: now,
			expiresAt: now + this.require(connectorId).refreshTokenLifetimeMs,
		};
		this.refreshTokens.set(token, grant);
		return grant;
	}

	private invalidate(token: string, reason: 'revoked' | 'rotated' | 'replaced'): void {
		const grant = this.refreshTokens.get(token);
		if (grant && !grant.invalidated) grant.invalidated = reason;
	}

	private newEndpointName(connectorId: string): string {
		// Mimics the real regional host names (inc-000, inc-001, ...): readable, obviously fake.
		const name = `inc-${String(this.endpointCounter++).padStart(3, '0')}`;
		this.endpoints.set(name, connectorId);
		return name;
	}

	private sandboxEndpointUrl(endpointName: string): string {
		// Like the real service ("https://kms-alpha.kaiza.la/"): the host root; API paths add /v1/.
		return `${this.defaults.origin}/endpoints/${endpointName}/`;
	}

	private require(connectorId: string): ConnectorRecord {
		const connector = this.connectors.get(connectorId);
		if (!connector) throw new Error(`Unknown connector ${connectorId}`);
		return connector;
	}
}
