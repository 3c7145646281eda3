// The /graphql route: Apollo's Fastify handler run inside the request's scope (request id,
// trace span), then one log line and the GraphQL series for the request. The explorer page
// (GET with Accept: text/html) is passed straight through: it is not a GraphQL request.
import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayContext } from '../graphql/context.ts';
import { maskLookup } from './mask.ts';
import type { GatewayMetrics, GraphQLOutcome } from './metrics.ts';
import { newRequestState } from './request-scope.ts';
import type { RequestScope, RequestScopeState } from './request-scope.ts';
import type { Tracing } from './tracing.ts';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<GatewayContext>;
  scope: RequestScope;
  tracing: Tracing | undefined;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Label of the profile cache in the cache series: `memory` or `redis`. */
  cacheLayer: string;
}

const CLIENT_NAME = /^[\w .:@/-]{1,64}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

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

export function graphqlRoute(options: GraphQLRouteOptions) {
  const { scope, tracing, metrics, logger } = options;
  const handle = fastifyApolloHandler(options.apollo, { context: options.context });

  const finish = (request: FastifyRequest, reply: FastifyReply, state: RequestScopeState) => {
    const seconds = (performance.now() - state.startedAt) / 1000;
    const { graphql } = state;
    if (graphql.errorCodes.length === 0 && reply.statusCode >= 400) {
      graphql.errorCodes.push(reply.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
    }
    const outcome = outcomeOf(state, reply.statusCode);
    const operation = graphql.operationName ?? (graphql.operationType ? 'anonymous' : 'invalid');
    metrics.graphqlRequest(operation, outcome, seconds);
    for (const code of graphql.errorCodes) {
      metrics.graphqlError(ERROR_CODE.test(code) ? code : 'OTHER');
    }
    const stats = graphql.stats;
    if (stats) {
      const misses = stats.cacheMisses - stats.shared - stats.staleServed;
      metrics.cacheLookups(options.cacheLayer, 'hit', stats.cacheHits);
      metrics.cacheLookups(options.cacheLayer, 'miss', misses);
      metrics.cacheLookups(options.cacheLayer, 'stale', stats.staleServed);
      metrics.cacheLookups('inflight', 'hit', stats.shared);
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
        stale: stats?.stale ?? false,
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

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const run = () => handle.call(request.server, request, reply);
    if (wantsPage(request)) return run();
    if (!tracing) {
      const state = newRequestState(request.id, undefined);
      try {
        return await scope.run(state, run);
      } finally {
        finish(request, reply, state);
      }
    }
    // The client's traceparent, if any, is the parent; the operation name comes later.
    const parent = tracing.extract(request.headers);
    const span = tracing.tracer.startSpan(
      'graphql',
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'gateway.request_id': request.id },
      },
      parent,
    );
    const state = newRequestState(request.id, span);
    try {
      return await scope.run(state, () => context.with(trace.setSpan(parent, span), run));
    } finally {
      finish(request, reply, state);
    }
  };
}
