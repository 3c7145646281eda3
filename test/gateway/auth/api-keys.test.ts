// Service API keys: the right key (either header) reads profiles; a missing, unknown or
// malformed one is HTTP 401 UNAUTHENTICATED with no upstream call, and never shows in logs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKeyVerifier } from '../../../src/auth/api-keys.ts';
import { SCOPE_ADMIN, SCOPE_READ } from '../../../src/auth/caller.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const CRM_KEY = 'crm-key-0123456789abcdef';
const WEB_KEY = 'web-key-fedcba9876543210';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // No cache: every accepted request shows as one upstream call.
    env: { GATEWAY_API_KEYS: `crm:${CRM_KEY}:admin, web:${WEB_KEY}`, CACHE_TTL_SECONDS: '0' },
  });
});
afterAll(() => h.close());
beforeEach(() => h.upstream.resetStats());

const customerQuery = '{ customer(by: { email: "customer@example.com" }) { userProfileId } }';

describe('API keys (GATEWAY_API_KEYS)', () => {
  it.each([
    ['Authorization: Bearer', { authorization: `Bearer ${WEB_KEY}` }],
    ['x-api-key', { 'x-api-key': CRM_KEY }],
    ['a lower-case bearer scheme', { authorization: `bearer ${CRM_KEY}` }],
  ])('accepts a configured key sent as %s', async (_how, headers) => {
    const res = await h.query(customerQuery, undefined, headers);
    expect(res.status).toBe(200);
    expect(res.body.data?.['customer']).toEqual({ userProfileId: 'ddsd23223' });
    expect(h.upstream.stats.calls).toBe(1);
  });

  it.each([
    ['no credentials', {}],
    ['an unknown key', { 'x-api-key': 'not-a-configured-key-000000' }],
    ['a key differing in its last character', { 'x-api-key': `${CRM_KEY.slice(0, -1)}0` }],
    ['a prefix of a key', { authorization: `Bearer ${CRM_KEY.slice(0, 10)}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    [
      'a Basic scheme',
      { authorization: `Basic ${Buffer.from(`crm:${CRM_KEY}`).toString('base64')}` },
    ],
    ['two credentials', { authorization: `Bearer ${CRM_KEY}`, 'x-api-key': CRM_KEY }],
  ])('refuses %s with HTTP 401 UNAUTHENTICATED and no upstream call', async (_how, headers) => {
    const res = await h.query(customerQuery, undefined, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeUndefined();
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('refuses before reading the body: an unauthenticated oversized request is 401, not 413', async () => {
    const res = await h.post(JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(300_000) }));
    expect(res.status).toBe(401);
  });

  it('refuses GET operations without credentials too', async () => {
    const res = await fetch(`${h.url}/graphql?query=${encodeURIComponent(customerQuery)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(401);
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('still serves the explorer page to a browser without credentials (it reads nothing)', async () => {
    const res = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('forbids Query.me to an API key (it is for end-user tokens) without an upstream call', async () => {
    const res = await h.query('{ me { userProfileId } }', undefined, { 'x-api-key': CRM_KEY });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('lets a router with a key use _service and _entities', async () => {
    const res = await h.query(
      'query($r: [_Any!]!) { _service { sdl } _entities(representations: $r) { ... on Customer { userProfileId } } }',
      { r: [{ __typename: 'Customer', email: 'customer@example.com' }] },
      { 'x-api-key': CRM_KEY },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['_entities']).toEqual([{ userProfileId: 'ddsd23223' }]);
  });

  it('never writes a presented key, right or wrong, into the logs', async () => {
    await h.query(customerQuery, undefined, { 'x-api-key': CRM_KEY });
    await h.query(customerQuery, undefined, { 'x-api-key': 'wrong-key-should-not-be-logged' });
    const logs = h.logs.join('\n');
    expect(logs).toContain('unknown api key');
    expect(logs).not.toContain(CRM_KEY);
    expect(logs).not.toContain(WEB_KEY);
    expect(logs).not.toContain('wrong-key-should-not-be-logged');
  });
});

describe('API key verifier', () => {
  it('gives profiles:read to every key and profiles:admin to keys flagged admin', () => {
    const verify = createApiKeyVerifier([
      { name: 'crm', key: CRM_KEY, admin: true },
      { name: 'web', key: WEB_KEY, admin: false },
    ]);
    expect(verify(CRM_KEY)).toMatchObject({ kind: 'apiKey', name: 'crm' });
    expect([...(verify(CRM_KEY)?.scopes ?? [])].sort()).toEqual([SCOPE_ADMIN, SCOPE_READ]);
    expect([...(verify(WEB_KEY)?.scopes ?? [])]).toEqual([SCOPE_READ]);
    expect(verify(`${WEB_KEY} `)).toBeUndefined();
    expect(verify('')).toBeUndefined();
  });
});
