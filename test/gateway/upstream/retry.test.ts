// Retries: only idempotent failures (5xx, a reset connection, one attempt timing out) are
// tried again, at most UPSTREAM_MAX_RETRIES times and always within UPSTREAM_TIMEOUT_MS;
// 401, 404 and bad bodies are never retried. Attempts are counted at the sample upstream.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import type { Fault } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { GraphQLResponse, Harness } from '../../support/harness.ts';

const BUDGET_MS = 1000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      UPSTREAM_TIMEOUT_MS: String(BUDGET_MS),
      UPSTREAM_ATTEMPT_TIMEOUT_MS: '300',
      // The breaker has its own tests; here it must not open between cases.
      BREAKER_MIN_CALLS: '100000',
    },
  });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

let next = 700;
const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;

/** A never-seen customer whose first `times` calls meet `fault`; returns response and time. */
async function lookUpWithFault(
  fault: Fault,
  times?: number,
): Promise<{ res: GraphQLResponse; ms: number; calls: number; id: string }> {
  const c = sampleCustomer(next++);
  h.upstream.addFault({ fault, match: c.email, times });
  const started = Date.now();
  const res = await h.query(query, { e: c.email });
  return {
    res,
    ms: Date.now() - started,
    calls: h.upstream.callsFor('email', c.email),
    id: c.userProfileId,
  };
}

describe('retries of idempotent failures', () => {
  it.each<[string, Fault]>([
    ['an HTTP 500', { type: 'status', status: 500 }],
    ['an HTTP 503', { type: 'status', status: 503 }],
    ['a reset connection', { type: 'reset' }],
  ])('succeeds on the second attempt after %s', async (_name, fault) => {
    const { res, calls, id } = await lookUpWithFault(fault, 1);
    expect(res.body).toEqual({ data: { customer: { userProfileId: id } } });
    expect(calls).toBe(2);
  });

  it('succeeds on the second attempt after malformed JSON (a garbled transfer)', async () => {
    const { res, calls, id } = await lookUpWithFault({ type: 'malformed-json' }, 1);
    expect(res.body).toEqual({ data: { customer: { userProfileId: id } } });
    expect(calls).toBe(2);
  });

  it('retries an attempt that timed out, within the overall budget', async () => {
    const { res, calls, id, ms } = await lookUpWithFault({ type: 'hang' }, 1);
    expect(res.body).toEqual({ data: { customer: { userProfileId: id } } });
    expect(calls).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(290); // the first attempt waited its 300 ms
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('gives up after 2 retries (3 attempts) with UPSTREAM_UNAVAILABLE, inside the budget', async () => {
    const { res, calls, ms } = await lookUpWithFault({ type: 'status', status: 503 });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(calls).toBe(3);
    expect(ms).toBeLessThan(BUDGET_MS + 200);
  });

  it('a hanging upstream ends in UPSTREAM_TIMEOUT at the budget, not later', async () => {
    const { res, calls, ms } = await lookUpWithFault({ type: 'hang' });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_TIMEOUT');
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(3);
    // It may give up a little early: a retry that could not get MIN_ATTEMPT_MS (50 ms) of the
    // budget is not started, so the answer can come up to ~50 ms before the deadline.
    expect(ms).toBeGreaterThanOrEqual(BUDGET_MS - 120);
    expect(ms).toBeLessThan(BUDGET_MS + 300);
  });
});

describe('failures that are never retried', () => {
  it('401: one call, UPSTREAM_UNAUTHORIZED, and one loud log line without the token', async () => {
    const { res, calls } = await lookUpWithFault({ type: 'status', status: 401 });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAUTHORIZED');
    expect(calls).toBe(1);
    const loud = h.logs.filter((l) => l.includes('FASHIONAI_APP_TOKEN is wrong or revoked'));
    expect(loud).toHaveLength(1);
    expect(JSON.parse(loud[0]!).level).toBe(50); // pino "error"
    for (const line of h.logs) expect(line).not.toContain(h.token);
  });

  it('404: one call, null', async () => {
    const email = 'nobody-700@example.com';
    const res = await h.query(query, { e: email });
    expect(res.body).toEqual({ data: { customer: null } });
    expect(h.upstream.callsFor('email', email)).toBe(1);
  });

  it('a body of the wrong type: one call, UPSTREAM_BAD_RESPONSE', async () => {
    const { res, calls } = await lookUpWithFault({ type: 'wrong-content-type' });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    expect(calls).toBe(1);
  });
});

describe('retry settings', () => {
  it('UPSTREAM_MAX_RETRIES=0 makes one attempt only', async () => {
    const once = await startHarness({ env: { UPSTREAM_MAX_RETRIES: '0' } });
    try {
      const c = sampleCustomer(799);
      once.upstream.addFault({ fault: { type: 'status', status: 500 }, match: c.email });
      const res = await once.query(query, { e: c.email });
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      expect(once.upstream.callsFor('email', c.email)).toBe(1);
    } finally {
      await once.close();
    }
  });

  it('defaults: 2 retries, attempts of half the budget', () => {
    const config = loadConfig({ FASHIONAI_APP_TOKEN: 't' });
    expect(config.upstream.maxRetries).toBe(2);
    expect(config.upstream.timeoutMs).toBe(5000);
    expect(config.upstream.attemptTimeoutMs).toBe(2500);
  });
});
