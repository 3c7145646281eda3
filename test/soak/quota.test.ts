// Quota soak (issue 10): Fashion.AI enforces 100 calls/s (sample upstream quota mode) while
// the gateway gets 300 requests/s, half of them customers never asked before. After the first
// 5 s at most 10 % of upstream calls are answered 429 and at least 80 calls/s are accepted;
// every request is answered (data, stale data or UPSTREAM_RATE_LIMITED) within the budget +
// 200 ms; when the quota is lifted the gateway is back to full speed within 3 s.
// SOAK_SECONDS (default 16, the least, at 100/s against 33 calls/s and without a latency bound;
// `npm run soak` runs 30 s at 300/s against 100) is the whole run; the quota is lifted for its
// last 5 s. The 429 share is judged over at least 6 s under the quota: the throttle probes above
// the quota every few seconds and one probe costs up to ~10 refused calls, so a 2-second window
// (the old 13-s default) read one probe as a 10 % share and failed on chance alone. SOAK_RECORD=file writes the throttle's samples (for scripts/plot-throttle.ts).
// A second of light traffic on other customers warms the freshly started gateway first.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakerState } from '../../src/upstream/observer.ts';
import type { Harness } from '../support/harness.ts';
import { openLoopInWorker, warmUp } from '../support/open-loop.ts';
import { percentile } from '../support/stats.ts';
import { startSoakGateway } from '../support/soak-gateway.ts';
import { quotaSummary } from '../support/quota.ts';

const SOAK_SECONDS = Math.max(16, Number(process.env['SOAK_SECONDS'] ?? 16));
/** As in soak-faults: the figures for 30 s at 300/s; the short variant runs at 100/s. */
const STRICT = SOAK_SECONDS >= 30;
const PER_SECOND = Number(process.env['SOAK_RATE'] ?? (STRICT ? 300 : 100));
/** A third of the load, as in the issue (100 calls/s for 300 requests/s). */
const QUOTA = Math.round(PER_SECOND / 3);
const BUDGET_MS = 1500;
const CONVERGE_MS = 5000;
const LIFTED_FOR_MS = 5000;
const RECOVERY_MS = 3000;

let h: Harness;
const breakerStates: BreakerState[] = [];
beforeAll(async () => {
  h = await startSoakGateway(BUDGET_MS, 'error', breakerStates);
});
afterAll(() => h?.close());

interface Sample {
  t: number;
  throttleRate: number | null;
}

describe('quota soak', () => {
  it(
    `${SOAK_SECONDS} s at ${PER_SECOND}/s against a quota of ${QUOTA}/s: converges, answers everyone, recovers when lifted`,
    { timeout: (SOAK_SECONDS + 60) * 1000 },
    async () => {
      const load = loadavg()[0]!;
      await warmUp(h.url); // the freshly started gateway, before the quota is enforced
      h.upstream.setQuota(QUOTA);
      h.upstream.resetStats();
      const started = Date.now();
      const liftAt = started + SOAK_SECONDS * 1000 - LIFTED_FOR_MS;
      const samples: Sample[] = [];
      const sampler = setInterval(() => {
        const rate = h.gateway.upstream.throttleRate;
        samples.push({
          t: Date.now() - started,
          throttleRate: Number.isFinite(rate) ? rate : null,
        });
      }, 100);
      const lift = setTimeout(() => h.upstream.setQuota(undefined), liftAt - started);
      const run = await openLoopInWorker(h.url, PER_SECOND, SOAK_SECONDS, {
        hotReads: 0.5,
        neverSeen: 0.5,
        lists: 0,
        unknownEmails: 0,
      });
      clearInterval(sampler);
      clearTimeout(lift);

      const quota = quotaSummary(h.upstream, started + CONVERGE_MS, liftAt);
      const afterLift = quotaSummary(
        h.upstream,
        liftAt + RECOVERY_MS,
        started + SOAK_SECONDS * 1000,
      );
      const rateLimited = (a: { codes: string[] }) => a.codes.includes('UPSTREAM_RATE_LIMITED');
      const answeredOk = (a: { outcome: string; codes: string[] }) =>
        a.outcome === 'correct' ||
        a.outcome === 'partial' ||
        (a.outcome === 'error' && a.codes.every((c) => c === 'UPSTREAM_RATE_LIMITED'));
      const recovered = run.answered.filter((a) => started + a.scheduledAt >= liftAt + RECOVERY_MS);
      const summary = {
        seconds: SOAK_SECONDS,
        scheduled: run.scheduled,
        answered: run.answered.length,
        sentLate: run.sentLate,
        correct: run.answered.filter((a) => a.outcome === 'correct').length,
        stale: run.answered.filter((a) => a.stale).length,
        rateLimited: run.answered.filter(rateLimited).length,
        otherErrors: run.answered.filter((a) => !answeredOk(a)).length,
        otherErrorCodes: [
          ...new Set(run.answered.filter((a) => !answeredOk(a)).flatMap((a) => a.codes)),
        ],
        wrong: run.answered.filter((a) => a.outcome === 'wrong').length,
        breakerChanges: breakerStates,
        overBudgetPlus200: run.answered.filter((a) => a.latencyMs > BUDGET_MS + 200).length,
        slowestAtSecond: [...run.answered]
          .sort((a, b) => b.latencyMs - a.latencyMs)
          .slice(0, 3)
          .map((a) => +(a.scheduledAt / 1000).toFixed(1)),
        maxLatencyMs: Math.round(Math.max(...run.answered.map((a) => a.latencyMs))),
        p99Ms: Math.round(
          percentile(
            run.answered.map((a) => a.latencyMs),
            99,
          ),
        ),
        underQuota: {
          fromSecond: CONVERGE_MS / 1000,
          acceptedPerSecond: +quota.acceptedPerSecond.toFixed(1),
          refusedShare: +quota.refusedShare.toFixed(4),
        },
        afterLift: {
          fromSecond: (liftAt - started + RECOVERY_MS) / 1000,
          upstreamCallsPerSecond: +afterLift.acceptedPerSecond.toFixed(1),
          refused: afterLift.refused,
          rateLimitedAnswers: recovered.filter(rateLimited).length,
        },
        loadAvg1mBefore: +load.toFixed(1),
        loadAvg1mAfter: +loadavg()[0]!.toFixed(1),
      };
      console.log('soak-quota', JSON.stringify(summary));
      const record = process.env['SOAK_RECORD'];
      if (record) {
        writeFileSync(
          record,
          JSON.stringify({
            quota: QUOTA,
            liftedAtMs: liftAt - started,
            samples,
            perSecond: h.upstream.quotaPerSecond().map((s) => ({
              t: s.second * 1000 - started,
              accepted: s.accepted,
              refused: s.refused,
            })),
          }),
        );
      }

      expect(summary.wrong).toBe(0);
      expect(breakerStates).not.toContain('open');
      expect(summary.answered).toBe(run.scheduled);
      expect(summary.otherErrors).toBe(0);
      if (STRICT) expect(summary.maxLatencyMs).toBeLessThanOrEqual(BUDGET_MS + 200);
      expect(quota.refusedShare).toBeLessThanOrEqual(0.1);
      expect(quota.acceptedPerSecond).toBeGreaterThanOrEqual(0.8 * QUOTA);
      // Back to full speed: nobody refused for rate any more, more calls than the quota allowed.
      expect(summary.afterLift.rateLimitedAnswers).toBe(0);
      expect(afterLift.acceptedPerSecond).toBeGreaterThan(QUOTA);
    },
  );
});
