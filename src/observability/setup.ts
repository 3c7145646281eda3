// Everything observability adds to a gateway, built from the Config in one place: the metrics
// registry, tracing (when configured), the request scope, and the hooks server.ts puts around
// the upstream clients, the schema, the loader and the routes.
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.ts';
import type { CacheLayerObserver } from '../profiles/cache.ts';
import type { BatchHook } from '../profiles/loader.ts';
import type { UpstreamGauges, UpstreamObserver } from '../upstream/observer.ts';
import { createMetrics } from './metrics.ts';
import type { GatewayMetrics } from './metrics.ts';
import { RequestScope } from './request-scope.ts';
import { batchSpans, traceRootFields } from './resolver-spans.ts';
import { createTracing } from './tracing.ts';
import type { Tracing } from './tracing.ts';
import { instrumentAttempts, instrumentCalls } from './upstream-instrumentation.ts';
import type { AttemptClient, CallClient } from './upstream-instrumentation.ts';
import { composeObservers, upstreamMetrics } from './upstream-metrics.ts';

type ResilientClient = CallClient & UpstreamGauges;

export interface Observability {
  readonly metrics: GatewayMetrics;
  readonly tracing: Tracing | undefined;
  readonly scope: RequestScope;
  /** The HTTP client with a span per attempt and the request id / traceparent headers. */
  instrumentAttempts(client: AttemptClient): AttemptClient;
  /** The resilience layer's observer: the upstream series, then `extra` (e.g. a test's). */
  upstreamObserver(extra?: UpstreamObserver): UpstreamObserver;
  /** The resilient client with a span per call; its gauges feed the in-flight/queue series. */
  instrumentCalls(client: ResilientClient): CallClient;
  /** Reads of each profile cache layer, for the cache series. */
  readonly cacheObserver: CacheLayerObserver;
  /** Root-field spans (tracing on only). */
  instrumentSchema(schema: GraphQLSchema): void;
  /** Loader batch spans (tracing on only). */
  readonly wrapBatch: BatchHook | undefined;
  /** GET /metrics (metrics on only). */
  registerRoutes(app: FastifyInstance): void;
  shutdown(): Promise<void>;
}

export function createObservability(config: Config, tracingOverride?: Tracing): Observability {
  const metrics = createMetrics(config.metricsEnabled);
  const tracing =
    tracingOverride ??
    createTracing({
      serviceName: config.tracing.serviceName,
      otlpEndpoint: config.tracing.otlpEndpoint,
    });
  const scope = new RequestScope();
  return {
    metrics,
    tracing,
    scope,
    instrumentAttempts: (client) => instrumentAttempts(client, { tracing, scope }),
    upstreamObserver: (extra) => composeObservers(upstreamMetrics(metrics), extra),
    instrumentCalls(client) {
      metrics.watchUpstream({
        inFlight: () => client.inFlight,
        queued: () => client.queued,
        throttleRate: () => client.throttleRate,
        retryBudgetAvailable: () => client.retryBudgetAvailable,
      });
      return instrumentCalls(client, { tracing, metrics });
    },
    cacheObserver: (layer, result) => metrics.cacheLookups(layer, result, 1),
    instrumentSchema(schema) {
      if (tracing) traceRootFields(schema, tracing);
    },
    wrapBatch: tracing ? batchSpans(tracing, scope) : undefined,
    registerRoutes(app) {
      const registry = metrics.registry;
      if (!registry) return;
      app.get('/metrics', async (_request, reply) =>
        reply.header('content-type', registry.contentType).send(await registry.metrics()),
      );
    },
    shutdown: async () => tracing?.shutdown(),
  };
}
