// The authentication settings as an operator writes them: secure by default, contradictions
// and incomplete JWT settings refused at start with a message naming the variable, and never
// quoting a secret.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { newSigningKey } from '../../support/auth.ts';

const base = { FASHIONAI_APP_TOKEN: 'upstream-token' };
const KEY = 'a-long-enough-key-0123456789';

describe('caller authentication settings', () => {
  it('is open outside production when nothing is configured (demo mode, tests)', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'open', reason: 'demo' });
    expect(loadConfig(base).auth).toEqual({ mode: 'open', reason: 'unconfigured' });
  });

  it('is open in production only when GATEWAY_AUTH=none says so', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ ...base, NODE_ENV: 'production', GATEWAY_AUTH: 'none' }).auth).toEqual({
      mode: 'open',
      reason: 'explicit',
    });
  });

  it('parses API keys, with an admin flag', () => {
    const auth = loadConfig({ ...base, GATEWAY_API_KEYS: ` crm:${KEY}:admin , web:${KEY}x ` }).auth;
    expect(auth).toMatchObject({
      mode: 'enforced',
      apiKeys: [
        { name: 'crm', key: KEY, admin: true },
        { name: 'web', key: `${KEY}x`, admin: false },
      ],
      jwt: undefined,
    });
  });

  it.each([
    ['a key without a name', `${KEY}`],
    ['a short key', 'crm:short'],
    ['an unknown flag', `crm:${KEY}:root`],
    ['a name used twice', `crm:${KEY},crm:${KEY}y`],
    ['a key used twice', `crm:${KEY},web:${KEY}`],
    ['a bad name', `c r m:${KEY}`],
  ])('refuses %s, naming GATEWAY_API_KEYS and never quoting the key', (_name, value) => {
    let message = '';
    try {
      loadConfig({ ...base, GATEWAY_API_KEYS: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid GATEWAY_API_KEYS/);
    expect(message).not.toContain(KEY);
  });

  it.each([
    [{ JWT_JWKS_URL: 'https://id.example/jwks' }, /JWT_ISSUER is required/],
    [
      { JWT_JWKS_URL: 'https://id.example/jwks', JWT_ISSUER: 'https://id.example/' },
      /JWT_AUDIENCE is required/,
    ],
    [{ JWT_ISSUER: 'https://id.example/' }, /JWT_ISSUER is set but neither/],
    [{ JWT_PUBLIC_KEY: 'not a pem', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, /Invalid JWT_PUBLIC_KEY/],
    [
      {
        JWT_JWKS_URL: 'https://id.example/jwks',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
        JWT_ALGORITHMS: 'HS256',
      },
      /HS256 is not allowed/,
    ],
    [{ JWT_JWKS_URL: 'ftp://id.example/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, /JWT_JWKS_URL/],
    [{ GATEWAY_AUTH: 'none', GATEWAY_API_KEYS: `crm:${KEY}` }, /GATEWAY_AUTH=none contradicts/],
    [{ GATEWAY_AUTH: 'off' }, /GATEWAY_AUTH/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('wants an https key set in production', () => {
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        JWT_JWKS_URL: 'http://id.example/jwks',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
      }),
    ).toThrow(/must be https/);
  });

  it('accepts a PEM key and both JWT sources are exclusive', async () => {
    const { publicPem } = await newSigningKey('k');
    const jwt = { JWT_ISSUER: 'https://id.example/', JWT_AUDIENCE: 'gw, gw2' };
    const auth = loadConfig({ ...base, ...jwt, JWT_PUBLIC_KEY: publicPem }).auth;
    expect(auth).toMatchObject({
      mode: 'enforced',
      jwt: { audience: ['gw', 'gw2'], emailClaim: 'email' },
    });
    expect(() =>
      loadConfig({
        ...base,
        ...jwt,
        JWT_PUBLIC_KEY: publicPem,
        JWT_JWKS_URL: 'https://id.example/jwks',
      }),
    ).toThrow(/not both/);
  });

  it('refuses CORS_ORIGINS entries that are not exact origins', () => {
    for (const bad of [
      '*',
      'https://shop.example.com/',
      'shop.example.com',
      'https://*.example.com',
    ]) {
      expect(() => loadConfig({ ...base, CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
    expect(
      loadConfig({ ...base, CORS_ORIGINS: 'https://a.example, http://localhost:3000' }).cors,
    ).toEqual({
      mode: 'list',
      origins: ['https://a.example', 'http://localhost:3000'],
    });
  });
});
