// HTTP 429: Retry-After (seconds or an HTTP date) pauses every upstream call of the process;
// calls that fit the budget wait and then succeed, with no upstream call before the pause
// ends; calls that cannot fit fail at once with UPSTREAM_RATE_LIMITED and retryAfterSeconds.
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../src/sample-upstream/index.ts';
import { sleep, startHarness } from './support/harness.ts';
import type { Harness } from './support/harness.ts';

const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('Retry-After that fits the budget', () => {
  it('pauses the whole process: no upstream call before it passes, then both calls succeed', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '3000' } });
    const limited = sampleCustomer(801);
    const other = sampleCustomer(802);
    h.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: '1' },
      match: limited.email,
      times: 1,
    });
    const first = timed(h.query(query, { e: limited.email }));
    await sleep(300);
    // Asked during the pause: it must wait rather than be fired into the limit.
    const second = timed(h.query(query, { e: other.email }));
    await sleep(500);
    expect(h.upstream.stats.calls).toBe(1); // only the call that was answered 429

    const [a, b] = await Promise.all([first, second]);
    expect(a.value.body).toEqual({ data: { customer: { userProfileId: limited.userProfileId } } });
    expect(b.value.body).toEqual({ data: { customer: { userProfileId: other.userProfileId } } });
    expect(a.ms).toBeGreaterThanOrEqual(1000);
    expect(a.ms).toBeLessThan(2000);
    expect(b.ms).toBeGreaterThanOrEqual(650); // asked at ~300 ms, released at ~1000 ms
    expect(h.upstream.stats.calls).toBe(3);
    expect(h.logs.some((l) => l.includes('rate limiting (HTTP 429)'))).toBe(true);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '4000' } });
    const c = sampleCustomer(803);
    const at = new Date(Date.now() + 2000).toUTCString(); // second resolution: 1–2 s ahead
    h.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: at },
      match: c.email,
      times: 1,
    });
    const pending = timed(h.query(query, { e: c.email }));
    await sleep(800);
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
    const { value, ms } = await pending;
    expect(value.body).toEqual({ data: { customer: { userProfileId: c.userProfileId } } });
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(h.upstream.callsFor('email', c.email)).toBe(2);
  });
});

describe('Retry-After longer than the budget', () => {
  it('fails fast with UPSTREAM_RATE_LIMITED, and so do other calls while paused, without calling', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '2000' } });
    const limited = sampleCustomer(804);
    const other = sampleCustomer(805);
    h.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: '120' },
      match: limited.email,
      times: 1,
    });
    const first = await timed(h.query(query, { e: limited.email }));
    expect(first.value.body.errors?.[0]?.extensions).toEqual({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: 120,
    });
    expect(first.ms).toBeLessThan(300);

    const second = await timed(h.query(query, { e: other.email }));
    const ext = second.value.body.errors?.[0]?.extensions;
    expect(ext?.['code']).toBe('UPSTREAM_RATE_LIMITED');
    expect(ext?.['retryAfterSeconds']).toBeGreaterThanOrEqual(119);
    expect(ext?.['retryAfterSeconds']).toBeLessThanOrEqual(120);
    expect(second.ms).toBeLessThan(50);
    expect(h.upstream.stats.calls).toBe(1);
  });
});
