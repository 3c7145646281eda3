// Trusted documents: Automatic Persisted Queries, a persisted-query manifest in Apollo's
// format, and PERSISTED_QUERIES_ONLY, which serves listed operations and refuses the rest
// before any upstream call.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

const LISTED =
  'query ProductPageHints($email: String!) { customer(by: { email: $email }) { profile { summary { style } } } }';
const LISTED_ID = sha256(LISTED);
// Apollo's generator may also use custom ids; the gateway maps any id to its body.
const NAMED = 'query ExampleId { customer(by: { userProfileId: "ddsd23223" }) { userProfileId } }';
const AD_HOC =
  '{ customer(by: { email: "customer@example.com" }) { userProfileId email phone document } }';
const STYLE = 'Casual-elegante minimalista, tons neutros, cortes regulares';

function writeManifest(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pq-'));
  const path = join(dir, 'persisted-query-manifest.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: LISTED_ID, name: 'ProductPageHints', type: 'query', body: LISTED },
        { id: 'example-id-v1', name: 'ExampleId', type: 'query', body: NAMED },
      ],
    }),
  );
  return path;
}

const post = (h: Harness, body: object) => h.post(JSON.stringify(body));

describe('Automatic Persisted Queries (no manifest)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('asks for the text once, then serves the hash alone', async () => {
    const query = '{ customer(by: { phone: "5511999998888" }) { userProfileId } }';
    const hash = sha256(query);
    const miss = await post(h, { extensions: persisted(hash) });
    expect(miss.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post(h, { query, extensions: persisted(hash) });
    expect(register.body.data?.['customer']).toEqual({ userProfileId: 'ddsd23223' });
    const hit = await post(h, { extensions: persisted(hash) });
    expect(hit.body.data?.['customer']).toEqual({ userProfileId: 'ddsd23223' });
  });

  it('refuses a text that does not match its hash', async () => {
    const res = await post(h, { query: AD_HOC, extensions: persisted(sha256('something else')) });
    expect(res.status).toBe(400);
  });
});

describe('PERSISTED_QUERIES_MANIFEST', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PERSISTED_QUERIES_MANIFEST: writeManifest() } });
  });
  afterAll(() => h.close());

  it('serves listed operations by id, and ad-hoc ones while not in persisted-only mode', async () => {
    const byId = await post(h, {
      extensions: persisted(LISTED_ID),
      variables: { email: 'customer@example.com' },
    });
    expect(byId.body.data).toEqual({ customer: { profile: { summary: { style: STYLE } } } });
    const custom = await post(h, { extensions: persisted('example-id-v1') });
    expect(custom.body.data).toEqual({ customer: { userProfileId: 'ddsd23223' } });
    const adHoc = await h.query(AD_HOC);
    expect(adHoc.body.errors).toBeUndefined();
  });
});

describe('PERSISTED_QUERIES_ONLY=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { PERSISTED_QUERIES_MANIFEST: writeManifest(), PERSISTED_QUERIES_ONLY: 'true' },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.resetStats());

  it('refuses an ad-hoc query with PERSISTED_QUERY_NOT_IN_LIST and no upstream call', async () => {
    const res = await h.query(AD_HOC);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(res.body.data).toBeUndefined();
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('serves a listed operation by id, over POST and over GET', async () => {
    const res = await post(h, {
      extensions: persisted(LISTED_ID),
      variables: { email: 'customer@example.com' },
    });
    expect(res.body.data).toEqual({ customer: { profile: { summary: { style: STYLE } } } });
    const params = new URLSearchParams({
      extensions: JSON.stringify(persisted('example-id-v1')),
    });
    const get = await fetch(`${h.url}/graphql?${params}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { customer: { userProfileId: 'ddsd23223' } } });
  });

  it('serves a listed operation sent as its exact text', async () => {
    const res = await h.query(LISTED, { email: 'customer@example.com' });
    expect(res.body.data).toEqual({ customer: { profile: { summary: { style: STYLE } } } });
  });

  it('cannot be widened through APQ registration', async () => {
    const register = await post(h, { query: AD_HOC, extensions: persisted(sha256(AD_HOC)) });
    expect(register.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const replay = await post(h, { extensions: persisted(sha256(AD_HOC)) });
    expect(replay.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND and no upstream call', async () => {
    const res = await post(h, { extensions: persisted(sha256('never listed')) });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(h.upstream.stats.calls).toBe(0);
  });
});

describe('manifest configuration', () => {
  const base = { FASHIONAI_APP_TOKEN: 't' };
  it('requires a manifest for persisted-only mode', () => {
    expect(() => loadConfig({ ...base, PERSISTED_QUERIES_ONLY: 'true' })).toThrow(ConfigError);
  });

  it.each([
    ['a missing file', () => join(tmpdir(), 'no-such-manifest.json')],
    [
      'a file in another format',
      () => {
        const path = join(mkdtempSync(join(tmpdir(), 'pq-')), 'm.json');
        writeFileSync(path, JSON.stringify({ operations: [{ id: LISTED_ID, body: LISTED }] }));
        return path;
      },
    ],
    [
      'an operation that does not parse',
      () => {
        const path = join(mkdtempSync(join(tmpdir(), 'pq-')), 'm.json');
        writeFileSync(
          path,
          JSON.stringify({
            format: 'apollo-persisted-query-manifest',
            version: 1,
            operations: [{ id: 'x', name: 'Broken', type: 'query', body: '{ customer(' }],
          }),
        );
        return path;
      },
    ],
    [
      'a { hash: document } map with a document that is not an operation',
      () => {
        const path = join(mkdtempSync(join(tmpdir(), 'pq-')), 'm.json');
        writeFileSync(path, JSON.stringify({ abc: 'fragment F on Customer { email }' }));
        return path;
      },
    ],
    [
      'a sha256: key that is not the hash of its document',
      () => {
        const path = join(mkdtempSync(join(tmpdir(), 'pq-')), 'm.json');
        writeFileSync(path, JSON.stringify({ [`sha256:${sha256(NAMED)}`]: LISTED }));
        return path;
      },
    ],
  ])('stops the start on %s with a message naming the variable', (_name, path) => {
    expect(() => loadConfig({ ...base, PERSISTED_QUERIES_MANIFEST: path() })).toThrow(
      /PERSISTED_QUERIES_MANIFEST/,
    );
  });

  it("reads client-preset's { hash: document } map as well as Apollo's manifest", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pq-')), 'persisted-documents.json');
    // client-preset writes `sha256:<hex>` keys; APQ clients send the bare hex.
    writeFileSync(
      path,
      JSON.stringify({ [`sha256:${LISTED_ID}`]: LISTED, 'example-id-v1': NAMED }),
    );
    const config = loadConfig({
      ...base,
      PERSISTED_QUERIES_MANIFEST: path,
      PERSISTED_QUERIES_ONLY: 'true',
    });
    expect(config.persistedQueries.operations).toEqual([
      { id: LISTED_ID, name: 'ProductPageHints', type: 'query', body: LISTED },
      { id: 'example-id-v1', name: 'ExampleId', type: 'query', body: NAMED },
    ]);
  });
});
