// What the gateway knows about the HTTP request being served, reachable from any code that
// runs on its behalf (plugins, the upstream client) without threading it through every call:
// its id, when it started, its trace span, and what the GraphQL layer learnt about it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Span } from '@opentelemetry/api';
import type { CustomerLookup } from '../customer/lookup.ts';

/** What a request's lookups cost, as the log line and the series read it (the loader counts). */
export interface RequestCost {
  lookups: number;
  upstreamCalls: number;
  cacheHits: number;
  cacheMisses: number;
  /** Misses answered by a fetch already in flight. */
  shared: number;
  staleServed: number;
  /** The first few distinct lookups, for the (masked) request log line. */
  recorded: readonly CustomerLookup[];
}

/** Filled in by the observability plugin as the operation goes through Apollo. */
export interface GraphQLFacts {
  operationName: string | undefined;
  operationType: string | undefined;
  /** Distinct error codes of the response, in order of first appearance. */
  errorCodes: string[];
  /** The response carried data (possibly partial). */
  hasData: boolean;
  /** What the request's lookups cost (the GraphQL context's counters). */
  stats: RequestCost | undefined;
  /** Who called: the authenticated caller's name. */
  caller: string | undefined;
  /** Whether the whole-response cache answered (hit), was asked (miss), or was not used. */
  responseCache: 'hit' | 'miss' | undefined;
}

export interface RequestScopeState {
  requestId: string;
  /** performance.now() when the request reached the GraphQL route. */
  startedAt: number;
  /** The span of the whole GraphQL request, when tracing is on. */
  span: Span | undefined;
  graphql: GraphQLFacts;
}

// A client-sent id is echoed into logs and upstream headers: only short, plain tokens pass.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `x-request-id` when it looks sane, else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** One per server: the async-context store of the request being served. */
export class RequestScope {
  readonly #storage = new AsyncLocalStorage<RequestScopeState>();

  run<T>(state: RequestScopeState, fn: () => T): T {
    return this.#storage.run(state, fn);
  }

  current(): RequestScopeState | undefined {
    return this.#storage.getStore();
  }
}

export function newRequestState(requestId: string, span: Span | undefined): RequestScopeState {
  return {
    requestId,
    startedAt: performance.now(),
    span,
    graphql: {
      operationName: undefined,
      operationType: undefined,
      errorCodes: [],
      hasData: false,
      stats: undefined,
      caller: undefined,
      responseCache: undefined,
    },
  };
}
