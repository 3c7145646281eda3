// Builds the whole gateway from a Config: upstream client, cache, ProfileService, Apollo
// Server and the Fastify app with /graphql, /healthz, /readyz, /metrics and the explorer.
// Used by main.ts and by tests, which start it on a random loopback port against the sample upstream.
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth/authenticate.ts';
import { registerAuthentication } from './auth/http.ts';
import type { Config } from './config.ts';
import { registerCors } from './http/cors.ts';
import { drainGateway } from './http/drain.ts';
import { registerHealthRoutes } from './http/health.ts';
import { createRefusals } from './http/refusals.ts';
import { createAuditLog } from './graphql/audit.ts';
import { createContext } from './graphql/context.ts';
import type { GatewayContext } from './graphql/context.ts';
import { registerExplorerAssets } from './explorer/assets.ts';
import { explorerLandingPage } from './explorer/page.ts';
import { accessDenied, badRequestBody, createErrorFormatter } from './graphql/errors.ts';
import { persistedOnlyPlugin, persistedQueryOptions } from './graphql/persisted-queries.ts';
import { authorisationPlugin } from './graphql/plugins/authorisation.ts';
import { gatewayExtensionsPlugin } from './graphql/plugins/gateway-extensions.ts';
import { lookupLimitPlugin } from './graphql/plugins/lookup-limit.ts';
import { observabilityPlugin } from './graphql/plugins/observability.ts';
import { operationLimitRules, operationParseOptions } from './graphql/plugins/operation-limits.ts';
import { createResponseCache } from './graphql/response-cache.ts';
import { buildGatewaySchema } from './graphql/schema.ts';
import { observeGraphQLRequests } from './observability/graphql-route.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import { requestIdFrom } from './observability/request-scope.ts';
import { createObservability } from './observability/setup.ts';
import type { Tracing } from './observability/tracing.ts';
import type { ProfileService } from './profiles/service.ts';
import { createProfileStack } from './profiles/setup.ts';
import type { UpstreamGauges, UpstreamObserver } from './upstream/observer.ts';

