// HTTP 429: the call that got it waits its Retry-After (seconds or an HTTP date) and retries
// when its budget allows, while other calls go on (one 429 is a signal to send less, not to
// stop); a long Retry-After, or 429s on most recent calls, pauses every call, and calls that
// cannot wait it out fail at once with UPSTREAM_RATE_LIMITED and retryAfterSeconds.
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;
const list = `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`;

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

describe('a short Retry-After', () => {
  it('the call that got it waits and succeeds; other calls are not held back', async () => {
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
    const second = await timed(h.query(query, { e: other.email }));
    expect(second.value.body).toEqual({
      data: { customer: { userProfileId: other.userProfileId } },
    });
    expect(second.ms).toBeLessThan(500); // not paused behind the other call's Retry-After
    expect(h.upstream.callsFor('email', limited.email)).toBe(1);

    const { value, ms } = await first;
    expect(value.body).toEqual({ data: { customer: { userProfileId: limited.userProfileId } } });
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(2500);
    expect(h.upstream.callsFor('email', limited.email)).toBe(2);
    expect(h.logs.some((l) => l.includes('pausing every upstream call'))).toBe(false);
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

  it('that does not fit the budget: UPSTREAM_RATE_LIMITED at once, with retryAfterSeconds', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '800' } });
    const c = sampleCustomer(806);
    h.upstream.addFault({
      fault: { type: 'status', status: 429, retryAfter: '2' },
      match: c.email,
      times: 1,
    });
    const { value, ms } = await timed(h.query(query, { e: c.email }));
    expect(value.body.errors?.[0]?.extensions).toEqual({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: 2,
    });
    expect(ms).toBeLessThan(500);
    expect(h.upstream.callsFor('email', c.email)).toBe(1);
  });
});

describe('Fashion.AI clearly means it', () => {
  it('a long Retry-After pauses every call: those that cannot wait fail fast, without calling', async () => {
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
    expect(second.ms).toBeLessThan(100);
    expect(h.upstream.stats.calls).toBe(1);
    expect(h.logs.some((l) => l.includes('pausing every upstream call'))).toBe(true);
  });

  it('429s on most recent calls pause every call for the Retry-After, then calls go again', async () => {
    h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_MAX_RETRIES: '0' } });
    h.upstream.addFault({ fault: { type: 'status', status: 429, retryAfter: '1' }, times: 20 });
    const refused = await h.query(list, {
      by: Array.from({ length: 20 }, (_, i) => ({ email: sampleCustomer(810 + i).email })),
    });
    expect(refused.body.errors).toHaveLength(20);
    expect(h.upstream.stats.calls).toBe(20);

    const later = sampleCustomer(840);
    const pending = timed(h.query(query, { e: later.email }));
    await sleep(500);
    expect(h.upstream.stats.calls).toBe(20); // held by the pause
    const { value, ms } = await pending;
    expect(value.body).toEqual({ data: { customer: { userProfileId: later.userProfileId } } });
    expect(ms).toBeGreaterThanOrEqual(700);
    expect(h.upstream.stats.calls).toBe(21);
  });
});
