// Federation end to end: a real supergraph (@apollo/gateway, IntrospectAndCompose) composing
// this gateway with a test `orders` subgraph. Orders reference customers by e-mail; their
// profiles come from this gateway's `_entities`, one upstream call per distinct customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import {
  ORDERS_TYPE_DEFS,
  startFederation,
  startOrdersSubgraph,
  startSupergraph,
} from '../../support/supergraph.ts';
import type { Federation, OrderFixture, Running } from '../../support/supergraph.ts';

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
      new URL('../../../schema/supergraph/customer-subgraph.graphql', import.meta.url),
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

// A shopper the orders subgraph knows but Fashion.AI has not profiled yet (every new customer)
// is still a customer: the router keeps the order's e-mail and gets `profile: null`, no error.
describe('a supergraph whose orders include shoppers Fashion.AI has not profiled', () => {
  const ORDER_QUERY = `{ orders { id customer { email profile { summary { style } } } } }`;
  const known = Array.from({ length: 17 }, (_, i) => sampleCustomer(601 + i).email);
  const unknown = [1, 2, 3].map((i) => `nova.cliente.${i}@primeira-compra.example`);
  // Unknown shoppers spread through the list, not bunched at one end.
  const shoppers = [...known];
  shoppers.splice(2, 0, unknown[0]!);
  shoppers.splice(9, 0, unknown[1]!);
  shoppers.splice(19, 0, unknown[2]!);
  const orderOf = (email: string, i: number): OrderFixture => ({
    id: `o${i + 1}`,
    total: 10 + i,
    email,
  });

  type OrderView = { id: string; customer: { email: string; profile: unknown } };
  const ordersOf = (res: { data?: Record<string, unknown> }) => res.data?.['orders'] as OrderView[];

  describe('20 orders, 3 of them by unknown shoppers', () => {
    let fed: Federation;
    beforeAll(async () => {
      // No whole-response cache: the second query must be answered by the remembered 404s.
      fed = await startFederation(shoppers.map(orderOf), { env: { RESPONSE_CACHE_TTL_MS: '0' } });
    });
    afterAll(() => fed?.stop());

    it('resolves every order’s customer, with profile null for the unknown ones and no errors', async () => {
      fed.customer.upstream.resetStats();
      const res = await post(fed.router.url, ORDER_QUERY);
      expect(res.errors).toBeUndefined();
      const orders = ordersOf(res);
      expect(orders.map((o) => o.customer.email)).toEqual(shoppers);
      for (const order of orders) {
        if (unknown.includes(order.customer.email)) expect(order.customer.profile).toBeNull();
        else expect(order.customer.profile).toEqual({ summary: { style: expect.any(String) } });
      }
      expect(orders.filter((o) => o.customer.profile === null)).toHaveLength(3);

      const { stats } = fed.customer.upstream;
      expect(stats.calls).toBe(20);
      expect(stats.byStatus).toEqual(
        new Map([
          [200, 17],
          [404, 3],
        ]),
      );
      for (const email of shoppers) expect(fed.customer.upstream.callsFor('email', email)).toBe(1);
    });

    it('answers the same query again without any upstream call: the 404s are remembered', async () => {
      const first = await post(fed.router.url, ORDER_QUERY);
      fed.customer.upstream.resetStats();
      const again = await post(fed.router.url, ORDER_QUERY);
      expect(again).toEqual(first);
      expect(fed.customer.upstream.stats.calls).toBe(0);
    });
  });

  describe('a vendor failure for one shopper', () => {
    let fed: Federation;
    const failing = shoppers[5]!;
    beforeAll(async () => {
      fed = await startFederation(shoppers.map(orderOf));
      fed.customer.upstream.addFault({ fault: { type: 'status', status: 503 }, match: failing });
    });
    afterAll(() => fed?.stop());

    it('still gives the other 19 and one UPSTREAM_UNAVAILABLE error at that order’s profile', async () => {
      const res = await post(fed.router.url, ORDER_QUERY);
      const orders = ordersOf(res);
      expect(orders.map((o) => o.customer.email)).toEqual(shoppers);
      expect(orders[5]?.customer.profile).toBeNull();
      const profiled = orders.filter((o, i) => i !== 5 && !unknown.includes(o.customer.email));
      expect(profiled).toHaveLength(16);
      for (const o of profiled)
        expect(o.customer.profile).toEqual({ summary: { style: expect.any(String) } });

      expect(res.errors).toEqual([
        expect.objectContaining({
          path: ['orders', 5, 'customer', 'profile'],
          extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
        }),
      ]);
    });
  });

  // The example docs/federation.md shows: one normal shopper, one unknown, one vendor failure.
  describe('the documented three-order example', () => {
    let fed: Federation;
    const [normal, failing] = [sampleCustomer(0).email, sampleCustomer(7).email];
    const newcomer = 'nova.cliente@primeira-compra.example';
    beforeAll(async () => {
      fed = await startFederation([normal, newcomer, failing].map(orderOf));
      fed.customer.upstream.addFault({ fault: { type: 'status', status: 503 }, match: failing });
    });
    afterAll(() => fed?.stop());

    it('answers as documented', async () => {
      const res = await post(fed.router.url, ORDER_QUERY);
      expect(res).toEqual({
        data: {
          orders: [
            {
              id: 'o1',
              customer: {
                email: normal,
                profile: {
                  summary: { style: 'Casual-elegante minimalista, tons neutros, cortes regulares' },
                },
              },
            },
            { id: 'o2', customer: { email: newcomer, profile: null } },
            { id: 'o3', customer: { email: failing, profile: null } },
          ],
        },
        errors: [
          {
            message: 'Fashion.AI answered HTTP 503',
            path: ['orders', 2, 'customer', 'profile'],
            extensions: expect.objectContaining({
              code: 'UPSTREAM_UNAVAILABLE',
              serviceName: 'customer',
            }),
          },
        ],
      });
    });
  });
});
