// Builds the executable federation subgraph schema from the SDL in schema/ (the source of
// truth) and the resolvers.
import { readFileSync, readdirSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.ts';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function readTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))
    .join('\n');
}

export function buildGatewaySchema(): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(readTypeDefs()), resolvers: resolvers as GraphQLResolverMap<unknown> },
  ]);
}
