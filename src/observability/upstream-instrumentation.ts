// Spans around the upstream client, at two levels: each call to the resilient client (retries
// and waits included) and each HTTP attempt it makes (metrics come from its events instead). An attempt carries the
// request id (`x-request-id`) and W3C trace context of its own span to Fashion.AI; with
// single-flight, the request that started a fetch names it.
import { SpanKind, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { CustomerLookup } from '../customer/lookup.ts';
import { ENDPOINT_SEGMENT } from '../upstream/client.ts';
import type { FashionAiClient, FetchOptions } from '../upstream/client.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { RequestScope } from './request-scope.ts';
import type { Tracing } from './tracing.ts';
import { recordError } from './tracing.ts';

export type AttemptClient = Pick<FashionAiClient, 'fetchProfile' | 'close'>;

export interface CallClient {
  fetchProfile(lookup: CustomerLookup): Promise<UpstreamCustomer | null>;
}

const routeOf = (lookup: CustomerLookup) =>
  `/protected/profile/${ENDPOINT_SEGMENT[lookup.kind]}/{identifier}`;

/** Wraps the HTTP client: one CLIENT span per attempt, request id and traceparent sent along. */
export function instrumentAttempts(
  client: AttemptClient,
  { tracing, scope }: { tracing: Tracing | undefined; scope: RequestScope },
): AttemptClient {
  // Attempts of one call are numbered under the call's span.
  const attempts = new WeakMap<Span, number>();
  return {
    close: () => client.close(),
    fetchProfile(lookup: CustomerLookup, options: FetchOptions = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const requestId = scope.current()?.requestId;
      if (requestId) headers['x-request-id'] = requestId;
      if (!tracing) return client.fetchProfile(lookup, { ...options, headers });

      const call = trace.getActiveSpan();
      const attempt = call ? (attempts.get(call) ?? 0) + 1 : 1;
      if (call) attempts.set(call, attempt);
      const route = routeOf(lookup);
      const spanOptions = {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'GET',
          'url.template': route,
          'http.request.resend_count': attempt - 1,
        },
      };
      return tracing.inSpan(`GET ${route}`, spanOptions, async (span) => {
        tracing.inject(headers);
        try {
          const customer = await client.fetchProfile(lookup, { ...options, headers });
          span.setAttribute('http.response.status_code', customer === null ? 404 : 200);
          return customer;
        } catch (error) {
          if (error instanceof UpstreamError && error.status !== undefined) {
            span.setAttribute('http.response.status_code', error.status);
          }
          recordError(span, error);
          throw error;
        }
      });
    },
  };
}

/** Wraps the resilient client: a span per call (its attempts are children). */
export function instrumentCalls(client: CallClient, tracing: Tracing | undefined): CallClient {
  if (!tracing) return client;
  return {
    fetchProfile: (lookup) =>
      tracing.inSpan(
        'fashionai.fetch_profile',
        {
          kind: SpanKind.INTERNAL,
          attributes: { 'fashionai.endpoint': ENDPOINT_SEGMENT[lookup.kind] },
        },
        () => client.fetchProfile(lookup),
      ),
  };
}
