// The fleet's Prometheus series, from its events (src/fleet/events.ts): whether Redis
// coordination is in force, lease outcomes and waits, budget refusals by caller, and the
// shared rate's ceiling and waits.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { LEASE_OUTCOMES } from '../fleet/events.ts';
import type { FleetObserver } from '../fleet/events.ts';

const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** `sharedCache`: CACHE_URL is set, so the replica is meant to be coordinated through Redis. */
export function fleetSeries(
  registry: Registry,
  budgetGroups: readonly string[],
  sharedCache: boolean,
): FleetObserver {
  const registers = [registry];
  // Without it, `gateway_fleet_coordinated 0` cannot tell "Redis away" from "no Redis meant":
  // the fleet-not-coordinated alert joins the two.
  new Gauge({
    name: 'gateway_fleet_coordination_configured',
    help: '1 when CACHE_URL is set (replicas are meant to coordinate through Redis), 0 for an in-process cache only',
    registers,
  }).set(sharedCache ? 1 : 0);
  const coordination = new Gauge({
    name: 'gateway_fleet_coordinated',
    help: '1 while upstream rate, single-flight and budgets are coordinated fleet-wide through Redis; 0 while this replica enforces them alone',
    registers,
  });
  const leases = new Counter({
    name: 'gateway_fleet_leases_total',
    help: 'Cold lookups by fleet single-flight outcome: acquired (this replica called), joined (another replica’s value was used), took_over (a lease expired or was released unfilled), timed_out (gave up waiting and called), local (Redis away)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const leaseWait = new Histogram({
    name: 'gateway_fleet_lease_wait_seconds',
    help: 'Time a cold lookup waited for another replica’s upstream call',
    buckets: WAIT_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: 'gateway_upstream_budget_refusals_total',
    help: 'Lookups refused with UPSTREAM_BUDGET_EXCEEDED, by budget group (API key name or jwt)',
    labelNames: ['caller'] as const,
    registers,
  });
  const rateWaits = new Histogram({
    name: 'gateway_fleet_rate_wait_seconds',
    help: 'Time an upstream attempt waited for a token of the shared rate (scope: fleet via Redis, or local while Redis is away)',
    labelNames: ['scope'] as const,
    buckets: [0, ...WAIT_BUCKETS],
    registers,
  });
  const rate = new Gauge({
    name: 'gateway_fleet_rate_per_second',
    help: 'Upstream calls per second the fleet allows itself now (UPSTREAM_QUOTA_PER_SECOND, cut after a 429)',
    registers,
  });
  for (const outcome of LEASE_OUTCOMES) leases.inc({ outcome }, 0);
  for (const caller of budgetGroups) refusals.inc({ caller }, 0);
  return {
    coordinated: (up) => coordination.set(up ? 1 : 0),
    lease(outcome, waitedSeconds) {
      leases.inc({ outcome });
      if (waitedSeconds !== undefined) leaseWait.observe(waitedSeconds);
    },
    budgetRefused: (group) => refusals.inc({ caller: group }),
    rateWait: (seconds, scope) => rateWaits.observe({ scope }, seconds),
    rate: (perSecond) => rate.set(perSecond),
  };
}
