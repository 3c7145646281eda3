// Builds the whole gateway from a Config: upstream client, cache, ProfileService, Apollo
// Server and the Fastify app with /graphql, /healthz and /readyz. Used by main.ts and by
// tests, which start it on a random loopback port against the sample upstream.
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import fastifyApollo from '@as-integrations/fastify';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { OPEN_CALLER } from './auth/caller.ts';
import type { Config } from './config.ts';
import { createContext } from './graphql/context.ts';
import type { GatewayContext } from './graphql/context.ts';
import { createErrorFormatter } from './graphql/errors.ts';
import { lookupLimitPlugin } from './graphql/plugins/lookup-limit.ts';
import { buildGatewaySchema } from './graphql/schema.ts';
import { cacheKeyFactory } from './profiles/cache.ts';
import { createProfileCache } from './profiles/cache-setup.ts';
import { ProfileService } from './profiles/service.ts';
import { FashionAiClient } from './upstream/client.ts';

export interface Gateway {
  app: FastifyInstance;
  service: ProfileService;
  /** Listens on config.port/host (or the given ones) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish, then closes the pool and the cache. */
  close(): Promise<void>;
}

export async function buildServer(config: Config, logger: Logger): Promise<Gateway> {
  const token = config.upstream.token;
  if (!token) throw new Error('buildServer needs an upstream token (demo mode fills it in first)');

  const client = new FashionAiClient({
    url: config.upstream.url,
    token,
    maxConcurrency: config.upstream.maxConcurrency,
    attemptTimeoutMs: config.upstream.timeoutMs,
    maxBodyBytes: config.upstream.maxBodyBytes,
  });
  const cache = createProfileCache(config.cache, logger);
  const service = new ProfileService({
    client,
    cache,
    cacheKey: cacheKeyFactory(token),
    ttlSeconds: config.cache.ttlSeconds,
    staleSeconds: config.cache.staleSeconds,
    negativeTtlSeconds: config.cache.negativeTtlSeconds,
  });

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One log line per GraphQL request is written by the gateway itself, not per HTTP hop.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.maxBodyBytes,
    return503OnClosing: true,
  });

  let draining = false;
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: one drain sequence, not two racing ones.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !config.production,
    formatError: createErrorFormatter({ exposeDetails: !config.production }),
    logger,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP cache hints are used; without this plugin Apollo does not wrap every resolver.
      ApolloServerPluginCacheControlDisabled(),
      lookupLimitPlugin(config.limits.maxLookupsPerRequest),
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: 'draining' });
    // A shared cache that is down degrades the gateway (in-process cache only) but does not stop
    // it serving, unless the operator said the shared cache is required (CACHE_REQUIRED).
    const cacheStatus = cache.status();
    if (cacheStatus.degraded && config.cache.required) {
      return reply.code(503).send({ status: 'unavailable', cache: cacheStatus });
    }
    return { status: cacheStatus.degraded ? 'degraded' : 'ready', cache: cacheStatus };
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (config.exposeHeapEndpoint && gc) {
    app.get('/debug/heap', async () => {
      gc();
      return { heapUsed: process.memoryUsage().heapUsed };
    });
  }
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async () => createContext(service, logger, OPEN_CALLER),
  });

  return {
    app,
    service,
    async listen(port = config.port, host = config.host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return `http://${shown}:${actual}`;
    },
    async close() {
      draining = true;
      // server.close() only drops the connections idle at that moment; keep-alive ones that
      // finish their request later would hold the close until their timeout, so sweep them.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close(); // stops accepting; in-flight requests finish
      } finally {
        clearInterval(sweep);
      }
      await apollo.stop();
      await Promise.allSettled([client.close(), cache.close()]);
    },
  };
}
