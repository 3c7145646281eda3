// What the on-call dashboard shows, row by row, as data: each panel's PromQL, legend, unit and
// what a bad value means and what to do. scripts/dashboard/build.ts turns it into a Grafana
// dashboard with @grafana/grafana-foundation-sdk; the live Prometheus test evaluates every
// expression, and scripts/render-dashboard.ts draws them. Expressions use Grafana's `$job`
// variable and `$__rate_interval`.

export interface Query {
  expr: string;
  legend: string;
}

export interface Panel {
  title: string;
  /** Shown in the panel's (i) tooltip: what a bad value means, and what to do. */
  description: string;
  unit: string;
  queries: Query[];
  /** Stacked areas (parts of a whole, e.g. requests by outcome). */
  stacked?: boolean;
  max?: number;
}

export interface Row {
  title: string;
  panels: Panel[];
}

const J = 'job=~"$job"';
const R = '$__rate_interval';
const LOOKUPS = `gateway_cache_lookups_total{${J},layer!="inflight"`;
const ratio = (part: string, whole: string, by = '') =>
  `sum${by}(rate(${part}[${R}])) / sum${by}(rate(${whole}[${R}]))`;

export const ROWS: Row[] = [
  {
    title: 'Traffic and errors: is it us or the vendor?',
    panels: [
      {
        title: 'GraphQL requests by outcome',
        description:
          'Requests per second: ok (no errors), partial (data and errors), error (no data). A rise of partial/error: read the next panel to see whose codes. A drop to zero with traffic expected: the gateway is not reached (ingress, router, readiness).',
        unit: 'reqps',
        stacked: true,
        queries: [
          {
            expr: `sum by (outcome) (rate(gateway_graphql_requests_total{${J}}[${R}]))`,
            legend: '{{outcome}}',
          },
        ],
      },
      {
        title: 'Errors by code',
        description:
          'Errors in responses per second, by extensions.code. UPSTREAM_* codes are the vendor (see the Upstream rows); UPSTREAM_BUDGET_EXCEEDED is a caller over its budget; BAD_USER_INPUT is clients; INTERNAL_SERVER_ERROR is the gateway itself: any steady rate is a bug (alert GatewayInternalErrors, docs/operations.md Runbook).',
        unit: 'short',
        queries: [
          {
            expr: `sum by (code) (rate(gateway_graphql_errors_total{${J}}[${R}]))`,
            legend: '{{code}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Latency',
    panels: [
      {
        title: 'GraphQL latency p50 / p99',
        description:
          'Time to answer a GraphQL request. SLO: 99 % within 1 s. A p99 over 1 s burns the error budget (alerts GatewayLatencyBudgetBurnFast/Slow): compare with upstream latency below; when the upstream is fast, look at the event loop (Process row).',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.5, sum by (le) (rate(gateway_graphql_request_duration_seconds_bucket{${J}}[${R}])))`,
            legend: 'p50',
          },
          {
            expr: `histogram_quantile(0.99, sum by (le) (rate(gateway_graphql_request_duration_seconds_bucket{${J}}[${R}])))`,
            legend: 'p99',
          },
        ],
      },
      {
        title: 'Upstream attempt latency p99 by endpoint',
        description:
          'Time of one attempt to Fashion.AI. Near UPSTREAM_ATTEMPT_TIMEOUT_MS: the vendor is slow and attempts time out (retries spend the budget). Slow on one endpoint only: report it to Fashion.AI with request ids.',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.99, sum by (le, endpoint) (rate(gateway_upstream_request_duration_seconds_bucket{${J}}[${R}])))`,
            legend: '{{endpoint}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Upstream',
    panels: [
      {
        title: 'Upstream attempts by status',
        description:
          'Attempts to Fashion.AI per second by HTTP status (or timeout, network_error, bad_response). 200 and 404 are answers; 5xx, timeout and network_error rising: the vendor is failing (alert GatewayVendorFailing). 401: the token is wrong or revoked, fix FASHIONAI_APP_TOKEN.',
        unit: 'reqps',
        stacked: true,
        queries: [
          {
            expr: `sum by (status) (rate(gateway_upstream_requests_total{${J}}[${R}]))`,
            legend: '{{status}}',
          },
        ],
      },
      {
        title: 'Vendor failure share',
        description:
          'Share of attempts that failed (5xx, timeout, network error, unparsable body). Over 10 % for 5 minutes pages (GatewayVendorFailing). Shoppers then get stale profiles or UPSTREAM_UNAVAILABLE; the breaker and retry budget protect both sides; nothing to restart.',
        unit: 'percentunit',
        max: 1,
        queries: [
          {
            expr: ratio(
              `gateway_upstream_requests_total{${J},status=~"5..|timeout|network_error|bad_response"}`,
              `gateway_upstream_requests_total{${J}}`,
            ),
            legend: 'failed share',
          },
        ],
      },
      {
        title: 'Upstream calls in flight and queued',
        description:
          'Calls holding one of UPSTREAM_MAX_CONCURRENCY slots, and calls waiting for one. A queue that stays above zero: the cap is reached and requests wait; more replicas or a larger cap, within the vendor quota.',
        unit: 'short',
        queries: [
          { expr: `sum(gateway_upstream_in_flight{${J}})`, legend: 'in flight' },
          { expr: `sum(gateway_upstream_queue_length{${J}})`, legend: 'queued' },
        ],
      },
    ],
  },
  {
    title: '429s and the throttle',
    panels: [
      {
        title: '429 share',
        description:
          'Share of attempts Fashion.AI refused with 429. The adaptive throttle keeps it near 10 % while it paces; over 25 % for 15 minutes (GatewayVendorRateLimiting): another client spends the quota or the quota shrank; set UPSTREAM_QUOTA_PER_SECOND, use CACHE_URL on every replica, ask for more quota.',
        unit: 'percentunit',
        max: 1,
        queries: [
          {
            expr: ratio(
              `gateway_upstream_requests_total{${J},status="429"}`,
              `gateway_upstream_requests_total{${J}}`,
            ),
            legend: '429 share',
          },
        ],
      },
      {
        title: 'Throttle rate against the quota',
        description:
          'Attempts sent per second, what the adaptive throttle lets through (no line while it limits nothing) and the fleet rate (UPSTREAM_QUOTA_PER_SECOND less after 429s; 0 when no quota is set). A throttle rate well under the quota: the vendor accepts less than contracted.',
        unit: 'short',
        queries: [
          {
            // +Inf while the throttle limits nothing: only finite values are drawn.
            expr: `min(gateway_upstream_throttle_rate{${J}} < +Inf)`,
            legend: 'throttle',
          },
          {
            expr: `sum(rate(gateway_upstream_requests_total{${J}}[${R}]))`,
            legend: 'sent',
          },
          { expr: `max(gateway_fleet_rate_per_second{${J}})`, legend: 'fleet rate' },
        ],
      },
      {
        title: 'Calls refused before any HTTP',
        description:
          'Per second, by reason: throttled (no turn within the wait: callers got UPSTREAM_RATE_LIMITED or stale data), circuit_open (the breaker sheds calls), bulkhead (queue full), retry_budget (failures not retried). Steady throttled refusals: the quota is too small for the cold traffic.',
        unit: 'short',
        stacked: true,
        queries: [
          {
            expr: `sum by (reason) (rate(gateway_upstream_rejected_total{${J}}[${R}]))`,
            legend: '{{reason}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Breaker and retries',
    panels: [
      {
        title: 'Circuit breaker state',
        description:
          'Replicas in each breaker state. Any in open for minutes (GatewayCircuitBreakerOpen): the vendor fails most calls; only probes reach it. One replica alone open: its own path to Fashion.AI (egress, DNS) is broken. Do not restart to reset it.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (state) (gateway_upstream_circuit_state{${J}})`,
            legend: '{{state}}',
          },
        ],
      },
      {
        title: 'Retry budget and retries',
        description:
          'Retries the budget allows now (summed over replicas) and retries per second. A budget at 0 during an outage is the budget working (the vendor gets ~1.2x the traffic, not 3x); at 0 with a healthy vendor: too many transient failures, look at attempts by status.',
        unit: 'short',
        queries: [
          {
            expr: `sum(gateway_upstream_retry_budget_available{${J}})`,
            legend: 'budget available',
          },
          {
            expr: `sum(rate(gateway_upstream_retries_total{${J}}[${R}]))`,
            legend: 'retries/s',
          },
        ],
      },
    ],
  },
  {
    title: 'Stale answers and cache',
    panels: [
      {
        title: 'Stale answers',
        description:
          'Lookups per second answered with a profile past its freshness (stale: true). During a vendor outage this is the cushion working; for 30 minutes (GatewayServingStaleLong) the stale window (CACHE_STALE_SECONDS) may run out and answers become errors.',
        unit: 'short',
        queries: [
          {
            expr: `sum(rate(gateway_stale_served_total{${J}}[${R}]))`,
            legend: 'stale answers/s',
          },
        ],
      },
      {
        title: 'Cache hit share by layer',
        description:
          'Share of reads answered fresh by each layer: memory (L1), redis (shared, with CACHE_URL), response (whole GraphQL responses). A falling memory/redis share means more upstream calls: entries expire (CACHE_TTL_SECONDS), the working set outgrew CACHE_MAX_ENTRIES, or Redis errors (Fleet row).',
        unit: 'percentunit',
        max: 1,
        queries: [
          {
            // `or … * 0`: a layer with reads and no hit yet shows 0, not nothing.
            expr: `(sum by (layer) (rate(${LOOKUPS},result="hit"}[${R}])) or sum by (layer) (rate(${LOOKUPS}}[${R}])) * 0) / sum by (layer) (rate(${LOOKUPS}}[${R}]))`,
            legend: '{{layer}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Fleet and budgets',
    panels: [
      {
        title: 'Fleet coordination',
        description:
          'Replicas coordinated through Redis and replicas meant to be (CACHE_URL set). Fewer coordinated than configured for 5 minutes (GatewayFleetNotCoordinated): those replicas pace the vendor and count budgets alone; check Redis.',
        unit: 'short',
        queries: [
          { expr: `sum(gateway_fleet_coordinated{${J}})`, legend: 'coordinated' },
          {
            expr: `sum(gateway_fleet_coordination_configured{${J}})`,
            legend: 'configured (CACHE_URL)',
          },
        ],
      },
      {
        title: 'Cold lookups by lease outcome',
        description:
          'Fleet single-flight per second: acquired (this replica called), joined (another replica answered), took_over, timed_out, local (Redis away). timed_out or took_over rising: the vendor is slower than FLEET_LEASE_MS; local: Redis is away.',
        unit: 'short',
        stacked: true,
        queries: [
          {
            expr: `sum by (outcome) (rate(gateway_fleet_leases_total{${J}}[${R}]))`,
            legend: '{{outcome}}',
          },
        ],
      },
      {
        title: 'Budget refusals by caller',
        description:
          'Lookups refused with UPSTREAM_BUDGET_EXCEEDED per second, by caller (UPSTREAM_BUDGETS). The budget doing its job; for 30 minutes (GatewayCallerOverBudget) tell the owning team to spread its batch or raise its budget within the quota.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (caller) (rate(gateway_upstream_budget_refusals_total{${J}}[${R}]))`,
            legend: '{{caller}}',
          },
        ],
      },
    ],
  },
  {
    title: 'Process',
    panels: [
      {
        title: 'Event-loop delay p99',
        description:
          'p99 delay of the event loop per replica. Over 200 ms for 10 minutes (GatewayEventLoopDelayHigh): every request waits that long; CPU-bound (add replicas) or a growing heap (take a heap snapshot before restarting).',
        unit: 's',
        queries: [
          {
            expr: `max by (instance) (nodejs_eventloop_lag_p99_seconds{${J}})`,
            legend: '{{instance}}',
          },
        ],
      },
      {
        title: 'Heap used and RSS',
        description:
          'V8 heap in use and resident memory per replica. A heap that only grows across hours: a leak, open an issue with a heap snapshot. RSS near the container limit: the process will be killed; raise the limit or lower CACHE_MAX_ENTRIES.',
        unit: 'bytes',
        queries: [
          {
            expr: `sum by (instance) (nodejs_heap_size_used_bytes{${J}})`,
            legend: 'heap {{instance}}',
          },
          {
            expr: `sum by (instance) (process_resident_memory_bytes{${J}})`,
            legend: 'rss {{instance}}',
          },
        ],
      },
      {
        title: 'CPU',
        description:
          'CPU seconds per second per replica (1 = one core). Near 1 for a Node process: it is saturated and latency grows; add replicas.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (instance) (rate(process_cpu_seconds_total{${J}}[${R}]))`,
            legend: '{{instance}}',
          },
        ],
      },
    ],
  },
];
