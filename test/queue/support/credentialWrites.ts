/**
 * Every write of the Kaizala credential in the cluster's database, with the process that made it:
 * a PostgreSQL trigger copies each new row of n8n's `credentials_entity` into a log table, with the
 * writing connection's application_name (each n8n process connects with PGAPPNAME = its name).
 * The rows are decrypted here with the cluster's encryption key, so a test can see which process
 * persisted which session and which refresh token, in order.
 */
import { createDecipheriv, createHash } from 'node:crypto';

import type { PostgresServer } from './services';

export interface CredentialWrite {
	seq: number;
	process: string;
	data: Record<string, unknown>;
}

export function installCredentialWriteLog(postgres: PostgresServer): void {
	postgres.query(`
		CREATE TABLE IF NOT EXISTS kaizala_credential_writes (
			seq bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
			credential_id text NOT NULL, process text NOT NULL, data text NOT NULL);
		CREATE OR REPLACE FUNCTION kaizala_log_credential_write() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO kaizala_credential_writes (credential_id, process, data)
			VALUES (NEW.id, current_setting('application_name'), NEW.data);
			RETURN NEW;
		END $$;
		DROP TRIGGER IF EXISTS kaizala_credential_writes ON credentials_entity;
		CREATE TRIGGER kaizala_credential_writes AFTER INSERT OR UPDATE ON credentials_entity
			FOR EACH ROW EXECUTE FUNCTION kaizala_log_credential_write();`);
}

/**
 * n8n's stored credential format for an instance without key rotation: base64 of "Salted__",
 * an 8-byte salt and AES-256-CBC ciphertext, key and IV derived from the instance key by MD5
 * (OpenSSL's EVP_BytesToKey), as in n8n-core's CipherAes256CBC.
 */
export function decryptCredentialData(stored: string, encryptionKey: string): Record<string, unknown> {
	if (/^[A-Za-z0-9_-]{1,36}:/.test(stored)) throw new Error('credential data carries a key id: this reader handles only the instance key');
	const input = Buffer.from(stored, 'base64');
	const salt = input.subarray(8, 16);
	const password = Buffer.concat([Buffer.from(encryptionKey, 'binary'), salt]);
	const first = createHash('md5').update(password).digest();
	const second = createHash('md5').update(Buffer.concat([first, password])).digest();
	const iv = createHash('md5').update(Buffer.concat([second, password])).digest();
	const decipher = createDecipheriv('aes-256-cbc', Buffer.concat([first, second]), iv);
	const text = Buffer.concat([decipher.update(input.subarray(16)), decipher.final()]).toString('utf8');
	return JSON.parse(text) as Record<string, unknown>;
}

/** The writes logged after `afterSeq`, oldest first. */
export function credentialWrites(postgres: PostgresServer, encryptionKey: string, credentialId: string, afterSeq = 0): CredentialWrite[] {
	return postgres
		.query(`SELECT seq, process, data FROM kaizala_credential_writes WHERE credential_id = '${credentialId.replace(/'/g, "''")}' AND seq > ${Number(afterSeq)} ORDER BY seq`)
		.map(([seq, process, data]) => ({ seq: Number(seq), process, data: decryptCredentialData(data, encryptionKey) }));
}

export function lastCredentialWriteSeq(postgres: PostgresServer): number {
	return Number(postgres.query('SELECT coalesce(max(seq), 0) FROM kaizala_credential_writes')[0]?.[0] ?? 0);
}

/** The access token of a write's persisted session, if it holds one. */
export function sessionTokenOf(write: CredentialWrite): string | undefined {
	const session = write.data.session;
	if (typeof session !== 'string' || session === '') return undefined;
	try {
		const parsed = JSON.parse(session) as { accessToken?: unknown };
		return typeof parsed.accessToken === 'string' ? parsed.accessToken : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Who exchanged each access token: a process persists a token it obtained itself before any
 * other process can read (and adopt) it, so the first write of each token names its exchanger.
 */
export function exchangesByProcess(writes: CredentialWrite[]): Record<string, number> {
	const seen = new Set<string>();
	const counts: Record<string, number> = {};
	for (const write of writes) {
		const token = sessionTokenOf(write);
		if (!token || seen.has(token)) continue;
		seen.add(token);
		counts[write.process] = (counts[write.process] ?? 0) + 1;
	}
	return counts;
}
