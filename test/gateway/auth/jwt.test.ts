// End-user JWTs verified against a JWKS served on loopback: valid, expired, not yet valid,
// wrong issuer or audience, bad signature, unknown key id, key rotation; `Query.me` answers
// the caller's own profile only; scopes decide who may look anyone up. Every refusal is made
// before any upstream call.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import {
  AUDIENCE,
  ISSUER,
  bearer,
  newSigningKey,
  signToken,
  startJwksServer,
} from '../../support/auth.ts';
import type { JwksServer, SigningKey } from '../../support/auth.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const alice = sampleCustomer(11);
const bob = sampleCustomer(12);
const meQuery = '{ me { userProfileId email } }';
const customerQuery = `{ customer(by: { email: "${bob.email}" }) { userProfileId } }`;

let key1: SigningKey;
let key2: SigningKey;
let stranger: SigningKey;
let jwks: JwksServer;
let h: Harness;

beforeAll(async () => {
  [key1, key2, stranger] = await Promise.all([
    newSigningKey('key-1'),
    newSigningKey('key-2'),
    newSigningKey('key-1'), // same kid as key1, different key: a forged signature
  ]);
  jwks = await startJwksServer([key1]);
  h = await startHarness({
    env: {
      JWT_JWKS_URL: jwks.url,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // Refetch at once when a token names an unknown key (production default: 30 s).
      JWT_JWKS_COOLDOWN_SECONDS: '0',
      CACHE_TTL_SECONDS: '0',
    },
  });
});
afterAll(async () => {
  await h.close();
  await jwks.close();
});
beforeEach(() => h.upstream.resetStats());

const expectRefused = (
  res: Awaited<ReturnType<Harness['query']>>,
  status: number,
  code: string,
) => {
  expect(res.status).toBe(status);
  expect(res.body.errors?.[0]?.extensions?.['code']).toBe(code);
  expect(h.upstream.stats.calls).toBe(0);
};

describe('Query.me', () => {
  it("answers the caller's own profile, found by the token's e-mail claim", async () => {
    const token = await signToken(key1, { sub: 'u-alice', email: alice.email });
    const res = await h.query(meQuery, undefined, bearer(token));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['me']).toEqual({
      userProfileId: alice.userProfileId,
      email: alice.email,
    });
    expect(h.upstream.callsFor('email', alice.email)).toBe(1);
    expect(h.upstream.stats.calls).toBe(1);
  });

  it('ignores anything the request carries: variables, arguments, another user’s identifiers', async () => {
    const token = await signToken(key1, { sub: 'u-alice', email: alice.email });
    const res = await h.post(
      JSON.stringify({
        query: '{ me { userProfileId } }',
        variables: { email: bob.email, by: { email: bob.email } },
      }),
      { ...bearer(token), 'x-user-email': bob.email },
    );
    expect(res.body.data?.['me']).toEqual({ userProfileId: alice.userProfileId });
    expect(h.upstream.callsFor('email', bob.email)).toBe(0);
    const withArg = await h.query(
      `{ me(email: "${bob.email}") { userProfileId } }`,
      undefined,
      bearer(token),
    );
    expect(withArg.status).toBe(400);
    expect(h.upstream.callsFor('email', bob.email)).toBe(0);
  });

  it('is open to any valid end-user token, with or without scopes', async () => {
    const token = await signToken(key1, { sub: 'u-bob', email: bob.email, scope: 'openid' });
    const res = await h.query(meQuery, undefined, bearer(token));
    expect(res.body.data?.['me']).toEqual({ userProfileId: bob.userProfileId, email: bob.email });
  });

  it('refuses a token whose issuer says the e-mail is not verified', async () => {
    const token = await signToken(key1, { sub: 'u-x', email: alice.email, email_verified: false });
    expectRefused(await h.query(meQuery, undefined, bearer(token)), 403, 'FORBIDDEN');
  });

  it('refuses a token without an e-mail claim', async () => {
    const token = await signToken(key1, { sub: 'u-x' });
    expectRefused(await h.query(meQuery, undefined, bearer(token)), 403, 'FORBIDDEN');
  });
});

describe('scopes', () => {
  it('forbids customer, customers and _entities to a token without profiles:read', async () => {
    const token = await signToken(key1, {
      sub: 'u-alice',
      email: alice.email,
      scope: 'openid email',
    });
    for (const query of [
      customerQuery,
      `{ customers(by: [{ email: "${bob.email}" }]) { userProfileId } }`,
      `{ _entities(representations: [{ __typename: "Customer", email: "${bob.email}" }]) { ... on Customer { userProfileId } } }`,
      // A forbidden field cannot ride along with an allowed one.
      `{ me { userProfileId } ${customerQuery.slice(1, -1)} }`,
    ]) {
      const res = await h.query(query, undefined, bearer(token));
      expectRefused(res, 403, 'FORBIDDEN');
      expect(res.body.errors?.[0]?.message).toMatch(/profiles:read/);
    }
  });

  it('lets a token whose scope contains profiles:read look anyone up', async () => {
    for (const claims of [{ scope: 'openid profiles:read' }, { scp: ['profiles:read'] }]) {
      const token = await signToken(key1, { sub: 'svc', ...claims });
      const res = await h.query(customerQuery, undefined, bearer(token));
      expect(res.body.data?.['customer']).toEqual({ userProfileId: bob.userProfileId });
    }
  });
});

