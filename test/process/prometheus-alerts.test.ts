// The alert rules and the dashboard against a real Prometheus: the gateway and the sample
// upstream on loopback, `prometheus` scraping the gateway every second and evaluating the
// shipped rules every second. Traffic runs while the vendor first rate-limits (429s: the
// throttle paces, no alert), then fails (503s, some 429s), then heals: GatewayVendorFailing goes pending, then firing, then resolves. Every PromQL
// expression of the dashboard then evaluates without error and draws series over the run.
//
// Time-compressed rules: to see pending → firing → resolved within a bounded run, every
// duration of alerts.yml (range windows and `for:`) is divided by 30 (5m → 10s) by
// test/support/compressed-rules.ts; expressions and thresholds are the shipped ones.
// The run's series are written to test/artifacts/prometheus-run.json for
// `npm run dashboard:render` (the picture in docs/operations.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../src/sample-upstream/index.ts';
import { compressedRules } from '../support/compressed-rules.ts';
import { sleep, startHarness } from '../support/harness.ts';
import type { Harness } from '../support/harness.ts';
import { findTool, startPrometheus } from '../support/prometheus.ts';
import type { PrometheusServer } from '../support/prometheus.ts';

const root = new URL('../../', import.meta.url).pathname;
const FACTOR = 30;
const ALERT = 'GatewayVendorFailing';
const API_KEY = 'batch-live-test-key-0123456789';
const CUSTOMERS = 60;
/** `$__rate_interval` at a 1 s scrape: Grafana's 4 × scrape interval, and a bit. */
const RATE_INTERVAL = '5s';

const binary = findTool('prometheus');
if (!binary) console.warn('prometheus is not installed (Debian package `prometheus`): skipping');

interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}
interface Series {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Every target of the generated dashboard, as Grafana would send it for "All" jobs. */
function dashboardQueries() {
  const json = JSON.parse(
    readFileSync(join(root, 'deploy/grafana/fashionai-gateway.json'), 'utf8'),
  ) as {
    panels: Array<{
      type: string;
      title: string;
      targets?: Array<{ expr: string; legendFormat: string }>;
    }>;
  };
  return json.panels
    .filter((p) => p.type !== 'row')
    .map((p) => ({
      title: p.title,
      targets: (p.targets ?? []).map((t) => ({
        legend: t.legendFormat,
        expr: t.expr.replaceAll('$job', '.+').replaceAll('$__rate_interval', RATE_INTERVAL),
      })),
    }));
}

describe.skipIf(!binary)('alerts and dashboard on a real Prometheus', () => {
  let h: Harness;
  let prometheus: PrometheusServer;
  let stop = false;
  let traffic: Promise<void>;
  const sent = { ok: 0, failed: 0 };

  beforeAll(async () => {
    h = await startHarness({
      env: {
        LOG_LEVEL: 'warn',
        CACHE_TTL_SECONDS: '2',
        UPSTREAM_QUOTA_PER_SECOND: '400',
        GATEWAY_API_KEYS: `batch:${API_KEY}`,
        UPSTREAM_BUDGETS: 'batch:100000/min',
        // Probes soon after the breaker opens, so attempts (and their share) keep coming.
        BREAKER_HALF_OPEN_AFTER_MS: '1000',
      },
    });
    prometheus = await startPrometheus(binary as string, {
      target: new URL(h.url).host,
      rules: [compressedRules(join(root, 'deploy/prometheus/alerts.yml'), FACTOR)],
    });
    // Prometheus hands new targets to its scrapers at most every 5 s: wait for the first scrape.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { activeTargets } = await prometheus.api<{ activeTargets: Array<{ health: string }> }>(
        'targets',
      );
      if (activeTargets[0]?.health === 'up') break;
      if (Date.now() > deadline) throw new Error(`no scrape within 20 s:\n${prometheus.logs()}`);
      await sleep(200);
    }
    // Open-loop traffic, as shoppers send it whatever the vendor does: 60 requests a second,
    // two in three over 60 customers whose profiles expire after 2 s (about half the lookups
    // need the vendor; in the outage stale copies answer), one in three for a customer never
    // seen (in the outage nothing stands in: errors). At most 200 in flight.
    let n = 0;
    let inFlight = 0;
    const pending = new Set<Promise<void>>();
    const send = () => {
      if (stop || inFlight >= 200) return;
      const i = n++;
      const c = sampleCustomer(i % 3 === 2 ? 100_000 + i : i % CUSTOMERS);
      inFlight += 1;
      const request = h
        .query(
          `query Storefront { customer(by: { email: "${c.email}" }) { userProfileId } }`,
          undefined,
          { 'x-api-key': API_KEY },
        )
        .then(
          (res) => {
            if (res.body.errors) sent.failed += 1;
            else sent.ok += 1;
          },
          () => {
            sent.failed += 1;
          },
        )
        .finally(() => {
          inFlight -= 1;
          pending.delete(request);
        });
      pending.add(request);
    };
    const timer = setInterval(send, 1000 / 60);
    traffic = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!stop) return;
        clearInterval(timer);
        clearInterval(check);
        void Promise.allSettled([...pending]).then(() => resolve());
      }, 50);
    });
  }, 30_000);

  afterAll(async () => {
    stop = true;
    await traffic;
    await prometheus?.close();
    await h?.close();
  });

  const alertState = async () => {
    const { alerts } = await prometheus.api<{ alerts: Alert[] }>('alerts');
    return alerts.find((a) => a.labels.alertname === ALERT)?.state ?? 'inactive';
  };

  /** Polls every 250 ms until the alert is in `state`; the wall-clock time it was first seen. */
  const waitFor = async (state: string, withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if ((await alertState()) === state) return new Date();
      await sleep(250);
    }
    throw new Error(`${ALERT} not ${state} within ${withinMs} ms (now ${await alertState()})`);
  };

  it('GatewayVendorFailing goes pending, fires while the vendor fails, and resolves once it heals', async () => {
    const start = Date.now() / 1000;
    // A healthy start: Prometheus has a few scrapes of normal traffic, no alert.
    await sleep(5000);
    expect(await alertState()).toBe('inactive');
    const up = await prometheus.api<{ result: Array<{ value: [number, string] }> }>('query', {
      query: 'up',
    });
    expect(up.result[0]?.value[1]).toBe('1');

    // First the vendor rate-limits (40 % of calls 429) until the adaptive throttle paces (its
    // gauge turns finite in Prometheus): 429s are not failures, the alert stays silent.
    const limitedAt = new Date();
    h.upstream.addFault({ fault: { type: 'status', status: 429 }, probability: 0.4 });
    const pacingBy = Date.now() + 15_000;
    for (;;) {
      const pacing = await prometheus.api<{ result: unknown[] }>('query', {
        query: 'min(gateway_upstream_throttle_rate < +Inf)',
      });
      if (pacing.result.length > 0) break;
      if (Date.now() > pacingBy) throw new Error('the throttle did not pace within 15 s');
      await sleep(250);
    }
    // A few seconds of it, for the picture.
    await sleep(Math.max(0, limitedAt.getTime() + 4000 - Date.now()));
    expect(await alertState()).toBe('inactive');

    // The outage: 70 % of calls 503, then 429 for half of the rest.
    h.upstream.clearFaults();
    const failedAt = new Date();
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, probability: 0.7 });
    h.upstream.addFault({ fault: { type: 'status', status: 429 }, probability: 0.5 });
    const pendingAt = await waitFor('pending', 15_000);
    const firingAt = await waitFor('firing', 25_000);
    // Firing means it stayed pending for its whole compressed `for:` (5m / 30 = 10 s).
    expect(firingAt.getTime() - pendingAt.getTime()).toBeGreaterThanOrEqual(9_000);

    const healedAt = new Date();
    h.upstream.clearFaults();
    const resolvedAt = await waitFor('inactive', 25_000);
    const end = Date.now() / 1000;
    const timeline = {
      limitedAt: limitedAt.toISOString(),
      failedAt: failedAt.toISOString(),
      pendingAt: pendingAt.toISOString(),
      firingAt: firingAt.toISOString(),
      healedAt: healedAt.toISOString(),
      resolvedAt: resolvedAt.toISOString(),
    };
    console.log(`${ALERT} timeline ${JSON.stringify({ ...timeline, requests: sent })}`);

    // Every expression of the dashboard: no error at the end of the run (instant query), and
    // series over the run (what the panel draws).
    const panels = [];
    for (const panel of dashboardQueries()) {
      const targets = [];
      for (const target of panel.targets) {
        await prometheus.api('query', { query: target.expr });
        const range = await prometheus.api<{ result: Series[] }>('query_range', {
          query: target.expr,
          start: String(start),
          end: String(end),
          step: '1',
        });
        targets.push({ ...target, series: range.result });
      }
      panels.push({ title: panel.title, targets });
    }
    mkdirSync(join(root, 'test/artifacts'), { recursive: true });
    writeFileSync(
      join(root, 'test/artifacts/prometheus-run.json'),
      JSON.stringify({ start, end, timeline, panels }),
    );
    for (const panel of panels) {
      for (const target of panel.targets) {
        expect(target.series.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
      }
    }
  }, 90_000);
});
