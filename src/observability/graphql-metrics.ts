// The GraphQL series: requests by operation name and outcome, their duration, and errors by
// code. Operation names come from clients, so their number is bounded.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** ok: no errors; partial: data and errors; error: no data. */
export type GraphQLOutcome = 'ok' | 'partial' | 'error';

export interface GraphQLSeries {
  request(operation: string, outcome: GraphQLOutcome, seconds: number): void;
  error(code: string): void;
}

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Operation names come from clients: past this many distinct ones, they count as `other`. */
export const MAX_OPERATION_LABELS = 100;

export function graphqlSeries(registry: Registry): GraphQLSeries {
  const registers = [registry];
  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial, error)',
    labelNames: ['operation', 'outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time to answer one GraphQL request, by operation name',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code',
    labelNames: ['code'] as const,
    registers,
  });
  const operations = new Set<string>();
  const labelOf = (operation: string) => {
    if (operations.has(operation)) return operation;
    if (operations.size >= MAX_OPERATION_LABELS) return 'other';
    operations.add(operation);
    return operation;
  };
  return {
    request(operation, outcome, seconds) {
      const label = labelOf(operation);
      requests.inc({ operation: label, outcome });
      duration.observe({ operation: label }, seconds);
    },
    error: (code) => errors.inc({ code }),
  };
}
