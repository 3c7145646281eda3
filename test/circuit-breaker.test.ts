// The circuit breaker: consecutive failed attempts open it; while open no upstream call is
// made, stale data is served where present and UPSTREAM_UNAVAILABLE otherwise, in
// milliseconds; after BREAKER_HALF_OPEN_AFTER_MS one probe closes it again. 401s and 404s are
// not upstream flakiness and never open it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { sampleCustomer } from '../src/sample-upstream/index.ts';
import { sleep, startHarness } from './support/harness.ts';
import type { Harness } from './support/harness.ts';

const HALF_OPEN_AFTER_MS = 800;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      BREAKER_FAILURE_THRESHOLD: '3',
      BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS),
      // One attempt per lookup, so "3 failed lookups" is exactly the threshold.
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

  it('a 404 is a success: it resets the count of consecutive failures', async () => {
    for (const round of [0, 1]) {
      h.upstream.addFault({ fault: { type: 'status', status: 503 }, times: 2 });
      expect(codeOf(await lookUp(sampleCustomer(910 + round * 2).email))).toBe(
        'UPSTREAM_UNAVAILABLE',
      );
      expect(codeOf(await lookUp(sampleCustomer(911 + round * 2).email))).toBe(
        'UPSTREAM_UNAVAILABLE',
      );
      expect((await lookUp(`nobody-91${round}@example.com`)).body.data?.['customer']).toBeNull();
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
    for (let i = 0; i < 3; i += 1) {
      expect(codeOf(await lookUp(sampleCustomer(921 + i).email))).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(h.gateway.upstream.breakerState).toBe('open');
    expect(h.logs.some((l) => l.includes('Circuit breaker open'))).toBe(true);

    h.upstream.resetStats();
    const unknownWhileOpen = await timedLookUp(sampleCustomer(930).email);
    expect(codeOf(unknownWhileOpen.res)).toBe('UPSTREAM_UNAVAILABLE');
    expect(unknownWhileOpen.res.body.errors?.[0]?.message).toMatch(/circuit open/);
    expect(unknownWhileOpen.ms).toBeLessThan(50);

    const staleWhileOpen = await timedLookUp(known.email);
    expect(staleWhileOpen.res.body).toEqual({
      data: { customer: { userProfileId: known.userProfileId } },
      extensions: { gateway: { stale: true } },
    });
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

  it('defaults: 10 consecutive failed attempts open it for 5 s', () => {
    const { breaker } = loadConfig({ FASHIONAI_APP_TOKEN: 't' });
    expect(breaker).toEqual({ failureThreshold: 10, halfOpenAfterMs: 5000 });
  });
});
