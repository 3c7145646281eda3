// A frontend team's typed path, end to end, with examples/storefront: its codegen (client-preset)
// turns the operations written with graphql() into typed documents and a persisted-documents
// manifest; the example type-checks against them; a gateway started with
// PERSISTED_QUERIES_ONLY=true on that manifest serves the example's operations to its urql
// client, which sends only their hashes, and refuses an operation the manifest does not list.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gql } from '@urql/core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createStorefrontClient } from '../../../examples/storefront/src/client.ts';
import type {
  OccasionLooksQuery,
  StyleHintsQuery,
} from '../../../examples/storefront/src/gql/graphql.ts';
import {
  occasionLooks,
  purchaseMoment,
  styleHints,
} from '../../../examples/storefront/src/storefront.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const run = promisify(execFile);
const EXAMPLE = fileURLToPath(new URL('../../../examples/storefront/', import.meta.url));
const MANIFEST = `${EXAMPLE}src/gql/persisted-documents.json`;
const API_KEY = 'storefront-key-0123456789';

let h: Harness;
const sent: Record<string, unknown>[] = [];
/** The real fetch, recording each body the client sends. */
const recordingFetch: typeof fetch = (input, init) => {
  if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Record<string, unknown>);
  return fetch(input, init);
};
const client = () =>
  createStorefrontClient({ url: `${h.url}/graphql`, apiKey: API_KEY, fetch: recordingFetch });

beforeAll(async () => {
  // The example's own codegen, as its developers run it (`npm run codegen:storefront`).
  await run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { cwd: EXAMPLE });
  h = await startHarness({
    env: {
      PERSISTED_QUERIES_MANIFEST: MANIFEST,
      PERSISTED_QUERIES_ONLY: 'true',
      GATEWAY_API_KEYS: `storefront:${API_KEY}`,
    },
  });
}, 120_000);
afterAll(() => h?.close());

describe('storefront example (client-preset + persisted documents)', () => {
  it('generates a { hash: document } manifest of its three operations', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const names = Object.values(manifest).map((body) => /query (\w+)/.exec(body)?.[1]);
    expect(names.sort()).toEqual(['OccasionLooks', 'PurchaseMoment', 'StyleHints']);
    for (const key of Object.keys(manifest)) expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('type-checks against the generated documents', async () => {
    // Throws (with tsc's report) when the example no longer fits the schema's types.
    await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd: EXAMPLE });
  }, 120_000);

  it('runs its operations by hash alone and gets typed results', async () => {
    sent.length = 0;
    const storefront = client();
    const hints = await styleHints(storefront, 'customer@example.com');
    expectTypeOf(hints).toEqualTypeOf<StyleHintsQuery['customer']>();
    expect(hints?.userProfileId).toBe('ddsd23223');
    expect(hints?.profile?.summary?.style).toContain('Casual-elegante minimalista');

    const looks = await occasionLooks(storefront, 'ddsd23223');
    expectTypeOf(looks).toEqualTypeOf<
      NonNullable<OccasionLooksQuery['customer']>['profile'] | undefined
    >();
    expect(looks?.occasions?.length).toBeGreaterThan(0);
    expect(looks?.occasions?.[0]?.suggestedLook.length).toBeGreaterThan(0);

    const moment = await purchaseMoment(storefront, '5511999998888');
    expect(typeof moment?.isNewBehavior).toBe('boolean');

    // Three requests, each a hash and variables: no query text ever left the client.
    expect(sent).toHaveLength(3);
    for (const body of sent) {
      expect(body['query']).toBeUndefined();
      expect(body['extensions']).toMatchObject({
        persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
    }
  });

  it('refuses an operation that is not in the manifest, before any upstream call', async () => {
    const callsBefore = h.upstream.stats.calls;
    const adHoc = gql`
      query AdHoc {
        customer(by: { email: "customer@example.com" }) {
          email
          phone
          document
        }
      }
    `;
    const result = await client().query(adHoc, {});
    expect(result.data).toBeUndefined();
    expect(result.error?.graphQLErrors[0]?.extensions['code']).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(h.upstream.stats.calls).toBe(callsBefore);
  });

  it('answers a storefront without its API key with UNAUTHENTICATED', async () => {
    const anonymous = createStorefrontClient({ url: `${h.url}/graphql` });
    await expect(styleHints(anonymous, 'customer@example.com')).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
