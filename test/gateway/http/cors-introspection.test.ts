// What a browser and a schema explorer can reach: CORS by exact allow-list (credentials only
// for listed origins, no origin at all by default in production), and introspection, the
// explorer page and field suggestions off in production unless GRAPHQL_INTROSPECTION=true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const KEY = 'web-key-0123456789abcdef';
const SHOP = 'https://shop.example.com';

const preflight = (h: Harness, origin: string) =>
  fetch(`${h.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('production with CORS_ORIGINS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        NODE_ENV: 'production',
        GATEWAY_API_KEYS: `web:${KEY}`,
        CORS_ORIGINS: `${SHOP}, https://admin.example.com`,
      },
    });
  });
  afterAll(() => h.close());

  it('lets a listed origin call with credentials', async () => {
    const pre = await preflight(h, SHOP);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const res = await h.query('{ __typename }', undefined, { origin: SHOP, 'x-api-key': KEY });
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a listed host on another scheme', 'http://shop.example.com'],
    ['a listed host on another port', 'https://shop.example.com:8443'],
    ['a suffix trick', 'https://shop.example.com.evil.example'],
    ['the null origin', 'null'],
  ])('gives %s no CORS headers at all', async (_name, origin) => {
    const pre = await preflight(h, origin);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await h.query('{ __typename }', undefined, { origin, 'x-api-key': KEY });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('turns introspection off and hides field suggestions', async () => {
    const res = await h.query('{ __schema { types { name } } }', undefined, { 'x-api-key': KEY });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await h.query(
      '{ custome(by: { email: "a@b.co" }) { userProfileId } }',
      undefined,
      {
        'x-api-key': KEY,
      },
    );
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/Did you mean/);
  });

  it('serves no explorer page', async () => {
    const res = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await res.text()).not.toMatch(/<html/i);
  });
});

describe('production defaults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { NODE_ENV: 'production', GATEWAY_API_KEYS: `web:${KEY}` } });
  });
  afterAll(() => h.close());

  it('allows no browser origin at all without CORS_ORIGINS', async () => {
    const pre = await preflight(h, SHOP);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await h.query('{ __typename }', undefined, { origin: SHOP, 'x-api-key': KEY });
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production with GRAPHQL_INTROSPECTION=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        NODE_ENV: 'production',
        GATEWAY_API_KEYS: `web:${KEY}`,
        GRAPHQL_INTROSPECTION: 'true',
      },
    });
  });
  afterAll(() => h.close());

  it('allows introspection (to callers with credentials) and serves the explorer page', async () => {
    const res = await h.query('{ __schema { queryType { name } } }', undefined, {
      'x-api-key': KEY,
    });
    expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const anonymous = await h.query('{ __schema { queryType { name } } }');
    expect(anonymous.status).toBe(401);
    const page = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('development defaults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lets any origin call, without credentials', async () => {
    const pre = await preflight(h, 'http://localhost:3000');
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
