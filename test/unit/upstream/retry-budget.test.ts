// Unit tests of the retry budget on a fake clock: retries are held to a share of the calls over
// a sliding window (plus a small floor), and the allowance comes back as old calls age out.
import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../../src/upstream/retry-budget.ts';

function setup(minPerSecond = 0) {
  const clock = { ms: 5_000_000 };
  const budget = new RetryBudget({
    ratio: 0.2,
    minPerSecond,
    windowMs: 10_000,
    now: () => clock.ms,
  });
  return { clock, budget };
}

describe('RetryBudget', () => {
  it('allows retries up to 20 % of the calls in the window, then refuses without taking any', () => {
    const { budget } = setup();
    for (let i = 0; i < 100; i += 1) budget.recordCall();
    let granted = 0;
    for (let i = 0; i < 50; i += 1) if (budget.tryRetry()) granted += 1;
    expect(granted).toBe(20);
    expect(budget.totals()).toEqual({ calls: 100, retries: 20 });
  });

  it('in an outage (every call failing) retries add at most the ratio plus the floor', () => {
    const { clock, budget } = setup(1);
    let calls = 0;
    let retries = 0;
    for (let second = 0; second < 30; second += 1) {
      for (let i = 0; i < 100; i += 1) {
        clock.ms += 10;
        budget.recordCall();
        calls += 1;
        // Each failed call would like two retries.
        for (let r = 0; r < 2; r += 1) if (budget.tryRetry()) retries += 1;
      }
    }
    expect(retries / calls).toBeLessThanOrEqual(0.2 + 1 / 100 + 0.01);
    expect(retries / calls).toBeGreaterThan(0.15);
  });

  it('a floor keeps a few retries possible when traffic is light', () => {
    const { budget } = setup(1);
    expect(budget.tryRetry()).toBe(true); // no calls yet, 10 s × 1/s of floor
    expect(budget.available()).toBe(9);
  });

  it('the allowance comes back once the retries age out of the window', () => {
    const { clock, budget } = setup();
    for (let i = 0; i < 10; i += 1) budget.recordCall();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    clock.ms += 11_000;
    for (let i = 0; i < 10; i += 1) budget.recordCall();
    expect(budget.tryRetry()).toBe(true);
  });

  it('rejects a ratio outside 0..1', () => {
    expect(() => new RetryBudget({ ratio: 1.5, minPerSecond: 0, windowMs: 10_000 })).toThrow(
      /ratio must be within 0..1/,
    );
  });
});