export interface Gateway {
  app: FastifyInstance;
  service: ProfileService;
  /** Prometheus series of this gateway (a no-op when METRICS_ENABLED=false). */
  metrics: GatewayMetrics;
  /** Live upstream figures (in flight, queued, breaker state, rate-limit pause). */
  upstream: UpstreamGauges;
  /** True from the moment close() begins: /readyz answers 503. */
  readonly draining: boolean;
  /** Listens on config.port/host (or the given ones) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Drains: /readyz turns 503 at once; after SHUTDOWN_READINESS_DELAY_MS the listener closes
   * and in-flight requests get up to SHUTDOWN_TIMEOUT_MS to finish (then they are cut); then
   * the upstream pool, the cache and the trace exporter close (see http/drain.ts).
   * Calling it again returns the same drain.
   */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Tracing to use instead of the one configured (tests pass an in-memory exporter's). */
  tracing?: Tracing;
  /** Told about every upstream attempt, retry, breaker change, 429 pause and rejection. */
  upstreamObserver?: UpstreamObserver;
}

export async function buildServer(
  config: Config,
  logger: Logger,
  options: BuildOptions = {},
): Promise<Gateway> {
  const token = config.upstream.token;
  if (!token) throw new Error('buildServer needs an upstream token (demo mode fills it in first)');

  const observability = createObservability(config, options.tracing);
  const { metrics, tracing, scope } = observability;
  // Replayed whole responses must not outlive an erased profile (set once built below).
  let dropResponses = () => {};
  const { client, cache, service } = createProfileStack(config, logger, {
    token,
    observability,
    upstreamObserver: options.upstreamObserver,
    onDropped: () => dropResponses(),
  });

  const refusals = createRefusals({
    graphqlPath: '/graphql',
    graphqlMethods: ['GET', 'POST', 'OPTIONS'],
    maxBodyBytes: config.limits.maxBodyBytes,
  });
  const app: FastifyInstance = Fastify({
    ...refusals.serverOptions,
    loggerInstance: logger as FastifyBaseLogger,
    // One log line per GraphQL request is written by the gateway itself, not per HTTP hop.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.maxBodyBytes,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Refusals before GraphQL (body limit, bad JSON, unknown route, closing) in the GraphQL shape.
  refusals.register(app);
  // Before authentication's hooks, so refused requests are logged and counted too.
  const observed = observeGraphQLRequests(app, {
    path: '/graphql',
    scope,
    tracing,
    metrics,
    logger,
  });

  const schema = buildGatewaySchema();
  observability.instrumentSchema(schema);

  let draining = false;
  const { persistedQueries } = config;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: one drain sequence, not two racing ones.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    // Without introspection, "Did you mean …?" hints would leak the schema piece by piece.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: config.limits.batching,
    includeStacktraceInErrorResponses: !config.production,
    formatError: createErrorFormatter({ exposeDetails: !config.production }),
    parseOptions: operationParseOptions(config.limits),
    validationRules: operationLimitRules(config.limits),
    persistedQueries: persistedQueryOptions(persistedQueries.operations, persistedQueries.only),
    logger,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP cache hints are used; without this plugin Apollo does not wrap every resolver.
      ApolloServerPluginCacheControlDisabled(),
      authorisationPlugin(),
      ...(persistedQueries.only ? [persistedOnlyPlugin(persistedQueries.operations)] : []),
      lookupLimitPlugin(config.limits.maxLookupsPerRequest),
      gatewayExtensionsPlugin(),
      observabilityPlugin({ scope, debugExtensions: config.debugExtensions }),
      // Apollo's own landing pages load from a CDN: the gateway serves GraphiQL itself.
      config.explorer
        ? explorerLandingPage({ endpoint: '/graphql', demoMode: config.demoMode })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  await registerCors(app, config.cors);

  const callerOf = registerAuthentication(app, {
    path: '/graphql',
    authenticator: createAuthenticator(config.auth),
  });
  if (config.limits.batching) {
    const max = config.limits.maxBatchSize;
    app.addHook('preHandler', async (request, reply) => {
      if (Array.isArray(request.body) && request.body.length > max) {
        return reply
          .code(400)
          .send(
            badRequestBody(`A batch may hold at most ${max} operations (GRAPHQL_MAX_BATCH_SIZE)`),
          );
      }
    });
  }

  registerHealthRoutes(app, {
    isDraining: () => draining,
    cache,
    cacheRequired: config.cache.required,
    exposeHeap: config.exposeHeapEndpoint,
  });
  observability.registerRoutes(app);
  if (config.explorer) registerExplorerAssets(app);
  const { wrapBatch } = observability;
  const audit = createAuditLog(logger);
  let graphqlHandler: RouteHandlerMethod = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const caller = callerOf(request);
      if (!caller) {
        throw accessDenied({
          allowed: false,
          code: 'UNAUTHENTICATED',
          message: 'Credentials required',
        });
      }
      return createContext(service, caller, { logger, audit, requestId: request.id, wrapBatch });
    },
  });
  if (config.cache.responseTtlMs > 0) {
    const responseCache = createResponseCache({
      ttlMs: config.cache.responseTtlMs,
      maxEntries: config.cache.responseMaxEntries,
      maxEntryBytes: 64 * 1024,
      callerOf,
      scope,
      metrics,
    });
    dropResponses = () => responseCache.clear();
    graphqlHandler = responseCache.wrap(graphqlHandler);
  }
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: observed(graphqlHandler),
  });

  const drain = async () => {
    draining = true;
    logger.info(
      { readinessDelayMs: config.shutdownReadinessDelayMs },
      'Draining: /readyz now answers 503',
    );
    await drainGateway({
      app,
      config,
      logger,
      stopGraphQL: () => apollo.stop(),
      resources: [() => client.close(), () => cache.close(), () => observability.shutdown()],
    });
  };
  let closing: Promise<void> | undefined;

  return {
    app,
    service,
    metrics,
    upstream: client,
    get draining() {
      return draining;
    },
    async listen(port = config.port, host = config.host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return `http://${shown}:${actual}`;
    },
    close() {
      closing ??= drain();
      return closing;
    },
  };
}
