// Liveness and readiness for orchestrators, the Prometheus scrape, and the benchmark's heap probe.
// /readyz: 503 while draining; a shared cache that is down degrades the gateway (in-process
// cache only) but does not stop it serving, unless the operator requires it (CACHE_REQUIRED).
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ProfileCache } from '../cache/profile-cache.ts';

export interface HealthOptions {
  isDraining: () => boolean;
  cache: ProfileCache;
  cacheRequired: boolean;
  /** Benchmark only (BENCH_EXPOSE_GC with --expose-gc): GET /debug/heap. */
  exposeHeap: boolean;
}

export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (options.isDraining()) return reply.code(503).send({ status: 'draining' });
    const cache = options.cache.status();
    if (cache.degraded && options.cacheRequired) {
      return reply.code(503).send({ status: 'unavailable', cache });
    }
    return { status: cache.degraded ? 'degraded' : 'ready', cache };
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (options.exposeHeap && gc) {
    app.get('/debug/heap', async () => {
      gc();
      const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
      return { heapUsed, heapTotal, rss, external, arrayBuffers };
    });
  }
}

/** GET /metrics, when metrics are on (a registry). */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry | undefined): void {
  if (!registry) return;
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );
}
