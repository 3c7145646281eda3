// GRAPHQL_EXECUTOR=jit: operations run as JavaScript compiled by graphql-jit instead of through
// graphql-js's interpreter. Apollo Server 5 has no executor option, but it accepts a gateway,
// whose executor replaces execution only: parsing, validation, limits and every plugin still run.
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<object>['gateway'];

/**
 * Compiled queries, per parsed document and operation name. Apollo hands the same DocumentNode
 * to every request of a query it has cached, so a WeakMap keeps exactly as many compiled
 * queries as Apollo keeps documents (its bounded document store), never more.
 */
type Compiled = Map<string, CompiledQuery | ExecutionResult>;

/**
 * graphql-jit's errors leave `extensions` undefined when the thrown error had none, where
 * graphql-js always gives an object (Apollo reads `extensions.code` unguarded). The error is
 * kept as the prototype, so message, path, locations and originalError read through unchanged.
 */
function withExtensions(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  return Object.create(error, { extensions: { value: {}, enumerable: true } }) as GraphQLError;
}

export function jitGateway(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<DocumentNode, Compiled>();
  // Compiling costs far more than one interpreted run: a document seen once (a one-off, or a
  // client sending a fresh document each time) runs on graphql-js and is compiled only when it
  // comes back.
  const seen = new WeakSet<DocumentNode>();

  const compiledFor = (document: DocumentNode, operationName: string | null) => {
    let byName = compiled.get(document);
    if (byName === undefined) {
      byName = new Map();
      compiled.set(document, byName);
    }
    const name = operationName ?? '';
    let query = byName.get(name);
    if (query === undefined) {
      // Errors that only show when compiling (e.g. an unknown operation name) are answered as
      // graphql-js would answer them, and remembered like a compiled query.
      query = compileQuery(schema, document, operationName ?? undefined);
      byName.set(name, query);
    }
    return query;
  };

  return {
    async load() {
      return {
        executor: async ({ document, operationName, context, request }) => {
          if (!seen.has(document)) {
            seen.add(document);
            const args = { schema, document, contextValue: context };
            return execute({
              ...args,
              variableValues: request.variables,
              operationName: operationName ?? undefined,
            });
          }
          const query = compiledFor(document, operationName);
          if (!isCompiledQuery(query)) return query;
          const result = await query.query(undefined, context, request.variables ?? {});
          return result.errors ? { ...result, errors: result.errors.map(withExtensions) } : result;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/** Apollo's schema option (graphql-js executes) or the jit gateway carrying the same schema. */
export function executionOptions(
  schema: GraphQLSchema,
  executor: 'graphql-js' | 'jit',
): { schema: GraphQLSchema } | { gateway: Gateway } {
  return executor === 'jit' ? { gateway: jitGateway(schema) } : { schema };
}
