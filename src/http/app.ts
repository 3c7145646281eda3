// The Fastify instance the gateway serves from: request ids (a sane client `x-request-id`, else
// a fresh one, echoed in the response), refusals before GraphQL in the GraphQL error shape
// (body limit, bad JSON, unknown route, closing), no per-hop request logging (the gateway
// writes one line per GraphQL request itself), and the batch-size limit.
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { badRequestBody } from '../graphql/errors.ts';
import { requestIdFrom } from '../observability/request-scope.ts';
import { createRefusals } from './refusals.ts';

export function createHttpApp(
  settings: { limits: { maxBodyBytes: number } },
  logger: Logger,
): FastifyInstance {
  const refusals = createRefusals({
    graphqlPath: '/graphql',
    graphqlMethods: ['GET', 'POST', 'OPTIONS'],
    maxBodyBytes: settings.limits.maxBodyBytes,
  });
  const app: FastifyInstance = Fastify({
    ...refusals.serverOptions,
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.limits.maxBodyBytes,
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Before every other hook, so refused requests are answered in the GraphQL shape.
  refusals.register(app);
  return app;
}

/** GRAPHQL_BATCHING: a JSON array of more than `max` operations is refused before Apollo. */
export function registerBatchLimit(app: FastifyInstance, max: number): void {
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

/** Listens and returns the base URL (`localhost` for a wildcard bind). */
export async function listenUrl(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown}:${actual}`;
}
