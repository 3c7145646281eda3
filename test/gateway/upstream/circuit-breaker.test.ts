// The circuit breaker: most attempts of the last BREAKER_WINDOW_MS failing (with at least
// BREAKER_MIN_CALLS of them) open it; while open no upstream call is made, stale data is served
// where present and UPSTREAM_UNAVAILABLE otherwise, in milliseconds; after
// BREAKER_HALF_OPEN_AFTER_MS one probe closes it again. Scattered failures, 401s, 404s and 429s
// are not an outage and never open it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const HALF_OPEN_AFTER_MS = 800;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      BREAKER_MIN_CALLS: '3',
      BREAKER_WINDOW_MS: '1000',
      BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS),
      // One attempt per lookup, so lookups and attempts are the same count.
      UPSTREAM_MAX_RETRIES: '0',
      CACHE_TTL_SECONDS: '1',
      CACHE_STALE_SECONDS: '60',
    },
  });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;
const lookUp = (email: string) => h.query(query, { e: email });
const codeOf = (res: Awaited<ReturnType<typeof lookUp>>) =>
  res.body.errors?.[0]?.extensions?.['code'];

async function timedLookUp(email: string) {
  const started = performance.now();
  const res = await lookUp(email);
  return { res, ms: performance.now() - started };
}

/**
 * The fastest of three lookups: what the open breaker's path costs, without one scheduling
 * pause of a loaded 2-core machine (57 ms once, beside other test files) in the figure. A path
 * that waited on anything (a call, a backoff, a deadline) is slow all three times.
 */
async function fastestOf3(emails: [string, string, string]) {
  const runs = [];
  for (const email of emails) runs.push(await timedLookUp(email));
  return { responses: runs.map((r) => r.res), ms: Math.min(...runs.map((r) => r.ms)) };
}

describe('what does not open the breaker', () => {
  it('401s are the operator’s error, not flakiness', async () => {
    h.upstream.addFault({ fault: { type: 'status', status: 401 } });
    for (let i = 0; i < 5; i += 1) {
      expect(codeOf(await lookUp(sampleCustomer(900 + i).email))).toBe('UPSTREAM_UNAUTHORIZED');
    }
    h.upstream.clearFaults();
    const ok = sampleCustomer(905);
    expect((await lookUp(ok.email)).body.errors).toBeUndefined();
    expect(h.gateway.upstream.breakerState).toBe('closed');
  });

  it('scattered failures (one attempt in five) are not an outage', async () => {
    for (let i = 0; i < 20; i += 1) {
      const c = sampleCustomer(950 + i);
      if (i % 5 === 0) {
        h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: c.email });
      }
      await lookUp(c.email);
    }
    expect(h.gateway.upstream.breakerState).toBe('closed');
  });

  it('429s and 404s are not failures', async () => {
    await sleep(1000); // the window forgets the previous test's attempts
    h.upstream.addFault({ fault: { type: 'status', status: 429, retryAfter: '0' }, times: 4 });
    for (let i = 0; i < 4; i += 1) {
      expect(codeOf(await lookUp(sampleCustomer(970 + i).email))).toBe('UPSTREAM_RATE_LIMITED');
    }
    for (let i = 0; i < 4; i += 1) {
      expect((await lookUp(`nobody-97${i}@example.com`)).body.data?.['customer']).toBeNull();
    }
    expect(h.gateway.upstream.breakerState).toBe('closed');
  });
});

describe('when Fashion.AI keeps failing', () => {
  it('opens, answers from stale data or with UPSTREAM_UNAVAILABLE in < 50 ms without calls, then a probe closes it', async () => {
    const known = sampleCustomer(920);
    await lookUp(known.email); // cached, fresh for 1 s, servable stale for 60 s
    await sleep(1100);

    h.upstream.addFault({ fault: { type: 'status', status: 503 } });
    const outageStarted = Date.now();
    for (let i = 0; i < 3; i += 1) {
      expect(codeOf(await lookUp(sampleCustomer(921 + i).email))).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(h.gateway.upstream.breakerState).toBe('open');
    expect(Date.now() - outageStarted).toBeLessThan(2000);
    expect(h.logs.some((l) => l.includes('Circuit breaker open'))).toBe(true);

    h.upstream.resetStats();
    const unknownWhileOpen = await fastestOf3(
      [930, 931, 932].map((n) => sampleCustomer(n).email) as [string, string, string],
    );
    for (const res of unknownWhileOpen.responses) {
      expect(codeOf(res)).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.body.errors?.[0]?.message).toMatch(/circuit open/);
    }
    expect(unknownWhileOpen.ms).toBeLessThan(50);

    const staleWhileOpen = await fastestOf3([known.email, known.email, known.email]);
    for (const res of staleWhileOpen.responses) {
      expect(res.body).toEqual({
        data: { customer: { userProfileId: known.userProfileId } },
        extensions: { gateway: { stale: true } },
      });
    }
    expect(staleWhileOpen.ms).toBeLessThan(50);
    expect(h.upstream.stats.calls).toBe(0);

    // Fashion.AI recovers; after the open period one probe goes through and closes it.
    h.upstream.clearFaults();
    await sleep(HALF_OPEN_AFTER_MS + 50);
    const probe = await lookUp(sampleCustomer(930).email);
    expect(probe.body.data?.['customer']).toEqual({
      userProfileId: sampleCustomer(930).userProfileId,
    });
    expect(h.gateway.upstream.breakerState).toBe('closed');
    const fresh = await lookUp(known.email);
    expect(fresh.body).toEqual({ data: { customer: { userProfileId: known.userProfileId } } });
    expect(h.upstream.stats.calls).toBe(2);
  });

  it('a failing probe opens it again for another period', async () => {
    await sleep(1000); // the window forgets the previous test's attempts
    h.upstream.addFault({ fault: { type: 'status', status: 503 } });
    for (let i = 0; i < 3; i += 1) await lookUp(sampleCustomer(940 + i).email);
    expect(h.gateway.upstream.breakerState).toBe('open');
    await sleep(HALF_OPEN_AFTER_MS + 50);
    h.upstream.resetStats();
    expect(codeOf(await lookUp(sampleCustomer(943).email))).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.upstream.stats.calls).toBe(1); // the probe
    expect(h.gateway.upstream.breakerState).toBe('open');
    expect(codeOf(await lookUp(sampleCustomer(944).email))).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.upstream.stats.calls).toBe(1);
  });

  it('defaults: over 50 % of at least 20 attempts in 2 s open it for 5 s', () => {
    const { breaker } = loadConfig({ FASHIONAI_APP_TOKEN: 't' }).upstream;
    expect(breaker).toEqual({
      failureRate: 0.5,
      windowMs: 2000,
      minCalls: 20,
      halfOpenAfterMs: 5000,
    });
  });

  it('BREAKER_FAILURE_THRESHOLD (the old consecutive count) stops the start with a clear error', () => {
    expect(() => loadConfig({ FASHIONAI_APP_TOKEN: 't', BREAKER_FAILURE_THRESHOLD: '10' })).toThrow(
      /BREAKER_FAILURE_THRESHOLD is no longer read.*BREAKER_FAILURE_RATE_PERCENT/,
    );
  });
});
