// Apollo Server as the gateway runs it: the schema, error formatting, operation limits,
// persisted documents, and the plugins (authorisation, lookup limit, observability, the
// explorer page) in the order they must see a request.
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { explorerLandingPage } from '../explorer/page.ts';
import type { RequestScope } from '../observability/request-scope.ts';
import type { GatewayContext } from './context.ts';
import { createErrorFormatter } from './errors.ts';
import type { PersistedOperation } from './persisted-manifest.ts';
import { persistedOnlyPlugin, persistedQueryOptions } from './persisted-queries.ts';
import { authorisationPlugin } from './plugins/authorisation.ts';
import { gatewayExtensionsPlugin } from './plugins/gateway-extensions.ts';
import { lookupLimitPlugin } from './plugins/lookup-limit.ts';
import { observabilityPlugin } from './plugins/observability.ts';
import { operationLimitRules, operationParseOptions } from './plugins/operation-limits.ts';
import type { OperationLimits } from './plugins/operation-limits.ts';

/** The settings Apollo Server is built from (slices of the Config). */
export interface ApolloSettings {
  production: boolean;
  demoMode: boolean;
  introspection: boolean;
  explorer: boolean;
  debugExtensions: boolean;
  limits: OperationLimits & { maxLookupsPerRequest: number; batching: boolean };
  persistedQueries: { operations: PersistedOperation[]; only: boolean };
}

export function createApollo(
  settings: ApolloSettings,
  parts: { schema: GraphQLSchema; scope: RequestScope; logger: Logger },
): ApolloServer<GatewayContext> {
  const { limits, persistedQueries } = settings;
  return new ApolloServer<GatewayContext>({
    schema: parts.schema,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: one drain sequence, not two racing ones.
    stopOnTerminationSignals: false,
    introspection: settings.introspection,
    // Without introspection, "Did you mean …?" hints would leak the schema piece by piece.
    hideSchemaDetailsFromClientErrors: !settings.introspection,
    allowBatchedHttpRequests: limits.batching,
    includeStacktraceInErrorResponses: !settings.production,
    formatError: createErrorFormatter({ exposeDetails: !settings.production }),
    parseOptions: operationParseOptions(limits),
    validationRules: operationLimitRules(limits),
    persistedQueries: persistedQueryOptions(persistedQueries.operations, persistedQueries.only),
    logger: parts.logger,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP cache hints are used; without this plugin Apollo does not wrap every resolver.
      ApolloServerPluginCacheControlDisabled(),
      authorisationPlugin(),
      ...(persistedQueries.only ? [persistedOnlyPlugin(persistedQueries.operations)] : []),
      lookupLimitPlugin(limits.maxLookupsPerRequest),
      gatewayExtensionsPlugin(),
      observabilityPlugin({ scope: parts.scope, debugExtensions: settings.debugExtensions }),
      // Apollo's own landing pages load from a CDN: the gateway serves GraphiQL itself.
      settings.explorer
        ? explorerLandingPage({ endpoint: '/graphql', demoMode: settings.demoMode })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
