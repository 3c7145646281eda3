// A real federated supergraph for tests: a small `orders` subgraph written for the test (its
// Order.customer references Customer by e-mail) and an @apollo/gateway that composes it with
// this gateway through IntrospectAndCompose. Everything listens on loopback.
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { startHarness } from './harness.ts';
import type { Harness, HarnessOptions } from './harness.ts';

export const ORDERS_TYPE_DEFS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    "Every order (a test fixture)."
    orders: [Order!]!
  }

  "An order placed by a customer."
  type Order @key(fields: "id") {
    "Order id."
    id: ID!
    "Total in BRL."
    total: Float!
    "Who placed it: a reference to the customer subgraph's entity, by e-mail."
    customer: Customer!
  }

  "A customer, resolved by the customer subgraph."
  type Customer @key(fields: "email", resolvable: false) {
    "The e-mail the order was placed with."
    email: String
  }
`;

export interface OrderFixture {
  id: string;
  total: number;
  email: string;
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

async function serve(server: ApolloServer): Promise<Running> {
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}

export function startOrdersSubgraph(orders: OrderFixture[]): Promise<Running> {
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(ORDERS_TYPE_DEFS),
      resolvers: {
        Query: { orders: () => orders },
        Order: { customer: (order: OrderFixture) => ({ email: order.email }) },
      },
    },
  ]);
  return serve(new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] }));
}

/** An @apollo/gateway that introspects the subgraphs (`_service { sdl }`) and composes them. */
export function startSupergraph(subgraphs: Array<{ name: string; url: string }>): Promise<Running> {
  const gateway = new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }) });
  return serve(new ApolloServer({ gateway }));
}

/** This gateway (against its own sample upstream), an orders subgraph and a router over both. */
export interface Federation {
  customer: Harness;
  orders: Running;
  router: Running;
  stop(): Promise<void>;
}

export async function startFederation(
  orderFixtures: OrderFixture[],
  options: HarnessOptions = {},
): Promise<Federation> {
  const customer = await startHarness(options);
  const orders = await startOrdersSubgraph(orderFixtures);
  const router = await startSupergraph([
    { name: 'customer', url: `${customer.url}/graphql` },
    { name: 'orders', url: orders.url },
  ]);
  return {
    customer,
    orders,
    router,
    async stop() {
      await router.stop();
      await orders.stop();
      await customer.close();
    },
  };
}
