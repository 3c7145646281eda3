// Availability soak under a misbehaving Fashion.AI (issue 10): open-loop 300 requests/s for
// SOAK_SECONDS (default 4, at 100/s and without latency bounds; `npm run soak` runs 30) — 60 % reads of 200 hot customers, 20 %
// never-seen customers, 15 % lists of 10, 5 % unknown e-mails — against an upstream where each
// call fails with probability 20 %, one seventh each: 500, 503, 429 with Retry-After: 1, a 3 s
// hang, a reset socket, malformed JSON, +50–400 ms latency. With CACHE_TTL_SECONDS=2,
// CACHE_STALE_SECONDS=120, UPSTREAM_TIMEOUT_MS=1500: at least 97 % of the scheduled requests
// answered with correct or partial data, nothing wrong, nobody waiting past the budget + 200 ms,
// correct p99 <= 1600 ms, and the breaker never opening. A second of light traffic on other
// customers warms the freshly started gateway first (not counted).
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/sample-upstream/index.ts';
import type { BreakerState } from '../../src/upstream/observer.ts';
import type { Harness } from '../support/harness.ts';
import { openLoopInWorker, warmUp } from '../support/open-loop.ts';
import { percentile } from '../support/stats.ts';
import { startSoakGateway } from '../support/soak-gateway.ts';

const SOAK_SECONDS = Number(process.env['SOAK_SECONDS'] ?? 4);
/**
 * The figures hold for the 30 s run at 300/s (`npm run soak`, on a machine not saturated
 * by other work). The short variant in `npm test` checks the same behaviour at 100/s without
 * latency bounds, so a loaded CI machine does not fail it for being slow.
 */
const STRICT = SOAK_SECONDS >= 30;
const PER_SECOND = Number(process.env['SOAK_RATE'] ?? (STRICT ? 300 : 100));
const BUDGET_MS = 1500;
const FAULT_RATE = 0.2;

/** The seven faults, one seventh of FAULT_RATE each; the latency one spread over 50–400 ms. */
function faultMix(): FaultRule[] {
  const share = FAULT_RATE / 7;
  const delays = [50, 100, 150, 200, 250, 300, 350, 400];
  const wanted: Array<[FaultRule['fault'], number]> = [
    [{ type: 'status', status: 500 }, share],
    [{ type: 'status', status: 503 }, share],
    [{ type: 'status', status: 429, retryAfter: '1' }, share],
    [{ type: 'slow', delayMs: 3000 }, share],
    [{ type: 'reset' }, share],
    [{ type: 'malformed-json' }, share],
    ...delays.map((delayMs): [FaultRule['fault'], number] => [
      { type: 'slow', delayMs },
      share / delays.length,
    ]),
  ];
  // The fault book tries rules in order: each probability is conditional on the earlier misses.
  let untaken = 1;
  return wanted.map(([fault, p]) => {
    const probability = p / untaken;
    untaken -= p;
    return { fault, probability };
  });
}

let h: Harness;
const breakerStates: BreakerState[] = [];
beforeAll(async () => {
  h = await startSoakGateway(BUDGET_MS, 'warn', breakerStates);
  for (const rule of faultMix()) h.upstream.addFault(rule);
});
afterAll(() => h?.close());

describe('availability soak: 20 % upstream faults', () => {
  it(
    `${SOAK_SECONDS} s at ${PER_SECOND}/s: >= 97 % answered with data, 0 wrong, p99 <= 1600 ms, breaker closed`,
    { timeout: (SOAK_SECONDS + 60) * 1000 },
    async () => {
      const load = loadavg()[0];
      await warmUp(h.url);
      h.upstream.resetStats();
      const run = await openLoopInWorker(h.url, PER_SECOND, SOAK_SECONDS, {
        hotReads: 0.6,
        neverSeen: 0.2,
        lists: 0.15,
        unknownEmails: 0.05,
      });
      const count = (o: string) => run.answered.filter((a) => a.outcome === o).length;
      const correct = run.answered.filter((a) => a.outcome === 'correct');
      const errorCodes: Record<string, number> = {};
      for (const a of run.answered) {
        if (a.outcome !== 'error') continue;
        const code = a.codes[0] ?? 'NONE';
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      }
      const latencies = run.answered.map((a) => a.latencyMs);
      const summary = {
        seconds: SOAK_SECONDS,
        scheduled: run.scheduled,
        answered: run.answered.length,
        sentLate: run.sentLate,
        correct: correct.length,
        partial: count('partial'),
        errors: count('error'),
        errorCodes,
        wrong: count('wrong'),
        answeredWithData: +((correct.length + count('partial')) / run.scheduled).toFixed(4),
        staleAnswers: run.answered.filter((a) => a.stale).length,
        correctP50Ms: Math.round(
          percentile(
            correct.map((a) => a.latencyMs),
            50,
          ),
        ),
        correctP99Ms: Math.round(
          percentile(
            correct.map((a) => a.latencyMs),
            99,
          ),
        ),
        overBudgetPlus200: run.answered.filter((a) => a.latencyMs > BUDGET_MS + 200).length,
        slowestAtSecond: [...run.answered]
          .sort((a, b) => b.latencyMs - a.latencyMs)
          .slice(0, 3)
          .map((a) => +(a.scheduledAt / 1000).toFixed(1)),
        maxLatencyMs: Math.round(Math.max(...latencies)),
        upstreamCalls: h.upstream.stats.calls,
        breakerChanges: breakerStates,
        loadAvg1mBefore: +load!.toFixed(1),
        loadAvg1mAfter: +loadavg()[0]!.toFixed(1),
      };
      console.log('soak-faults', JSON.stringify(summary));

      expect(summary.wrong).toBe(0);
      expect(summary.answered).toBe(run.scheduled);
      expect(summary.answeredWithData).toBeGreaterThanOrEqual(0.97);
      expect(breakerStates).not.toContain('open');
      if (STRICT) {
        expect(summary.maxLatencyMs).toBeLessThanOrEqual(BUDGET_MS + 200);
        expect(summary.correctP99Ms).toBeLessThanOrEqual(1600);
      }
    },
  );
});
