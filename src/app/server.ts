// Builds the whole gateway from a Config: the data path (compose.ts), then GraphQL (the schema
// and Apollo Server) and HTTP (Fastify with /graphql, /healthz, /readyz, /metrics and the
// explorer) on top, and the drain that closes it all. Used by main.ts and by tests, which
// start it on a random loopback port against the sample upstream.
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { Logger } from 'pino';
import { createAuthenticator } from '../auth/authenticate.ts';
import type { Config } from '../config/config.ts';
import { registerExplorerAssets } from '../explorer/assets.ts';
import { createApollo } from '../graphql/apollo.ts';
import { createAuditLog } from '../graphql/audit.ts';
import { createContext } from '../graphql/context.ts';
import { accessDenied } from '../graphql/errors.ts';
import { buildGatewaySchema } from '../graphql/schema.ts';
import { createHttpApp, listenUrl, registerBatchLimit } from '../http/app.ts';
import { registerAuthentication } from '../http/auth.ts';
import { registerCors } from '../http/cors.ts';
import { drainGateway } from '../http/drain.ts';
import { registerHealthRoutes, registerMetricsRoute } from '../http/health.ts';
import { observeGraphQLRequests } from '../observability/graphql-route.ts';
import type { GatewayMetrics } from '../observability/metrics.ts';
import { batchSpans, traceRootFields } from '../observability/resolver-spans.ts';
import type { ProfileService } from '../profiles/service.ts';
import type { UpstreamGauges } from '../upstream/observer.ts';
import { composeDataPath } from './compose.ts';
import type { ComposeOptions } from './compose.ts';
import { createLifecycle } from './lifecycle.ts';

export interface Gateway {
  app: FastifyInstance;
  service: ProfileService;
  /** Prometheus series of this gateway (no-ops when METRICS_ENABLED=false). */
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
   * everything the gateway created closes (see http/drain.ts). Calling it again returns the
   * same drain.
   */
  close(): Promise<void>;
}

export type BuildOptions = ComposeOptions;

const GRAPHQL_PATH = '/graphql';

export async function buildServer(
  config: Config,
  logger: Logger,
  options: BuildOptions = {},
): Promise<Gateway> {
  const token = config.upstream.token;
  if (!token) throw new Error('buildServer needs an upstream token (demo mode fills it in first)');
  const lifecycle = createLifecycle();
  const { service, cache, responses, upstream, metrics, tracing, scope } = composeDataPath(
    config,
    token,
    logger,
    lifecycle,
    options,
  );
  const cacheSettings = config.cache;

  // GraphQL: the schema (root-field spans when tracing) and Apollo Server.
  const schema = buildGatewaySchema();
  if (tracing) traceRootFields(schema, tracing);
  const apollo = createApollo(config, { schema, scope, logger });
  await apollo.start();

  // HTTP: Fastify with refusals in the GraphQL shape, observation of every GraphQL request
  // (before authentication, so refused ones are logged too), CORS, authentication, the routes.
  const app = createHttpApp(config, logger);
  const observed = observeGraphQLRequests(app, {
    path: GRAPHQL_PATH,
    scope,
    tracing,
    metrics,
    logger,
  });
  await registerCors(app, config.cors);
  registerAuthentication(app, {
    path: GRAPHQL_PATH,
    authenticator: createAuthenticator(config.auth),
  });
  if (config.limits.batching) registerBatchLimit(app, config.limits.maxBatchSize);
  registerHealthRoutes(app, {
    isDraining: () => lifecycle.draining,
    cache,
    cacheRequired: cacheSettings.required,
    exposeHeap: config.exposeHeapEndpoint,
  });
  registerMetricsRoute(app, metrics.registry);
  if (config.explorer) registerExplorerAssets(app);
  const audit = createAuditLog(logger);
  const wrapBatch = tracing ? batchSpans(tracing, scope) : undefined;
  const graphql: RouteHandlerMethod = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const caller = request.caller;
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
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: GRAPHQL_PATH,
    handler: observed(responses ? responses.wrap(graphql) : graphql),
  });

  const drain = async () => {
    lifecycle.startDraining();
    logger.info(
      { readinessDelayMs: config.shutdownReadinessDelayMs },
      'Draining: /readyz now answers 503',
    );
    await drainGateway({
      app,
      config,
      logger,
      stopGraphQL: () => apollo.stop(),
      closeResources: () => lifecycle.closeAll(),
    });
  };
  let closing: Promise<void> | undefined;
  return {
    app,
    service,
    metrics,
    upstream,
    get draining() {
      return lifecycle.draining;
    },
    listen: (port = config.port, host = config.host) => listenUrl(app, port, host),
    close() {
      closing ??= drain();
      return closing;
    },
  };
}
