// The gateway as an Apollo Federation subgraph: `_service` publishes both entity keys and the
// oneOf input, and `_entities` resolves representations through the per-request loader, in
// the representations' order, one upstream call per distinct customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const entities = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer { userProfileId email profile { summary { style } } }
  }
}`;

describe('federation subgraph', () => {
  it('publishes an SDL with both @key directives and the @oneOf lookup', async () => {
    const res = await h.query('{ _service { sdl } }');
    const sdl = (res.body.data?.['_service'] as { sdl: string }).sdl;
    expect(sdl).toContain('type Customer @key(fields: "userProfileId") @key(fields: "email")');
    expect(sdl).toMatch(/input CustomerLookup @oneOf/);
  });

  it('resolves representations by either key, in order, one upstream call per customer', async () => {
    const a = sampleCustomer(401);
    const b = sampleCustomer(402);
    h.upstream.resetStats();
    const res = await h.query(entities, {
      representations: [
        { __typename: 'Customer', email: a.email },
        { __typename: 'Customer', userProfileId: b.userProfileId },
        { __typename: 'Customer', email: 'nobody@example.com' },
        { __typename: 'Customer', email: a.email.toUpperCase() },
        { __typename: 'Customer', userProfileId: b.userProfileId },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    const list = res.body.data?.['_entities'] as Array<{
      userProfileId: string | null;
      email: string | null;
    }>;
    expect(list.map((c) => c.userProfileId)).toEqual([
      a.userProfileId,
      b.userProfileId,
      null,
      a.userProfileId,
      b.userProfileId,
    ]);
    expect(list[0]?.email).toBe(a.email);
    expect(list[2]).toEqual({ userProfileId: null, email: 'nobody@example.com', profile: null });
    expect(h.upstream.stats.calls).toBe(3);
    expect(h.upstream.callsFor('email', a.email)).toBe(1);
  });

  it('resolves a shopper Fashion.AI has not profiled, where root lookups answer null', async () => {
    const unknownEmail = 'primeira.compra@lojas.example';
    const res = await h.query(entities, {
      representations: [
        { __typename: 'Customer', email: unknownEmail },
        { __typename: 'Customer', userProfileId: 'nao-perfilado-1' },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['_entities']).toEqual([
      { userProfileId: null, email: unknownEmail, profile: null },
      { userProfileId: 'nao-perfilado-1', email: null, profile: null },
    ]);

    const root = await h.query(
      `query($e: String!, $id: ID!) {
        customer(by: { email: $e }) { email }
        customers(by: [{ email: $e }, { userProfileId: $id }]) { email }
      }`,
      { e: unknownEmail, id: 'nao-perfilado-1' },
    );
    expect(root.body).toEqual({ data: { customer: null, customers: [null, null] } });
  });

  it('fails only the profile of a representation whose lookup failed, keeping its key', async () => {
    const [ok, failing] = [403, 404].map(sampleCustomer);
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: failing!.email });
    try {
      const res = await h.query(entities, {
        representations: [
          { __typename: 'Customer', email: failing!.email },
          { __typename: 'Customer', email: ok!.email },
        ],
      });
      const list = res.body.data?.['_entities'] as Array<Record<string, unknown>>;
      expect(list[0]).toMatchObject({ email: failing!.email, profile: null });
      expect(list[1]).toMatchObject({ email: ok!.email, profile: { summary: expect.anything() } });
      expect(res.body.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
        [['_entities', 0, 'userProfileId'], 'UPSTREAM_UNAVAILABLE'],
        [['_entities', 0, 'profile'], 'UPSTREAM_UNAVAILABLE'],
      ]);
    } finally {
      h.upstream.clearFaults();
    }
  });

  it('fails only the representation with a malformed key', async () => {
    const res = await h.query(entities, {
      representations: [
        { __typename: 'Customer', email: 'not-an-email' },
        { __typename: 'Customer', email: 'customer@example.com' },
      ],
    });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.path).toEqual(['_entities', 0]);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const list = res.body.data?.['_entities'] as Array<{ userProfileId: string } | null>;
    expect(list[1]?.userProfileId).toBe('ddsd23223');
  });
});
