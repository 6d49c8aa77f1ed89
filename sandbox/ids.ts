/** Identifier and secret generation, in one place so every id has the same shape. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** GUIDs, like the real service's group, action and reference ids. */
export function newId(): string {
	return randomUUID();
}

/**
 * Opaque bearer strings (access and refresh tokens). The prefix only helps a human spot what a
 * string is in a debugger; clients must not parse it.
 */
export function newOpaqueToken(prefix: string): string {
	return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Four-digit one-time PIN, as the real service texted. */
export function newPin(): number {
	return randomInt(1000, 10000);
}
