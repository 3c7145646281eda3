// Bad identifiers and oversized operations are refused with BAD_USER_INPUT before any
// upstream call; the process keeps serving.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_LOOKUPS_PER_REQUEST: '5' } });
});
afterAll(() => h.close());
beforeEach(() => h.upstream.resetStats());

const lookup = `query($by: CustomerLookup!) { customer(by: $by) { userProfileId } }`;

describe('identifier validation', () => {
  it.each([
    ['an e-mail without @', { email: 'not-an-email' }],
    ['an empty e-mail', { email: '   ' }],
    ['an e-mail over 254 characters', { email: `${'a'.repeat(250)}@example.com` }],
    ['a phone with letters', { phone: '55119999abc88' }],
    ['a document with letters', { document: '1234X678900' }],
    ['an empty userProfileId', { userProfileId: '' }],
    ['a dot-segment userProfileId', { userProfileId: '..' }],
    ['a control character', { userProfileId: 'abc\u0000def' }],
  ])('refuses %s with BAD_USER_INPUT and no upstream call', async (_name, by) => {
    const res = await h.query(lookup, { by });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.data?.['customer'] ?? null).toBeNull();
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('refuses a lookup with two identifiers', async () => {
    const res = await h.query(lookup, { by: { email: 'a@example.com', phone: '5511999998888' } });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('refuses a literal lookup with no identifier at validation', async () => {
    const res = await h.query(`{ customer(by: {}) { userProfileId } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('fails only the bad item of a customers list', async () => {
    const res = await h.query(
      `{ customers(by: [{ email: "customer@example.com" }, { phone: "abc" }]) { userProfileId } }`,
    );
    expect(res.body.data?.['customers']).toEqual([{ userProfileId: 'ddsd23223' }, null]);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.path).toEqual(['customers', 1]);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('lookups per request (MAX_LOOKUPS_PER_REQUEST=5)', () => {
  it('refuses a list over the limit before any upstream call', async () => {
    const by = Array.from({ length: 6 }, (_, i) => ({ email: `c${i}@example.com` }));
    const res = await h.query(
      `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`,
      { by },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/6 customer lookups; at most 5/);
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('counts aliases and list items together, through fragments', async () => {
    const res = await h.query(`
      query { ...F a: customer(by: { email: "a@example.com" }) { userProfileId } }
      fragment F on Query {
        b: customer(by: { email: "b@example.com" }) { userProfileId }
        customers(by: [{ email: "c@example.com" }, { email: "d@example.com" }, { email: "e@example.com" }, { email: "f@example.com" }]) { userProfileId }
      }`);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('serves an operation at the limit', async () => {
    const by = Array.from({ length: 5 }, () => ({ email: 'customer@example.com' }));
    const res = await h.query(
      `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`,
      { by },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['customers']).toHaveLength(5);
  });
});

describe('HTTP body limit', () => {
  it('answers 413 to a body over MAX_BODY_BYTES', async () => {
    const res = await h.post(
      JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(200_000) }),
    );
    expect(res.status).toBe(413);
    expect(h.upstream.stats.calls).toBe(0);
  });
});
