// Unit tests of when the breaker opens, on a fake clock: a failure rate over a time window with
// a minimum of attempts; answers older than the window never count, even after a quiet spell.
import { CircuitState } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { FailureRateBreaker } from '../../../src/upstream/circuit-breaker.ts';

function setup() {
  const clock = { ms: 7_000_000 };
  const breaker = new FailureRateBreaker({
    failureRate: 0.5,
    windowMs: 2000,
    minCalls: 20,
    now: () => clock.ms,
  });
  return { clock, breaker };
}

describe('FailureRateBreaker', () => {
  it('a 20 % failure rate never opens it, however long it lasts', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 10_000; i += 1) {
      clock.ms += 5;
      if (i % 5 === 0) expect(breaker.failure(CircuitState.Closed)).toBe(false);
      else breaker.success(CircuitState.Closed);
    }
  });

  it('an outage opens it once failures are over half of at least 20 attempts', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 100; i += 1) {
      clock.ms += 10;
      breaker.success(CircuitState.Closed);
    }
    let opened = -1;
    for (let i = 0; i < 200 && opened < 0; i += 1) {
      clock.ms += 10;
      if (breaker.failure(CircuitState.Closed)) opened = i;
    }
    // 100 calls/s: the window holds ~200 attempts, so just over 100 failures open it (~1 s).
    expect(opened).toBeGreaterThan(95);
    expect(opened).toBeLessThan(110);
  });

  it('fewer than 20 attempts in the window never open it', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 19; i += 1) {
      clock.ms += 100;
      expect(breaker.failure(CircuitState.Closed)).toBe(false);
    }
  });

  it('after a quiet spell, old successes no longer outweigh new failures', () => {
    const { clock, breaker } = setup();
    for (let i = 0; i < 1000; i += 1) breaker.success(CircuitState.Closed);
    clock.ms += 60_000;
    const results = Array.from({ length: 20 }, () => breaker.failure(CircuitState.Closed));
    expect(results.at(-1)).toBe(true);
  });

  it('a failed probe reopens at once; a good one starts a fresh window', () => {
    const { breaker } = setup();
    expect(breaker.failure(CircuitState.HalfOpen)).toBe(true);
    breaker.success(CircuitState.HalfOpen);
    // The probe itself plus 18 failures: 19 attempts, too few to judge.
    for (let i = 0; i < 18; i += 1) expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });
});
