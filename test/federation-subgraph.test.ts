// The gateway as an Apollo Federation subgraph: `_service` publishes both entity keys and the
// oneOf input, and `_entities` resolves representations through the per-request loader, in
// the representations' order, one upstream call per distinct customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../src/sample-upstream/index.ts';
import { startHarness } from './support/harness.ts';
import type { Harness } from './support/harness.ts';

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
      userProfileId: string;
      email: string | null;
    } | null>;
    expect(list.map((c) => c?.userProfileId ?? null)).toEqual([
      a.userProfileId,
      b.userProfileId,
      null,
      a.userProfileId,
      b.userProfileId,
    ]);
    expect(list[0]?.email).toBe(a.email);
    expect(h.upstream.stats.calls).toBe(3);
    expect(h.upstream.callsFor('email', a.email)).toBe(1);
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
