// The sample upstream's quota mode, over real HTTP: a token bucket of R calls/s with burst R;
// beyond it the documented 429 body with Retry-After: 1; per-second counts; lifting it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer, startSampleUpstream } from '../../../src/sample-upstream/index.ts';
import type { SampleUpstream } from '../../../src/sample-upstream/index.ts';
import { sleep } from '../../support/harness.ts';
import { quotaSummary } from '../../support/quota.ts';

const TOKEN = 'quota-test-token';
let upstream: SampleUpstream;
beforeAll(async () => {
  upstream = await startSampleUpstream({ token: TOKEN });
});
afterAll(() => upstream.close());

const get = (i: number) =>
  fetch(`${upstream.url}/protected/profile/email/${encodeURIComponent(sampleCustomer(i).email)}`, {
    headers: { 'x-fashionai-app-token': TOKEN },
  });

describe('sample upstream quota mode', () => {
  it('lets a burst of R through, then answers 429 with Retry-After: 1 and the documented body', async () => {
    upstream.setQuota(5);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => get(1 + i)));
    const seconds = (Date.now() - started) / 1000;
    const ok = answers.filter((r) => r.status === 200).length;
    // The burst of 5, plus what refilled meanwhile (a loaded machine takes a while for 30).
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(5 + Math.ceil(5 * seconds));
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      error: 'Too Many Requests',
      message: 'Rate limit exceeded, try again later',
    });
    await Promise.all(answers.filter((r) => !r.bodyUsed).map((r) => r.text()));

    const counted = quotaSummary(upstream, started - 1000, Date.now() + 1000);
    expect(counted).toMatchObject({ accepted: ok, refused: 30 - ok });
  });

  it('refills at R per second', async () => {
    upstream.setQuota(20);
    await Promise.all(Array.from({ length: 20 }, (_, i) => get(100 + i).then((r) => r.text())));
    await sleep(500); // ~10 tokens back
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get(200 + i).then(async (r) => (await r.text(), r.status)),
      ),
    );
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThanOrEqual(9);
    expect(ok).toBeLessThan(20);
  });

  it('lifted, it refuses nothing', async () => {
    upstream.setQuota(undefined);
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        get(300 + i).then(async (r) => (await r.text(), r.status)),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('rejects a quota that is not a positive rate', () => {
    expect(() => upstream.setQuota(0)).toThrow(/positive number of calls per second/);
  });
});
