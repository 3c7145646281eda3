// The HTTP side of authentication: a Fastify onRequest hook on the GraphQL route that runs
// before the body is even read, so a request without valid credentials costs almost nothing
// and gets a real HTTP 401 (503 when the JWT key set is unreachable). The Caller it finds is
// carried on the request (`request.caller`, a Fastify request decoration).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Caller } from '../auth/caller.ts';
import { AuthFailure } from '../auth/jwt.ts';
import { authFailureResponse } from '../graphql/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once authentication accepted the request; undefined before or without. */
    caller: Caller | undefined;
  }
}

/** Whether the request can run an operation (a bare GET may only want the explorer page). */
function carriesOperation(request: FastifyRequest): boolean {
  if (request.method === 'POST') return true;
  const query = request.query;
  return typeof query === 'object' && query !== null && ('query' in query || 'extensions' in query);
}

export function registerAuthentication(
  app: FastifyInstance,
  options: { path: string; authenticator: Authenticator },
): void {
  app.decorateRequest('caller', undefined);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== options.path || request.method === 'OPTIONS') return;
    try {
      request.caller = await options.authenticator(request.headers);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      // Without an operation nothing can be read: let the explorer page (or Apollo's own
      // "no query" answer) through; the GraphQL context still refuses a caller-less request.
      if (!carriesOperation(request)) return;
      // The reason is ours (never the credential): enough to tell an expired token from a typo.
      request.log.info({ auth: error.reason }, 'Refused a request without valid credentials');
      const { status, body } = authFailureResponse(error);
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.code(status).type('application/json; charset=utf-8').send(body);
    }
  });
}
