// Federation end to end: a real supergraph (@apollo/gateway, IntrospectAndCompose) composing
// this gateway with a test `orders` subgraph. Orders reference customers by e-mail; their
// profiles come from this gateway's `_entities`, one upstream call per distinct customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { sampleCustomer } from '../src/sample-upstream/index.ts';
import { startHarness } from './support/harness.ts';
import type { Harness } from './support/harness.ts';
import { ORDERS_TYPE_DEFS, startOrdersSubgraph, startSupergraph } from './support/supergraph.ts';
import type { OrderFixture, Running } from './support/supergraph.ts';

const [ana, bia, caio] = [sampleCustomer(21), sampleCustomer(22), sampleCustomer(23)];
const ORDERS: OrderFixture[] = [
  { id: 'o1', total: 199.9, email: ana.email },
  { id: 'o2', total: 89.5, email: bia.email },
  // Same customer as o1, spelled differently: still one upstream call.
  { id: 'o3', total: 45, email: ana.email.toUpperCase() },
  { id: 'o4', total: 310, email: caio.email },
  { id: 'o5', total: 12.3, email: bia.email },
  { id: 'o6', total: 77, email: ana.email },
];

async function post(url: string, query: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('a supergraph composing this gateway with an orders subgraph', () => {
  let customer: Harness;
  let orders: Running;
  let supergraph: Running;
  beforeAll(async () => {
    customer = await startHarness();
    orders = await startOrdersSubgraph(ORDERS);
    supergraph = await startSupergraph([
      { name: 'customer', url: `${customer.url}/graphql` },
      { name: 'orders', url: orders.url },
    ]);
  });
  afterAll(async () => {
    await supergraph?.stop();
    await orders?.stop();
    await customer?.close();
  });

  it('resolves each order’s customer profile with one upstream call per distinct customer', async () => {
    customer.upstream.resetStats();
    const res = await post(
      supergraph.url,
      `{ orders { id customer { email profile { summary { style } } } } }`,
    );
    expect(res.errors).toBeUndefined();

    // The same profiles the gateway serves directly (now from its cache).
    const style = async (email: string) => {
      const direct = await customer.query(
        `query($e: String!) { customer(by: { email: $e }) { profile { summary { style } } } }`,
        { e: email },
      );
      return (direct.body.data?.['customer'] as { profile: unknown }).profile;
    };
    const expected = await Promise.all(
      ORDERS.map(async (o) => ({
        id: o.id,
        customer: { email: o.email, profile: await style(o.email) },
      })),
    );
    expect(res.data?.['orders']).toEqual(expected);
    expect((expected[0]?.customer.profile as { summary: { style: string } }).summary.style).toEqual(
      expect.any(String),
    );

    // Six representations, three customers: the _entities batch went through the DataLoader.
    expect(customer.upstream.stats.calls).toBe(3);
    for (const c of [ana, bia, caio]) expect(customer.upstream.callsFor('email', c.email)).toBe(1);
  });

  it('publishes a subgraph SDL that composes with another subgraph', () => {
    const published = readFileSync(
      new URL('../schema/supergraph/customer-subgraph.graphql', import.meta.url),
      'utf8',
    );
    const result = composeServices([
      { name: 'customer', typeDefs: parse(published), url: 'http://customer.invalid/graphql' },
      { name: 'orders', typeDefs: parse(ORDERS_TYPE_DEFS), url: 'http://orders.invalid/graphql' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toContain('type Customer');
  });
});