describe('token verification', () => {
  const claims = { sub: 'u-alice', email: alice.email, scope: 'profiles:read' };

  it.each([
    ['an expired token', () => signToken(key1, claims, { expiresIn: -120 })],
    ['a token not valid yet', () => signToken(key1, claims, { notBefore: 600 })],
    [
      'a token from another issuer',
      () => signToken(key1, claims, { issuer: 'https://evil.test/' }),
    ],
    ['a token for another audience', () => signToken(key1, claims, { audience: 'another-api' })],
    ['a token signed by another key under a known kid', () => signToken(stranger, claims)],
    [
      'a token naming a key the issuer never published',
      () => signToken(key2, claims, { kid: 'key-9' }),
    ],
    ['a token without an expiry', () => signToken(key1, claims, { noExpiry: true })],
    [
      'an unsigned token (alg none)',
      async () => {
        const [, payload] = (await signToken(key1, claims)).split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
          'base64url',
        );
        return `${header}.${payload}.`;
      },
    ],
    [
      'a token with a tampered payload',
      async () => {
        const [header, , signature] = (await signToken(key1, claims)).split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: 4e9, email: bob.email }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
  ])('refuses %s: HTTP 401 UNAUTHENTICATED, no upstream call', async (_name, make) => {
    const res = await h.query(customerQuery, undefined, bearer(await make()));
    expectRefused(res, 401, 'UNAUTHENTICATED');
    expect(res.text).not.toContain(bob.userProfileId);
  });

  it('tells an expired token apart, so a client knows to refresh it', async () => {
    const res = await h.query(
      meQuery,
      undefined,
      bearer(await signToken(key1, claims, { expiresIn: -120 })),
    );
    expect(res.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('tolerates a small clock skew (JWT_CLOCK_TOLERANCE_SECONDS, 30 s)', async () => {
    const token = await signToken(key1, claims, { expiresIn: -10, notBefore: 10 });
    const res = await h.query(meQuery, undefined, bearer(token));
    expect(res.body.data?.['me']).toEqual({
      userProfileId: alice.userProfileId,
      email: alice.email,
    });
  });

  it('follows a key rotation: a new kid makes it refetch the key set, once', async () => {
    const before = await signToken(key1, claims);
    expect((await h.query(meQuery, undefined, bearer(before))).status).toBe(200);
    jwks.setKeys([key2]);
    const fetches = jwks.fetches;
    const after = await signToken(key2, claims);
    const res = await h.query(meQuery, undefined, bearer(after));
    expect(res.status).toBe(200);
    expect(res.body.data?.['me']).toEqual({
      userProfileId: alice.userProfileId,
      email: alice.email,
    });
    expect(jwks.fetches).toBe(fetches + 1);
    // Cached: the next request with the new key costs no fetch.
    await h.query(meQuery, undefined, bearer(after));
    expect(jwks.fetches).toBe(fetches + 1);
    // The retired key is gone from the set: its tokens no longer pass.
    h.upstream.resetStats();
    expectRefused(await h.query(meQuery, undefined, bearer(before)), 401, 'UNAUTHENTICATED');
    jwks.setKeys([key1]);
  });
});

describe('unreachable key set', () => {
  it('answers 503 AUTH_UNAVAILABLE (not the caller’s fault) and makes no upstream call', async () => {
    const down = await startJwksServer([key1]);
    await down.close();
    const g = await startHarness({
      env: { JWT_JWKS_URL: down.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
    });
    try {
      const res = await g.query(
        meQuery,
        undefined,
        bearer(await signToken(key1, { email: alice.email })),
      );
      expect(res.status).toBe(503);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('AUTH_UNAVAILABLE');
      expect(g.upstream.stats.calls).toBe(0);
    } finally {
      await g.close();
    }
  });
});

describe('JWT_PUBLIC_KEY (one PEM key instead of a key set)', () => {
  it('accepts tokens signed by that key and refuses others', async () => {
    const g = await startHarness({
      env: {
        // As an env file often carries it: newlines escaped.
        JWT_PUBLIC_KEY: key2.publicPem.replace(/\n/g, '\\n'),
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
      },
    });
    try {
      const good = await g.query(
        meQuery,
        undefined,
        bearer(await signToken(key2, { email: alice.email })),
      );
      expect(good.body.data?.['me']).toEqual({
        userProfileId: alice.userProfileId,
        email: alice.email,
      });
      g.upstream.resetStats();
      const bad = await g.query(
        meQuery,
        undefined,
        bearer(await signToken(key1, { email: alice.email })),
      );
      expect(bad.status).toBe(401);
      expect(g.upstream.stats.calls).toBe(0);
    } finally {
      await g.close();
    }
  });
});
