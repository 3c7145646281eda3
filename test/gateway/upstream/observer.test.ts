// The observer hooks metrics and tracing will use: every attempt (outcome, HTTP status,
// duration), scheduled retries, breaker changes, 429 pauses, bulkhead rejections and the
// live gauges; and an observer that throws never breaks a call.
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import type { UpstreamObserver } from '../../../src/upstream/observer.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function recorder() {
  const events: Array<[string, unknown]> = [];
  const observer: Required<UpstreamObserver> = {
    attemptStarted: (e) => events.push(['attemptStarted', e]),
    attemptFinished: (e) => events.push(['attemptFinished', { ...e, durationMs: 'n' }]),
    retryScheduled: (e) => events.push(['retryScheduled', { ...e, delayMs: 'n' }]),
    breakerStateChanged: (s) => events.push(['breakerStateChanged', s]),
    rateLimitPaused: (e) => events.push(['rateLimitPaused', e.retryAfterSeconds]),
    bulkheadRejected: (e) => events.push(['bulkheadRejected', e]),
    retryBudgetExhausted: (e) => events.push(['retryBudgetExhausted', e]),
    callRefused: (e) => events.push(['callRefused', e]),
  };
  return { events, observer };
}

describe('upstream observer', () => {
  it('hears each attempt, the retry between them, breaker changes and 429 pauses', async () => {
    const { events, observer } = recorder();
    h = await startHarness({
      env: { BREAKER_MIN_CALLS: '2', UPSTREAM_MAX_RETRIES: '1' },
      build: { upstreamObserver: observer },
    });
    const c = sampleCustomer(951);
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: c.email, times: 1 });
    await h.query(query, { e: c.email });
    expect(events).toEqual([
      ['attemptStarted', { kind: 'email', attempt: 1 }],
      [
        'attemptFinished',
        {
          kind: 'email',
          attempt: 1,
          outcome: 'UPSTREAM_UNAVAILABLE',
          status: 503,
          durationMs: 'n',
        },
      ],
      [
        'retryScheduled',
        { kind: 'email', attempt: 2, delayMs: 'n', reason: 'UPSTREAM_UNAVAILABLE' },
      ],
      ['attemptStarted', { kind: 'email', attempt: 2 }],
      [
        'attemptFinished',
        { kind: 'email', attempt: 2, outcome: 'ok', status: 200, durationMs: 'n' },
      ],
    ]);

    events.length = 0;
    const d = sampleCustomer(952);
    h.upstream.addFault({ fault: { type: 'status', status: 500 }, match: d.email });
    await h.query(query, { e: d.email });
    expect(events.filter(([name]) => name === 'breakerStateChanged')).toEqual([
      ['breakerStateChanged', 'open'],
    ]);
    expect(h.gateway.upstream.breakerState).toBe('open');
  });

  it('hears a 429 pause and a bulkhead rejection, and the gauges show queue and in-flight', async () => {
    const { events, observer } = recorder();
    h = await startHarness({
      env: { UPSTREAM_MAX_CONCURRENCY: '1', UPSTREAM_MAX_QUEUE: '1' },
      upstream: { latencyMs: 300 },
      build: { upstreamObserver: observer },
    });
    const [a, b, c] = [961, 962, 963].map(sampleCustomer);
    const pending = [a!, b!].map((x) => h!.query(query, { e: x.email }));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.gateway.upstream.inFlight).toBe(1);
    expect(h.gateway.upstream.queued).toBe(1);
    await h.query(query, { e: c!.email });
    await Promise.all(pending);
    expect(events).toContainEqual(['bulkheadRejected', { kind: 'email' }]);
    expect(h.gateway.upstream.inFlight).toBe(0);

    const limited = sampleCustomer(964);
    h.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: '30' },
      match: limited.email,
      times: 1,
    });
    await h.query(query, { e: limited.email });
    expect(events).toContainEqual(['rateLimitPaused', 30]);
    expect(h.gateway.upstream.rateLimitedUntil).toBeGreaterThan(Date.now() + 25_000);
  });

  it('ignores an observer that throws', async () => {
    const boom = () => {
      throw new Error('observer bug');
    };
    h = await startHarness({
      build: { upstreamObserver: { attemptStarted: boom, attemptFinished: boom } },
    });
    const c = sampleCustomer(971);
    const res = await h.query(query, { e: c.email });
    expect(res.body).toEqual({ data: { customer: { userProfileId: c.userProfileId } } });
  });
});
