// Encryption at rest for values in the shared cache: AES-256-GCM from node's crypto, one
// random 96-bit nonce per value, and the Redis key bound in as additional data so a value
// copied under another key does not open. Old keys stay readable for rotation.
import { createCipheriv, createDecipheriv, hash, randomFillSync } from 'node:crypto';

/** One configured key: a short public id (travels with each value) and the 32 secret bytes. */
export interface SealingKey {
  id: string;
  secret: Buffer;
}

/** Why a value could not be opened: each is a cache miss, counted, never a client error. */
/** Why a value found in Redis could not be used (each is a counted miss). */
export const UNREADABLE_REASONS = [
  'unknown_key',
  'unauthenticated',
  'malformed',
  'plaintext',
] as const;
export type UnreadableReason = (typeof UNREADABLE_REASONS)[number];

export type Opened = { ok: true; text: string } | { ok: false; reason: UnreadableReason };

export interface CacheSealer {
  seal(cacheKey: string, text: string): string;
  open(cacheKey: string, sealed: string): Opened;
}

const VERSION = 'g1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** 6 bytes of a hash: enough to tell a handful of keys apart, nothing about the key itself. */
const KEY_ID_BYTES = 6;

/** The key's id: a domain-separated hash, so it reveals nothing usable about the secret. */
export function sealingKeyId(secret: Buffer): string {
  const digest = hash(
    'sha256',
    Buffer.concat([Buffer.from('fashionai-gateway key id\0'), secret]),
    'buffer',
  );
  return digest.subarray(0, KEY_ID_BYTES).toString('base64url');
}

/** Parses one base64 key; the message never repeats the key. */
export function parseSealingKey(base64: string): SealingKey {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new Error('a key is not base64');
  const secret = Buffer.from(
    text,
    text.includes('-') || text.includes('_') ? 'base64url' : 'base64',
  );
  if (secret.length !== KEY_BYTES) {
    throw new Error(
      `a key is ${secret.length} bytes; AES-256 needs exactly ${KEY_BYTES} (openssl rand -base64 32)`,
    );
  }
  return { id: sealingKeyId(secret), secret };
}

/**
 * Values look like `g1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The first key seals;
 * any configured key opens. A random nonce per value is safe for far more values than a cache
 * holds under one key (the NIST bound is 2^32 messages per key).
 */
export function createCacheSealer(keys: readonly SealingKey[]): CacheSealer {
  const first = keys[0];
  if (!first) throw new Error('createCacheSealer needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.secret]));
  const prefix = `${VERSION}.${first.id}.`;
  // Nonces are cut from a pool filled 256 at a time: one getrandom call per value would
  // cost more than the cipher itself on a profile-sized value.
  const pool = Buffer.alloc(NONCE_BYTES * 256);
  let used = pool.length;
  const nextNonce = (): Buffer => {
    if (used === pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += NONCE_BYTES;
    return pool.subarray(used - NONCE_BYTES, used);
  };
  return {
    seal(cacheKey, text) {
      const nonce = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', first.secret, nonce);
      cipher.setAAD(Buffer.from(cacheKey, 'utf8'));
      const body = cipher.update(text, 'utf8');
      const final = cipher.final();
      const tag = cipher.getAuthTag();
      return prefix + Buffer.concat([nonce, body, final, tag]).toString('base64url');
    },
    open(cacheKey, sealed) {
      const dot = sealed.indexOf('.', VERSION.length + 1);
      if (!sealed.startsWith(`${VERSION}.`) || dot < 0) return { ok: false, reason: 'malformed' };
      const secret = byId.get(sealed.slice(VERSION.length + 1, dot));
      if (!secret) return { ok: false, reason: 'unknown_key' };
      const raw = Buffer.from(sealed.slice(dot + 1), 'base64url');
      if (raw.length < NONCE_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed' };
      try {
        const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, NONCE_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(cacheKey, 'utf8'));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const body = decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES));
        const final = decipher.final(); // empty for GCM: the tag is checked here
        const plain = final.length === 0 ? body : Buffer.concat([body, final]);
        return { ok: true, text: plain.toString('utf8') };
      } catch {
        // A wrong tag: the value was altered, moved to another key, or sealed by an impostor.
        return { ok: false, reason: 'unauthenticated' };
      }
    },
  };
}
