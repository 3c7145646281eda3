// The personal-data settings as an operator writes them, and the sealing they drive (pure
// logic, no Redis): keys parsed and refused with a message naming the variable and never the
// key; production with a shared cache needs a key unless CACHE_ENCRYPTION=off; every cache
// life fits under CACHE_MAX_RETENTION_SECONDS; a sealed value opens only under its own key.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { createCacheSealer, parseSealingKey } from '../../../src/cache/sealing.ts';

const base = { FASHIONAI_APP_TOKEN: 'upstream-token' };
const production = { ...base, NODE_ENV: 'production', GATEWAY_AUTH: 'none' };
const REDIS = { CACHE_URL: 'redis://127.0.0.1:6379' };
const key = () => randomBytes(32).toString('base64');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('CACHE_ENCRYPTION_KEY(S)', () => {
  it('refuses production with a shared cache and no key, naming the setting and the way out', () => {
    const message = refusal({ ...production, ...REDIS });
    expect(message).toMatch(/^CACHE_ENCRYPTION_KEY is not set/);
    expect(message).toContain('CACHE_ENCRYPTION=off');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('accepts production with a key, or with CACHE_ENCRYPTION=off said explicitly', () => {
    const one = key();
    const sealed = loadConfig({ ...production, ...REDIS, CACHE_ENCRYPTION_KEY: one });
    expect(sealed.cache.protection.encryptionKeys).toHaveLength(1);
    const off = loadConfig({ ...production, ...REDIS, CACHE_ENCRYPTION: 'off' });
    expect(off.cache.protection).toMatchObject({ encryptionKeys: [], encryptionOff: true });
    // Without a shared cache nothing leaves the process: no key needed.
    expect(loadConfig(production).cache.protection.encryptionKeys).toEqual([]);
  });

  it('keeps several keys in order for rotation: the first seals, each has its own id', () => {
    const [first, second] = [key(), key()];
    const { encryptionKeys } = loadConfig({
      ...base,
      CACHE_ENCRYPTION_KEYS: ` ${first} , ${second} `,
    }).cache.protection;
    expect(encryptionKeys.map((k) => k.secret.toString('base64'))).toEqual([first, second]);
    expect(encryptionKeys[0]?.id).not.toBe(encryptionKeys[1]?.id);
    expect(encryptionKeys[0]?.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it.each([
    [
      'CACHE_ENCRYPTION_KEY',
      randomBytes(16).toString('base64'),
      /16 bytes; AES-256 needs exactly 32/,
    ],
    ['CACHE_ENCRYPTION_KEY', 'not base64 at all!', /not base64/],
    ['CACHE_ENCRYPTION_KEYS', `${key()},`, /key 2 is empty/],
    [
      'CACHE_ENCRYPTION_KEYS',
      `${key()},${randomBytes(31).toString('base64')}`,
      /key 2: a key is 31 bytes/,
    ],
  ])('refuses a bad %s naming it and never quoting it', (name, value, why) => {
    const message = refusal({ ...base, [name]: value });
    expect(message).toContain(name);
    expect(message).toMatch(why);
    for (const part of value.split(',').filter(Boolean)) expect(message).not.toContain(part);
  });

  it('refuses contradictions: both variables, or off with a key', () => {
    expect(refusal({ ...base, CACHE_ENCRYPTION_KEY: key(), CACHE_ENCRYPTION_KEYS: key() })).toMatch(
      /both set/,
    );
    expect(refusal({ ...base, CACHE_ENCRYPTION: 'off', CACHE_ENCRYPTION_KEY: key() })).toMatch(
      /CACHE_ENCRYPTION=off contradicts/,
    );
    expect(refusal({ ...base, CACHE_ENCRYPTION: 'maybe' })).toMatch(/CACHE_ENCRYPTION/);
  });
});

describe('CACHE_MAX_RETENTION_SECONDS', () => {
  it('defaults to 24 h, which the default lives fit under', () => {
    expect(loadConfig(base).cache.protection.maxRetentionSeconds).toBe(86_400);
  });

  it.each([
    [
      { CACHE_TTL_SECONDS: '3600', CACHE_STALE_SECONDS: '86000' },
      'CACHE_TTL_SECONDS + CACHE_STALE_SECONDS',
    ],
    [{ CACHE_MAX_RETENTION_SECONDS: '600' }, 'CACHE_TTL_SECONDS + CACHE_STALE_SECONDS'],
    [
      {
        CACHE_MAX_RETENTION_SECONDS: '7200',
        CACHE_NEGATIVE_TTL_SECONDS: '7201',
        CACHE_STALE_SECONDS: '0',
      },
      'CACHE_NEGATIVE_TTL_SECONDS',
    ],
    [
      {
        CACHE_MAX_RETENTION_SECONDS: '20',
        CACHE_NEGATIVE_TTL_SECONDS: '5',
        CACHE_TTL_SECONDS: '10',
        CACHE_STALE_SECONDS: '0',
      },
      'CACHE_L1_TTL_SECONDS',
    ],
  ])('refuses a life over the ceiling (%o), naming both settings', (env, named) => {
    const message = refusal({ ...base, ...env });
    expect(message).toContain(named);
    expect(message).toContain('CACHE_MAX_RETENTION_SECONDS');
  });

  it('accepts lives exactly at the ceiling', () => {
    const config = loadConfig({
      ...base,
      CACHE_MAX_RETENTION_SECONDS: '3600',
      CACHE_TTL_SECONDS: '600',
      CACHE_STALE_SECONDS: '3000',
    });
    expect(config.cache.protection.maxRetentionSeconds).toBe(3600);
  });
});

describe('sealing a cache value', () => {
  const k1 = parseSealingKey(key());
  const k2 = parseSealingKey(key());
  const text = JSON.stringify({ descricao: 'Mulher de 25-35 anos, criativa e urbana' });

  it('opens with its own cache key, and never shows the text', () => {
    const sealer = createCacheSealer([k1]);
    const sealed = sealer.seal('v1:abc', text);
    expect(sealed.startsWith(`g1.${k1.id}.`)).toBe(true);
    expect(sealed).not.toContain('Mulher');
    expect(sealer.open('v1:abc', sealed)).toEqual({ ok: true, text });
    // A fresh nonce per value: the same text never seals the same way twice.
    expect(sealer.seal('v1:abc', text)).not.toBe(sealed);
  });

  it('refuses another cache key, an altered value, an unknown key and garbage', () => {
    const sealer = createCacheSealer([k1]);
    const sealed = sealer.seal('v1:abc', text);
    expect(sealer.open('v1:abd', sealed)).toEqual({ ok: false, reason: 'unauthenticated' });
    const tail = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(sealer.open('v1:abc', `${sealed.slice(0, -2)}${tail}${sealed.at(-1)}`)).toEqual({
      ok: false,
      reason: 'unauthenticated',
    });
    expect(createCacheSealer([k2]).open('v1:abc', sealed)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(sealer.open('v1:abc', 'g1.x')).toEqual({ ok: false, reason: 'malformed' });
    expect(sealer.open('v1:abc', `g1.${k1.id}.AAAA`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotates: a sealer with the new key first reads the old values and seals with the new', () => {
    const old = createCacheSealer([k1]).seal('v1:abc', text);
    const rotated = createCacheSealer([k2, k1]);
    expect(rotated.open('v1:abc', old)).toEqual({ ok: true, text });
    expect(rotated.seal('v1:abc', text).startsWith(`g1.${k2.id}.`)).toBe(true);
  });
});
