// A short-lived whole-response cache in front of Apollo for the hottest path: the same caller
// posting the same operation with the same variables again within RESPONSE_CACHE_TTL_MS gets
// the bytes it got last time, without parse, validation or execution. Only clean answers are
// kept (a query, no errors, nothing stale, no per-request extensions), and entries are
// partitioned by caller identity and scopes, so one caller never receives another's answer.
import { hash } from 'node:crypto';
import type { FastifyRequest, RouteHandlerMethod } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Caller } from '../auth/caller.ts';
import type { GatewayMetrics } from '../observability/metrics.ts';
import type { RequestScope } from '../observability/request-scope.ts';

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Larger answers are not kept: the cache is for the small, hot ones. */
  maxEntryBytes: number;
  callerOf: (request: FastifyRequest) => Caller | undefined;
  scope: RequestScope;
  metrics: GatewayMetrics;
}

interface CachedResponse {
  body: string;
  operationName: string | undefined;
}

export interface ResponseCache {
  wrap(handler: RouteHandlerMethod): RouteHandlerMethod;
  /** Forgets every answer, and any being computed now (a customer was erased). */
  clear(): void;
}

const JSON_TYPE = /^application\/json\b/i;

/** Who the answer was computed for: the same body from another caller is another entry. */
function partitionOf(caller: Caller): string {
  return `${caller.kind}\0${caller.name}\0${caller.email ?? ''}\0${[...caller.scopes].sort().join(' ')}`;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const entries = new LRUCache<string, CachedResponse>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    ttlAutopurge: false,
  });
  const partitions = new WeakMap<Caller, string>();
  // Bumped by every clear: an answer computed across an erasure is not kept, since it may
  // hold the shopper the erasure just removed.
  let generation = 0;

  // Only a POST with a JSON body: Apollo's CSRF prevention passes those by construction, and
  // a GET (or a batch) goes the long way.
  const keyOf = (request: FastifyRequest): string | undefined => {
    const body = request.body;
    if (request.method !== 'POST' || typeof body !== 'object' || body === null) return undefined;
    if (Array.isArray(body) || !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      return undefined;
    }
    const caller = options.callerOf(request);
    if (!caller) return undefined;
    let partition = partitions.get(caller);
    if (partition === undefined) {
      partition = partitionOf(caller);
      partitions.set(caller, partition);
    }
    return hash('sha256', `${partition}\0${JSON.stringify(body)}`, 'base64url');
  };

  return {
    wrap(handler) {
      return async function responseCached(request, reply) {
        const key = keyOf(request);
        if (key === undefined) return handler.call(this, request, reply);
        const state = options.scope.current();
        const hit = entries.get(key);
        if (hit) {
          options.metrics.cache.lookups('response', 'hit', 1);
          if (state) {
            state.graphql.operationName = hit.operationName;
            state.graphql.operationType = 'query';
            state.graphql.hasData = true;
            state.graphql.responseCache = 'hit';
          }
          void reply.type('application/json; charset=utf-8');
          return hit.body;
        }
        options.metrics.cache.lookups('response', 'miss', 1);
        const startedIn = generation;
        const body: unknown = await handler.call(this, request, reply);
        const facts = state?.graphql;
        if (state) state.graphql.responseCache = 'miss';
        if (
          typeof body === 'string' &&
          facts !== undefined &&
          reply.statusCode === 200 &&
          facts.operationType === 'query' &&
          facts.errorCodes.length === 0 &&
          (facts.stats?.staleServed ?? 0) === 0 &&
          body.length <= options.maxEntryBytes &&
          generation === startedIn &&
          // Debug counters and stale flags describe one request: never replay them.
          !body.includes('"extensions"')
        ) {
          entries.set(key, { body, operationName: facts.operationName });
        }
        return body;
      };
    },
    clear: () => {
      generation += 1;
      entries.clear();
    },
  };
}
