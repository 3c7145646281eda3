// The gateway's Prometheus series (prom-client), one registry per server so tests and several
// gateways in one process never share counters. Each subsystem's series live in their own file
// (upstream-, cache-, graphql-, fleet-metrics.ts) and are fed by that subsystem's events; with
// METRICS_ENABLED=false every part is a no-op and /metrics is off.
import { Registry, collectDefaultMetrics } from 'prom-client';
import { NO_FLEET_OBSERVER } from '../fleet/events.ts';
import type { FleetObserver } from '../fleet/events.ts';
import { cacheSeries } from './cache-metrics.ts';
import type { CacheSeries } from './cache-metrics.ts';
import { fleetSeries } from './fleet-metrics.ts';
import { graphqlSeries } from './graphql-metrics.ts';
import type { GraphQLSeries } from './graphql-metrics.ts';
import { upstreamSeries } from './upstream-metrics.ts';
import type { UpstreamSeries } from './upstream-metrics.ts';

export interface GatewayMetrics {
  /** The registry to expose on /metrics; undefined when metrics are off. */
  readonly registry: Registry | undefined;
  readonly upstream: UpstreamSeries;
  readonly cache: CacheSeries;
  readonly graphql: GraphQLSeries;
  readonly fleet: FleetObserver;
}

const noop = () => undefined;
export const NO_METRICS: GatewayMetrics = {
  registry: undefined,
  upstream: { observer: {}, watch: noop },
  cache: { events: { layerRead: noop, unreadable: noop }, lookups: noop, staleServed: noop },
  graphql: { request: noop, error: noop },
  fleet: NO_FLEET_OBSERVER,
};

/**
 * prom-client's default collectors export these totals as gauges named `…_total`, which
 * Prometheus reserves for counters (`promtool check metrics` flags them). They are the sums of
 * `nodejs_active_handles`, `nodejs_active_requests` and `nodejs_active_resources` (by `type`),
 * which stay: `sum(nodejs_active_handles)` is the same figure.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * `budgetGroups`: the UPSTREAM_BUDGETS names, shown at 0 from the start; `sharedCache`:
 * CACHE_URL is set.
 */
export function createMetrics(
  enabled: boolean,
  budgetGroups: readonly string[],
  sharedCache = false,
): GatewayMetrics {
  if (!enabled) return NO_METRICS;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return {
    registry,
    upstream: upstreamSeries(registry),
    cache: cacheSeries(registry),
    graphql: graphqlSeries(registry),
    fleet: fleetSeries(registry, budgetGroups, sharedCache),
  };
}
