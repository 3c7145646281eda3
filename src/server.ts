// Builds the whole gateway from a Config: upstream client, cache, ProfileService, Apollo
// Server and the Fastify app with /graphql, /healthz and /readyz. Used by main.ts and by
// tests, which start it on a random loopback port against the sample upstream.
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth/authenticate.ts';
import { registerAuthentication } from './auth/http.ts';
import type { Config } from './config.ts';
import { createContext } from './graphql/context.ts';
import type { GatewayContext } from './graphql/context.ts';
import { accessDenied, badRequestBody, createErrorFormatter } from './graphql/errors.ts';
import { persistedOnlyPlugin, persistedQueryOptions } from './graphql/persisted-queries.ts';
import { authorisationPlugin } from './graphql/plugins/authorisation.ts';
import { lookupLimitPlugin } from './graphql/plugins/lookup-limit.ts';
import { operationLimitRules, operationParseOptions } from './graphql/plugins/operation-limits.ts';
import { buildGatewaySchema } from './graphql/schema.ts';
import { cacheKeyFactory, createMemoryProfileCache } from './profiles/cache.ts';
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
  const cache = createMemoryProfileCache(config.cache.maxEntries);
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
  const { persistedQueries } = config;
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
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
      authorisationPlugin(),
      ...(persistedQueries.only ? [persistedOnlyPlugin(persistedQueries.operations)] : []),
      lookupLimitPlugin(config.limits.maxLookupsPerRequest),
      config.explorer
        ? ApolloServerPluginLandingPageLocalDefault({ footer: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  // Browsers: an exact allow-list with credentials; in development any origin without them.
  if (config.cors.mode === 'list') {
    const allowed = new Set(config.cors.origins);
    await app.register(fastifyCors, {
      origin: (origin, callback) =>
        callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      credentials: true,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
  } else if (config.cors.mode === 'any') {
    await app.register(fastifyCors, { origin: '*', methods: ['GET', 'POST'], maxAge: 600 });
  }

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

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: 'draining' });
    return { status: 'ready', cache: 'memory' };
  });
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => {
      const caller = callerOf(request);
      if (!caller) {
        throw accessDenied({
          allowed: false,
          code: 'UNAUTHENTICATED',
          message: 'Credentials required',
        });
      }
      return createContext(service, logger, caller);
    },
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
