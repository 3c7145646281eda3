// Operation limits, checked on the parsed document before anything executes: depth, aliases,
// tokens, directives (graphql-armor rules and graphql-js's token limit), batching. Each
// refusal is BAD_USER_INPUT naming the limit, with no upstream call; real operations from
// frontends, backends and a federation router fit the defaults.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { FULL_PROFILE_FIELDS, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

describe('with tight limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        MAX_DEPTH: '3',
        MAX_ALIASES: '2',
        MAX_TOKENS: '60',
        MAX_DIRECTIVES: '2',
        MAX_LOOKUPS_PER_REQUEST: '5',
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.resetStats());

  it.each([
    [
      'depth',
      '{ customer(by: { email: "customer@example.com" }) { profile { occasions { name } } } }',
    ],
    [
      'depth (through fragments too)',
      '{ customer(by: { email: "customer@example.com" }) { ...C } } fragment C on Customer { profile { occasions { name } } }',
    ],
    [
      'aliases',
      '{ a: customer(by: { email: "a@example.com" }) { userProfileId } b: customer(by: { email: "b@example.com" }) { userProfileId } c: customer(by: { email: "c@example.com" }) { userProfileId } }',
    ],
    [
      'directives',
      '{ customer(by: { email: "customer@example.com" }) { userProfileId @include(if: true) email @include(if: true) phone @skip(if: false) } }',
    ],
    [
      'tokens',
      `{ customer(by: { email: "customer@example.com" }) { ${'userProfileId '.repeat(60)} } }`,
    ],
  ])(
    'refuses an operation over the %s limit: BAD_USER_INPUT, no upstream call',
    async (limit, query) => {
      const res = await h.query(query);
      expect(res.status).toBe(400);
      const error = res.body.errors?.[0];
      expect(error?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(error?.extensions?.['limit']).toBe(limit.split(' ')[0]);
      expect(error?.message).toMatch(/limit of \d+ exceeded/);
      expect(res.body.data).toBeUndefined();
      expect(h.upstream.stats.calls).toBe(0);
    },
  );

  it('serves an operation at every limit', async () => {
    const res = await h.query(
      '{ a: customer(by: { email: "customer@example.com" }) { profile { contentHooks } } b: customer(by: { phone: "5511999998888" }) @include(if: true) { userProfileId @skip(if: false) } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['b']).toEqual({ userProfileId: 'ddsd23223' });
  });

  it('refuses batched operations while GRAPHQL_BATCHING is off (the default)', async () => {
    const op = { query: '{ customer(by: { email: "customer@example.com" }) { userProfileId } }' };
    const res = await h.post(JSON.stringify([op, op]));
    expect(res.status).toBe(400);
    expect(h.upstream.stats.calls).toBe(0);
  });
});

describe('batching, when enabled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { GRAPHQL_BATCHING: 'true', GRAPHQL_MAX_BATCH_SIZE: '3', MAX_LOOKUPS_PER_REQUEST: '5' },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.resetStats());

  const lookups = (n: number, offset: number) => ({
    query: 'query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }',
    variables: {
      by: Array.from({ length: n }, (_, i) => ({ email: sampleCustomer(offset + i).email })),
    },
  });

  it('serves a batch within GRAPHQL_MAX_BATCH_SIZE', async () => {
    const res = await h.post(JSON.stringify([lookups(2, 20), lookups(2, 30)]));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveLength(2);
  });

  it('refuses a batch over GRAPHQL_MAX_BATCH_SIZE with no upstream call', async () => {
    const res = await h.post(
      JSON.stringify([lookups(1, 40), lookups(1, 41), lookups(1, 42), lookups(1, 43)]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('counts MAX_LOOKUPS_PER_REQUEST across the operations of one batch', async () => {
    const res = await h.post(JSON.stringify([lookups(3, 50), lookups(3, 60)]));
    const results = JSON.parse(res.text) as Array<{
      errors?: Array<{ extensions: { code: string } }>;
    }>;
    // The operations run concurrently: whichever comes second goes over the shared budget.
    const codes = results.map((r) => r.errors?.[0]?.extensions.code ?? 'ok').sort();
    expect(codes).toEqual(['BAD_USER_INPUT', 'ok']);
    expect(h.upstream.stats.calls).toBe(3);
  });
});

describe('with the default limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('serves a customers list of 100 literal lookups with the full profile', async () => {
    const by = Array.from(
      { length: 100 },
      (_, i) => `{ email: "${sampleCustomer(i).email}" }`,
    ).join(' ');
    const res = await h.query(
      `{ customers(by: [${by}]) { userProfileId profile { ${FULL_PROFILE_FIELDS} } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['customers']).toHaveLength(100);
  });

  it("serves a federation router's _entities query for 100 representations", async () => {
    // The shape a router sends: a named operation, __typename everywhere, an inline fragment.
    const query = `query Products__profiles__1($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on Customer { __typename userProfileId profile { __typename summary { __typename style }
          occasions { __typename name suggestedLook } purchaseMoment { __typename summary opportunities } } }
      }
    }`;
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Customer',
      userProfileId: sampleCustomer(i).userProfileId,
    }));
    const res = await h.query(query, { representations });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['_entities']).toHaveLength(100);
  });

  it('serves the explorer’s full introspection query (outside production)', async () => {
    const res = await h.query(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, oneOf: true }),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['__schema']).toBeTruthy();
  });

  it('refuses 101 lookups (MAX_LOOKUPS_PER_REQUEST default 100) with no upstream call', async () => {
    h.upstream.resetStats();
    const by = Array.from({ length: 101 }, (_, i) => ({ email: sampleCustomer(i).email }));
    const res = await h.query(
      'query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }',
      { by },
    );
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(h.upstream.stats.calls).toBe(0);
  });
});
