// The explorer over HTTP: the page on GET /graphql for browsers, every asset served by the
// gateway itself (no CDN), a strict CSP, GET queries still executing, and off in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const page = (url: string) =>
  fetch(`${url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

describe('explorer', () => {
  it('serves a page whose scripts and styles all come from the gateway', async () => {
    const res = await page(h.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThanOrEqual(5);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/graphql\/explorer\/assets\//);
      const asset = await fetch(`${h.url}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves assets gzipped to clients that accept it, and nothing outside its list', async () => {
    const res = await fetch(`${h.url}/graphql/explorer/assets/graphiql.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const missing = await fetch(`${h.url}/graphql/explorer/assets/..%2Fpackage.json`);
    expect(missing.status).toBe(404);
  });

  it('still executes GET /graphql?query=… for non-browser clients', async () => {
    const query = encodeURIComponent(
      '{ customer(by: { userProfileId: "ddsd23223" }) { userProfileId } }',
    );
    const res = await fetch(`${h.url}/graphql?query=${query}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await res.json()).toMatchObject({ data: { customer: { userProfileId: 'ddsd23223' } } });
  });

  it('has no example operation outside demo mode', async () => {
    const html = await (await page(h.url)).text();
    expect(html).not.toContain('customer@example.com');
  });
});

describe('explorer in production', () => {
  it('is off by default and on with GRAPHQL_EXPLORER=true (introspection with it)', async () => {
    const prod = await startHarness({ env: { NODE_ENV: 'production', GATEWAY_AUTH: 'none' } });
    try {
      const res = await page(prod.url);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await fetch(`${prod.url}/graphql/explorer/assets/graphiql.js`)).status).toBe(404);
    } finally {
      await prod.close();
    }
    const on = await startHarness({
      env: { NODE_ENV: 'production', GATEWAY_AUTH: 'none', GRAPHQL_EXPLORER: 'true' },
    });
    try {
      expect((await page(on.url)).headers.get('content-type')).toMatch(/^text\/html/);
      const res = await on.query('{ __schema { queryType { name } } }');
      expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await on.close();
    }
  });
});
