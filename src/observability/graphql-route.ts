// Observes every request to the GraphQL route, including those refused before Apollo runs
// (authentication, body limit): an onRequest hook opens the request's scope (id, start time,
// trace span), the handler runs inside it, and an onSend hook writes the one log line and the
// GraphQL series. The explorer page (GET with Accept: text/html) is not a GraphQL request.
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Logger } from 'pino';
import { maskLookup } from '../customer/mask.ts';
import type { GraphQLOutcome } from './graphql-metrics.ts';
import type { GatewayMetrics } from './metrics.ts';
import { newRequestState } from './request-scope.ts';
import type { RequestScope, RequestScopeState } from './request-scope.ts';
import type { Tracing } from './tracing.ts';

export interface GraphQLObserverOptions {
  path: string;
  scope: RequestScope;
  tracing: Tracing | undefined;
  metrics: GatewayMetrics;
  logger: Logger;
}

const CLIENT_NAME = /^[\w .:@/-]{1,64}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
/** What a reply sent before any GraphQL ran means, when nothing else says it. */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const wantsPage = (request: FastifyRequest) =>
  request.method === 'GET' && /\btext\/html\b/.test(header(request, 'accept') ?? '');

function outcomeOf(state: RequestScopeState, status: number): GraphQLOutcome {
  if (state.graphql.errorCodes.length === 0 && status < 400) return 'ok';
  return state.graphql.hasData ? 'partial' : 'error';
}

/**
 * Registers the hooks (before any hook that may refuse a request, e.g. authentication) and
 * returns the wrapper to put around the route's handler.
 */
export function observeGraphQLRequests(
  app: FastifyInstance,
  options: GraphQLObserverOptions,
): (handler: RouteHandlerMethod) => RouteHandlerMethod {
  const { scope, tracing, metrics } = options;
  // Every field of the request line is computed here (codes, counts, masked identifiers): no
  // header or token can be in it, so path redaction (~2.5 µs a line) has nothing to do.
  const logger = options.logger.child({}, { redact: [] });
  const states = new WeakMap<FastifyRequest, RequestScopeState>();

  const finish = (request: FastifyRequest, reply: FastifyReply, state: RequestScopeState) => {
    const seconds = (performance.now() - state.startedAt) / 1000;
    const { graphql } = state;
    if (graphql.errorCodes.length === 0 && reply.statusCode >= 400) {
      graphql.errorCodes.push(STATUS_CODES[reply.statusCode] ?? `HTTP_${reply.statusCode}`);
    }
    const outcome = outcomeOf(state, reply.statusCode);
    const operation = graphql.operationName ?? (graphql.operationType ? 'anonymous' : 'invalid');
    metrics.graphql.request(operation, outcome, seconds);
    for (const code of graphql.errorCodes) {
      metrics.graphql.error(ERROR_CODE.test(code) ? code : 'OTHER');
    }
    const stats = graphql.stats;
    if (stats) {
      // The layers count their own reads; these two only the request's bookkeeping knows.
      metrics.cache.lookups('inflight', 'hit', stats.shared);
      metrics.cache.staleServed(stats.staleServed);
    }
    const clientName = header(request, 'apollographql-client-name');
    const client = clientName && CLIENT_NAME.test(clientName) ? clientName : graphql.caller;
    logger.info(
      {
        requestId: state.requestId,
        operation,
        operationType: graphql.operationType,
        client: client ?? 'anonymous',
        status: reply.statusCode,
        outcome,
        errors: graphql.errorCodes.length > 0 ? graphql.errorCodes : undefined,
        durationMs: Math.round(seconds * 10_000) / 10,
        lookups: stats?.lookups ?? 0,
        upstreamCalls: stats?.upstreamCalls ?? 0,
        cacheHits: stats?.cacheHits ?? 0,
        cacheMisses: stats?.cacheMisses ?? 0,
        stale: (stats?.staleServed ?? 0) > 0,
        responseCache: graphql.responseCache,
        customers: stats?.recorded.map(maskLookup),
      },
      'graphql request',
    );
    if (state.span) {
      state.span.setAttribute('http.response.status_code', reply.statusCode);
      state.span.setAttribute('gateway.upstream_calls', stats?.upstreamCalls ?? 0);
      if (outcome === 'error') {
        state.span.setStatus({ code: SpanStatusCode.ERROR, message: graphql.errorCodes[0] });
      }
      state.span.end();
    }
  };

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== options.path || request.method === 'OPTIONS') return;
    if (wantsPage(request)) return;
    let span;
    if (tracing) {
      // The client's traceparent, if any, is the parent; the operation name comes later.
      span = tracing.tracer.startSpan(
        'graphql',
        {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'gateway.request_id': request.id },
        },
        tracing.extract(request.headers),
      );
    }
    states.set(request, newRequestState(request.id, span));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = states.get(request);
    if (state) {
      states.delete(request);
      finish(request, reply, state);
    }
    return payload;
  });

  return (handler) =>
    async function observed(request, reply) {
      const run = () => handler.call(request.server, request, reply);
      const state = states.get(request);
      if (!state) return run();
      const span = state.span;
      if (!span) return scope.run(state, run);
      return scope.run(state, () => context.with(trace.setSpan(context.active(), span), run));
    };
}
