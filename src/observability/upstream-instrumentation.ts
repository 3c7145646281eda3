// Instruments the upstream client from the outside: a span per call (W3C trace context sent
// along), the request id as `x-request-id`, and the upstream series (requests by endpoint and
// status, latency, in flight). With single-flight, the request that started a fetch names it.
import { SpanKind } from '@opentelemetry/api';
import type { CustomerLookup } from '../profiles/lookup.ts';
import { ENDPOINT_SEGMENT } from '../upstream/client.ts';
import type { FetchOptions } from '../upstream/client.ts';
import {
  UpstreamBadResponseError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthorizedError,
  UpstreamUnavailableError,
} from '../upstream/errors.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { RequestScope } from './request-scope.ts';
import type { Tracing } from './tracing.ts';
import { recordError } from './tracing.ts';

export interface ProfileFetcher {
  fetchProfile(lookup: CustomerLookup, options?: FetchOptions): Promise<UpstreamCustomer | null>;
}

export interface UpstreamInstrumentation {
  metrics: GatewayMetrics;
  tracing: Tracing | undefined;
  scope: RequestScope;
}

/** The status label of a finished call, from what the client returned or threw. */
export function statusOf(outcome: { customer?: UpstreamCustomer | null; error?: unknown }): string {
  const { error } = outcome;
  if (error === undefined) return outcome.customer === null ? '404' : '200';
  if (error instanceof UpstreamUnauthorizedError) return '401';
  if (error instanceof UpstreamRateLimitedError) return '429';
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  if (error instanceof UpstreamBadResponseError) return 'bad_response';
  if (error instanceof UpstreamUnavailableError) {
    if (error.cause !== undefined) return 'network_error';
    return error.retryable ? '5xx' : '4xx';
  }
  return 'cancelled';
}

export function instrumentUpstream(
  client: ProfileFetcher,
  { metrics, tracing, scope }: UpstreamInstrumentation,
): ProfileFetcher {
  let inFlight = 0;
  metrics.watchUpstream({ inFlight: () => inFlight, queued: () => 0 });

  const call = async (
    lookup: CustomerLookup,
    options: FetchOptions,
    headers: Record<string, string>,
  ): Promise<UpstreamCustomer | null> => {
    const endpoint = ENDPOINT_SEGMENT[lookup.kind];
    const started = performance.now();
    inFlight += 1;
    let status = 'cancelled';
    try {
      const customer = await client.fetchProfile(lookup, { ...options, headers });
      status = statusOf({ customer });
      return customer;
    } catch (error) {
      status = statusOf({ error });
      throw error;
    } finally {
      inFlight -= 1;
      metrics.upstreamRequest(endpoint, status, (performance.now() - started) / 1000);
    }
  };

  return {
    fetchProfile(lookup, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const requestId = scope.current()?.requestId;
      if (requestId) headers['x-request-id'] = requestId;
      if (!tracing) return call(lookup, options, headers);

      const endpoint = ENDPOINT_SEGMENT[lookup.kind];
      const route = `/protected/profile/${endpoint}/{identifier}`;
      const spanOptions = {
        kind: SpanKind.CLIENT,
        attributes: { 'http.request.method': 'GET', 'url.template': route },
      };
      return tracing.inSpan(`GET ${route}`, spanOptions, async (span) => {
        tracing.inject(headers);
        try {
          const customer = await call(lookup, options, headers);
          span.setAttribute('http.response.status_code', customer === null ? 404 : 200);
          return customer;
        } catch (error) {
          const status = Number(statusOf({ error }));
          if (Number.isInteger(status)) span.setAttribute('http.response.status_code', status);
          recordError(span, error);
          throw error;
        }
      });
    },
  };
}
