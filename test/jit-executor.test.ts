// GRAPHQL_EXECUTOR=jit: a document runs on graphql-js the first time and compiled by graphql-jit
// from then on, so sending each operation twice compares the two executors answer for answer —
// data, partial results, errors with their codes and paths, federation entities.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../src/sample-upstream/index.ts';
import { EXAMPLE_PROFILE, FULL_PROFILE_FIELDS, startHarness } from './support/harness.ts';
import type { GraphQLResponse, Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  // No caching: every run asks the upstream, so a fault shapes both runs alike.
  h = await startHarness({ env: { GRAPHQL_EXECUTOR: 'jit', CACHE_TTL_SECONDS: '0' } });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

const example = sampleCustomer(0);

/** Errors in a stable order: the executors may report sibling errors in another order. */
function normalised(res: GraphQLResponse) {
  const errors = [...(res.body.errors ?? [])].sort((a, b) =>
    JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)),
  );
  return { status: res.status, data: res.body.data, errors };
}

/** Sends the operation twice (interpreted, then compiled) and returns the compiled answer. */
async function twice(query: string, variables: Record<string, unknown>) {
  const interpreted = await h.query(query, variables);
  const compiled = await h.query(query, variables);
  expect(normalised(compiled)).toEqual(normalised(interpreted));
  return compiled;
}

describe('GRAPHQL_EXECUTOR=jit', () => {
  it('answers a whole profile exactly like graphql-js', async () => {
    const query = `query Whole($e: String!) { customer(by: { email: $e }) { userProfileId email phone profile { ${FULL_PROFILE_FIELDS} } } }`;
    const res = await twice(query, { e: example.email });
    expect(res.body.errors).toBeUndefined();
    const customer = res.body.data?.['customer'] as { email: string; profile: unknown };
    expect(customer.email).toBe(example.email);
    expect(customer.profile).toEqual(EXAMPLE_PROFILE);
  });

  it('keeps a wrong-typed section an error on that field only, with its path', async () => {
    h.upstream.addFault({ fault: { type: 'drift', variant: 'wrong-type' } });
    const query = `query Drift($e: String!) { customer(by: { email: $e }) { profile { ${FULL_PROFILE_FIELDS} } } }`;
    const res = await twice(query, { e: example.email });
    const errors = res.body.errors ?? [];
    expect(errors.map((e) => e.path?.join('.')).sort()).toEqual([
      'customer.profile.contentHooks',
      'customer.profile.marketingBriefing',
    ]);
    for (const e of errors) expect(e.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    const profile = (res.body.data?.['customer'] as { profile: Record<string, unknown> }).profile;
    expect(profile['summary']).toEqual(EXAMPLE_PROFILE.summary);
  });

  it('fails only the bad item of a list, with BAD_USER_INPUT at its index', async () => {
    const query = `query List($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`;
    const res = await twice(query, { by: [{ email: example.email }, { phone: 'abc' }] });
    expect(res.body.data?.['customers']).toEqual([{ userProfileId: example.userProfileId }, null]);
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
      [['customers', 1], 'BAD_USER_INPUT'],
    ]);
  });

  it('resolves federation entities and fails only the malformed representation', async () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Customer { userProfileId email } }
    }`;
    const res = await twice(query, {
      representations: [
        { __typename: 'Customer', email: 'not-an-email' },
        { __typename: 'Customer', email: example.email },
      ],
    });
    expect(res.body.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
      [['_entities', 0], 'BAD_USER_INPUT'],
    ]);
    expect(res.body.data?.['_entities']).toEqual([
      null,
      { userProfileId: example.userProfileId, email: example.email },
    ]);
  });

  it('answers null for an unknown customer, and masks nothing it should not', async () => {
    const query = `query Unknown($e: String!) { customer(by: { email: $e }) { userProfileId } }`;
    const res = await twice(query, { e: 'nobody.here@example.com' });
    expect(res.body).toEqual({ data: { customer: null } });
  });
});
