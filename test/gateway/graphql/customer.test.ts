// The core graph end to end: every identifier, field mapping, nulls, order, batching and
// caching, asserted over HTTP with upstream calls counted at the sample upstream.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import {
  EXAMPLE_PROFILE,
  FULL_PROFILE_FIELDS,
  sleep,
  startHarness,
} from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

const example = sampleCustomer(0);

describe('Query.customer', () => {
  it.each([
    ['email', example.email],
    ['phone', example.phone],
    ['document', example.document],
    ['userProfileId', example.userProfileId],
  ])('maps every field of the documented profile when looked up by %s', async (kind, value) => {
    const res = await h.query(
      `query($by: CustomerLookup!) { customer(by: $by) { userProfileId email phone document profile { ${FULL_PROFILE_FIELDS} } } }`,
      { by: { [kind]: value } },
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['customer']).toEqual({
      userProfileId: 'ddsd23223',
      email: kind === 'email' ? value : null,
      phone: kind === 'phone' ? value : null,
      document: kind === 'document' ? value : null,
      profile: EXAMPLE_PROFILE,
    });
  });

  it('answers null without errors when Fashion.AI has no profile (404)', async () => {
    const res = await h.query(
      `{ customer(by: { email: "nobody@example.com" }) { userProfileId } }`,
    );
    expect(res.body.data).toEqual({ customer: null });
    expect(res.body.errors).toBeUndefined();
  });

  it('normalises e-mails, phones and documents before looking them up', async () => {
    h.upstream.resetStats();
    const res = await h.query(`{
      a: customer(by: { email: "  Customer@Example.COM " }) { userProfileId email }
      b: customer(by: { phone: "+55 (11) 99999-8888" }) { userProfileId phone }
      c: customer(by: { document: "123.456.789-00" }) { userProfileId document }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      a: { userProfileId: 'ddsd23223', email: 'customer@example.com' },
      b: { userProfileId: 'ddsd23223', phone: '5511999998888' },
      c: { userProfileId: 'ddsd23223', document: '12345678900' },
    });
  });
});

describe('Query.customers', () => {
  it('keeps the order asked and answers null where not found', async () => {
    const c1 = sampleCustomer(11);
    const c2 = sampleCustomer(12);
    const res = await h.query(
      `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId profile { summary { style } } } }`,
      {
        by: [{ email: c2.email }, { phone: '5500000000001' }, { userProfileId: c1.userProfileId }],
      },
    );
    expect(res.body.errors).toBeUndefined();
    const list = res.body.data?.['customers'] as Array<{ userProfileId: string } | null>;
    expect(list).toHaveLength(3);
    expect(list[0]?.userProfileId).toBe(c2.userProfileId);
    expect(list[1]).toBeNull();
    expect(list[2]?.userProfileId).toBe(c1.userProfileId);
  });
});

describe('batching and caching', () => {
  it('costs one upstream call for three aliases plus a list repeating the same e-mail', async () => {
    const c = sampleCustomer(21);
    h.upstream.resetStats();
    const res = await h.query(
      `query($e: String!, $E: String!) {
        a: customer(by: { email: $e }) { userProfileId }
        b: customer(by: { email: $E }) { profile { summary { style } } }
        c: customer(by: { email: $e }) { email }
        list: customers(by: [{ email: $e }, { email: $E }, { email: $e }]) { userProfileId }
      }`,
      { e: c.email, E: `  ${c.email.toUpperCase()}` },
    );
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.['a'] as { userProfileId: string }).userProfileId).toBe(c.userProfileId);
    expect(res.body.data?.['list']).toHaveLength(3);
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
    expect(h.upstream.stats.calls).toBe(1);
  });

  it('answers a repeated query from the cache, with no new upstream call', async () => {
    const c = sampleCustomer(22);
    const q = `query($e: String!) { customer(by: { email: $e }) { profile { summary { style } } } }`;
    const first = await h.query(q, { e: c.email });
    h.upstream.resetStats();
    const second = await h.query(q, { e: c.email });
    expect(second.body.data).toEqual(first.body.data);
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('finds by userProfileId a customer first fetched by e-mail, without an upstream call', async () => {
    const c = sampleCustomer(23);
    await h.query(`query($e: String!) { customer(by: { email: $e }) { userProfileId } }`, {
      e: c.email,
    });
    h.upstream.resetStats();
    const res = await h.query(
      `query($id: ID!) { customer(by: { userProfileId: $id }) { userProfileId profile { contentHooks } } }`,
      { id: c.userProfileId },
    );
    expect((res.body.data?.['customer'] as { userProfileId: string }).userProfileId).toBe(
      c.userProfileId,
    );
    expect(h.upstream.stats.calls).toBe(0);
  });
});

describe('cache expiry', () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ env: { CACHE_TTL_SECONDS: '1' } });
  });
  afterAll(() => short.close());

  it('fetches again, once, after CACHE_TTL_SECONDS', async () => {
    const c = sampleCustomer(31);
    const q = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;
    await short.query(q, { e: c.email });
    await short.query(q, { e: c.email });
    expect(short.upstream.callsFor('email', c.email)).toBe(1);
    await sleep(1100);
    await short.query(q, { e: c.email });
    await short.query(q, { e: c.email });
    expect(short.upstream.callsFor('email', c.email)).toBe(2);
  });
});
