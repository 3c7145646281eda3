// GET /metrics: the documented series in Prometheus text format, moving as queries run;
// METRICS_ENABLED=false turns the endpoint off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function scrape(): Promise<string> {
  const res = await fetch(`${h.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample, e.g. value(text, 'x_total{a="b"}'); 0 when absent. */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

const SERIES = [
  'gateway_upstream_requests_total',
  'gateway_upstream_request_duration_seconds',
  'gateway_upstream_retries_total',
  'gateway_upstream_circuit_state',
  'gateway_upstream_rate_limit_pauses_total',
  'gateway_upstream_rejected_total',
  'gateway_upstream_in_flight',
  'gateway_upstream_queue_length',
  'gateway_cache_lookups_total',
  'gateway_stale_served_total',
  'gateway_graphql_requests_total',
  'gateway_graphql_request_duration_seconds',
  'gateway_graphql_errors_total',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
];

describe('/metrics', () => {
  it('declares every documented series', async () => {
    const text = await scrape();
    for (const name of SERIES) expect(text).toContain(`# TYPE ${name} `);
    expect(value(text, 'gateway_upstream_circuit_state{state="closed"}')).toBe(1);
    expect(text).toContain('gateway_upstream_retries_total{endpoint="email"} 0');
  });

  it('moves after queries: upstream requests, latency, cache hits and misses, GraphQL requests', async () => {
    const c = sampleCustomer(31);
    const before = await scrape();
    const query = `query MetricsProbe { a: customer(by: { email: "${c.email}" }) { userProfileId }
      b: customer(by: { email: "${c.email}" }) { userProfileId } }`;
    await h.query(query); // every layer misses: one upstream call
    await h.query(`${query} `); // another body: the profile cache answers
    await h.query(query); // the same body again: the whole-response cache answers
    await h.query('{ customer(by: { email: "not-an-email" }) { userProfileId } }');
    const after = await scrape();
    const delta = (sample: string) => value(after, sample) - value(before, sample);

    expect(delta('gateway_upstream_requests_total{endpoint="email",status="200"}')).toBe(1);
    expect(delta('gateway_upstream_request_duration_seconds_count{endpoint="email"}')).toBe(1);
    expect(delta('gateway_cache_lookups_total{layer="memory",result="miss"}')).toBe(1);
    expect(delta('gateway_cache_lookups_total{layer="memory",result="hit"}')).toBe(1);
    expect(delta('gateway_cache_lookups_total{layer="response",result="hit"}')).toBe(1);
    expect(delta('gateway_cache_lookups_total{layer="response",result="miss"}')).toBe(3);
    expect(delta('gateway_graphql_requests_total{operation="MetricsProbe",outcome="ok"}')).toBe(3);
    expect(delta('gateway_graphql_request_duration_seconds_count{operation="MetricsProbe"}')).toBe(
      3,
    );
    expect(delta('gateway_graphql_requests_total{operation="anonymous",outcome="partial"}')).toBe(
      1,
    );
    expect(delta('gateway_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    expect(after).not.toContain(h.token);
    expect(after).not.toContain(c.email);
  });

  it('counts lookups that joined a fetch already in flight', async () => {
    const c = sampleCustomer(39);
    h.upstream.addFault({ fault: { type: 'slow', delayMs: 200 }, match: c.email, times: 1 });
    const before = await scrape();
    const query = `{ customer(by: { email: "${c.email}" }) { userProfileId } }`;
    await Promise.all([h.query(query), h.query(query), h.query(query)]);
    const after = await scrape();
    const sample = 'gateway_cache_lookups_total{layer="inflight",result="hit"}';
    expect(value(after, sample) - value(before, sample)).toBe(2);
  });

  it('counts upstream failures by status', async () => {
    const c = sampleCustomer(32);
    h.upstream.addFault({ fault: { type: 'status', status: 401 }, match: c.phone });
    const before = await scrape();
    await h.query(`{ customer(by: { phone: "${c.phone}" }) { userProfileId } }`);
    h.upstream.clearFaults();
    const after = await scrape();
    const sample = 'gateway_upstream_requests_total{endpoint="phone",status="401"}';
    expect(value(after, sample) - value(before, sample)).toBeGreaterThanOrEqual(1);
    const errors = 'gateway_graphql_errors_total{code="UPSTREAM_UNAUTHORIZED"}';
    expect(value(after, errors) - value(before, errors)).toBe(1);
  });

  it('bounds operation-name labels, which clients choose', async () => {
    const queries = Array.from({ length: 120 }, (_, i) => h.query(`query Op${i} { __typename }`));
    await Promise.all(queries);
    const text = await scrape();
    const names = new Set(
      [...text.matchAll(/gateway_graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(names.size).toBeLessThanOrEqual(101);
    expect(names.has('other')).toBe(true);
  });
});

describe('upstream resilience series', () => {
  it('counts retries and the attempt statuses behind them', async () => {
    const c = sampleCustomer(33);
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: c.phone, times: 1 });
    const before = await scrape();
    const res = await h.query(`{ customer(by: { phone: "${c.phone}" }) { userProfileId } }`);
    expect(res.body.errors).toBeUndefined();
    const after = await scrape();
    const delta = (sample: string) => value(after, sample) - value(before, sample);
    expect(delta('gateway_upstream_retries_total{endpoint="phone"}')).toBe(1);
    expect(delta('gateway_upstream_requests_total{endpoint="phone",status="503"}')).toBe(1);
    expect(delta('gateway_upstream_requests_total{endpoint="phone",status="200"}')).toBe(1);
  });

  it('shows the breaker opening and the calls it refuses', async () => {
    const b = await startHarness({
      env: {
        BREAKER_MIN_CALLS: '2',
        UPSTREAM_MAX_RETRIES: '1',
        UPSTREAM_RETRY_BASE_DELAY_MS: '0',
      },
    });
    try {
      b.upstream.addFault({ fault: { type: 'status', status: 500 } });
      await b.query(`{ customer(by: { email: "${sampleCustomer(37).email}" }) { userProfileId } }`);
      await b.query(`{ customer(by: { email: "${sampleCustomer(38).email}" }) { userProfileId } }`);
      const text = await (await fetch(`${b.url}/metrics`)).text();
      expect(value(text, 'gateway_upstream_circuit_state{state="open"}')).toBe(1);
      expect(value(text, 'gateway_upstream_circuit_state{state="closed"}')).toBe(0);
      expect(value(text, 'gateway_upstream_requests_total{endpoint="email",status="500"}')).toBe(2);
      expect(value(text, 'gateway_upstream_rejected_total{reason="circuit_open"}')).toBe(1);
    } finally {
      await b.close();
    }
  });

  it('shows calls in flight and queued while the upstream is slow', async () => {
    const q = await startHarness({ env: { UPSTREAM_MAX_CONCURRENCY: '1' } });
    try {
      const customers = [34, 35, 36].map((i) => sampleCustomer(i));
      for (const c of customers) {
        q.upstream.addFault({ fault: { type: 'slow', delayMs: 400 }, match: c.email });
      }
      const pending = customers.map((c) =>
        q.query(`{ customer(by: { email: "${c.email}" }) { userProfileId } }`),
      );
      await sleep(150);
      const during = await (await fetch(`${q.url}/metrics`)).text();
      expect(value(during, 'gateway_upstream_in_flight')).toBe(1);
      expect(value(during, 'gateway_upstream_queue_length')).toBe(2);
      await Promise.all(pending);
      const after = await (await fetch(`${q.url}/metrics`)).text();
      expect(value(after, 'gateway_upstream_in_flight')).toBe(0);
      expect(value(after, 'gateway_upstream_queue_length')).toBe(0);
    } finally {
      await q.close();
    }
  });
});

describe('METRICS_ENABLED=false', () => {
  it('serves no /metrics', async () => {
    const off = await startHarness({ env: { METRICS_ENABLED: 'false' } });
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
      const res = await off.query(
        '{ customer(by: { userProfileId: "ddsd23223" }) { userProfileId } }',
      );
      expect(res.body.errors).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
