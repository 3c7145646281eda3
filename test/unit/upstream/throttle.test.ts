// Unit tests of the adaptive throttle's policy, on a fake clock: when it limits, how far it
// cuts, how it recovers, when it pauses everything, and that it converges on a vendor quota.
import { describe, expect, it } from 'vitest';
import { AdaptiveThrottle } from '../../../src/upstream/throttle.ts';

class FakeClock {
  ms = 1_000_000;
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

function setup() {
  const clock = new FakeClock();
  const pauses: number[] = [];
  const throttle = new AdaptiveThrottle({ now: clock.now }, (_until, seconds) =>
    pauses.push(seconds),
  );
  return { clock, throttle, pauses };
}

const stillWaiting = new WeakMap<AdaptiveThrottle, Array<{ at: number; deadline: number }>>();

/**
 * Callers arriving at `perSecond` for `ms`, each waiting for its slot as acquire() would (up to
 * a 1.5 s budget), then answered at once by `answer` (true: 429). Counts what happened.
 */
function drive(
  clock: FakeClock,
  throttle: AdaptiveThrottle,
  perSecond: number,
  ms: number,
  answer: () => boolean,
) {
  const tally = { sent: 0, throttled: 0, refused: 0, waited: 0 };
  // Callers still waiting from the previous drive of this throttle wait on.
  let waiting = stillWaiting.get(throttle) ?? [];
  let nextArrival = clock.ms;
  const end = clock.ms + ms;
  while (clock.ms < end) {
    clock.advance(1);
    const due = waiting.filter((w) => w.at <= clock.ms);
    waiting = waiting.filter((w) => w.at > clock.ms);
    for (const call of due) {
      if (throttle.pausedUntil > clock.ms) {
        // A pause began while it waited: it waits on, or gives up as acquire() does.
        if (throttle.pausedUntil + 50 <= call.deadline)
          waiting.push({ ...call, at: throttle.pausedUntil });
        else tally.refused += 1;
        continue;
      }
      throttle.onSent();
      tally.sent += 1;
      if (answer()) {
        tally.throttled += 1;
        throttle.onThrottled(1);
      } else throttle.onAccepted();
    }
    for (; nextArrival <= clock.ms; nextArrival += 1000 / perSecond) {
      const slot = throttle.reserve(clock.ms + 1500);
      if ('refusedForSeconds' in slot) tally.refused += 1;
      else {
        if (slot.waitMs > 0) tally.waited += 1;
        waiting.push({ at: clock.ms + slot.waitMs, deadline: clock.ms + 1500 });
      }
    }
  }
  stillWaiting.set(throttle, waiting);
  return tally;
}

/** Fashion.AI's quota: a token bucket of `rate` calls/s with burst `rate`; true means 429. */
function vendorQuota(clock: FakeClock, rate: number) {
  const bucket = { tokens: rate, at: clock.ms, on: true };
  const answer = () => {
    if (!bucket.on) return false;
    bucket.tokens = Math.min(rate, bucket.tokens + ((clock.ms - bucket.at) * rate) / 1000);
    bucket.at = clock.ms;
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  };
  return { answer, lift: () => (bucket.on = false) };
}

describe('AdaptiveThrottle', () => {
  it('one 429 among many successes limits nothing and pauses nothing', () => {
    const { clock, throttle, pauses } = setup();
    let n = 0;
    // 200 calls/s, every 50th answered 429 (2 %): noise, not a quota.
    const result = drive(clock, throttle, 200, 5000, () => ++n % 50 === 0);
    expect(throttle.mode).toBe('open');
    expect(throttle.rate).toBe(Infinity);
    expect(result.refused).toBe(0);
    expect(pauses).toEqual([]);
  });

  it('a burst of 429s cuts the rate to about what Fashion.AI accepts, not to zero', () => {
    const { clock, throttle, pauses } = setup();
    drive(clock, throttle, 200, 1000, () => false);
    let n = 0;
    // 30 % refused for 600 ms: limited at ≈ accepted/s × 1/(1 − 5 %).
    drive(clock, throttle, 200, 600, () => ++n % 10 < 3);
    expect(throttle.mode).toBe('limited');
    expect(throttle.rate).toBeGreaterThan(100);
    expect(throttle.rate).toBeLessThan(220);
    expect(pauses).toEqual([]);
    const slot = throttle.reserve(clock.ms + 1500);
    expect('waitMs' in slot && slot.waitMs).toBe(0); // limited, still sending
  });

  it('recovers: within 3 s of the last 429 nothing is refused any more, then nothing is limited', () => {
    const { clock, throttle } = setup();
    let n = 0;
    drive(clock, throttle, 200, 1000, () => ++n % 3 === 0);
    expect(throttle.mode).toBe('limited');
    drive(clock, throttle, 300, 3000, () => false);
    const after = drive(clock, throttle, 300, 1000, () => false);
    expect(after.refused).toBe(0);
    expect(after.sent).toBeGreaterThanOrEqual(290);
    drive(clock, throttle, 300, 2000, () => false);
    expect(throttle.mode).toBe('open');
    expect(throttle.rate).toBe(Infinity);
  });

  it('a long Retry-After pauses every send until it has passed; a call that cannot wait is refused', () => {
    const { clock, throttle, pauses } = setup();
    drive(clock, throttle, 100, 1000, () => false);
    throttle.onSent();
    throttle.onThrottled(30);
    expect(pauses).toEqual([30]);
    expect(throttle.reserve(clock.ms + 1500)).toEqual({ refusedForSeconds: 30 });
    clock.advance(29_000);
    expect(throttle.reserve(clock.ms + 1500)).toEqual({ waitMs: 1000 });
    clock.advance(1000);
    expect(throttle.reserve(clock.ms + 1500)).toEqual({ waitMs: 0 });
  });

  it('a short Retry-After pauses everything only when most of the answers of the last second are 429', () => {
    const { clock, throttle, pauses } = setup();
    for (let i = 0; i < 30; i += 1) throttle.onAccepted();
    let refusedBeforePause = 0;
    while (pauses.length === 0 && refusedBeforePause < 1000) {
      throttle.onThrottled(1);
      refusedBeforePause += 1;
    }
    // 80 % of the window's answers: 120 refusals after 30 acceptances.
    expect(refusedBeforePause).toBe(120);
    expect(pauses).toEqual([1]);
    expect(throttle.mode).toBe('limited');
    expect(throttle.reserve(clock.ms + 500)).toEqual({ refusedForSeconds: 1 });
    clock.advance(1000);
    expect(throttle.reserve(clock.ms + 1500)).toMatchObject({ waitMs: 0 });
  });

  it('converges on a vendor quota: few 429s, most of the quota used, back to full speed when lifted', () => {
    const { clock, throttle } = setup();
    const quota = vendorQuota(clock, 100);
    drive(clock, throttle, 300, 5000, quota.answer); // converging
    const settled = drive(clock, throttle, 300, 10_000, quota.answer);
    expect(settled.throttled / settled.sent).toBeLessThanOrEqual(0.1);
    expect((settled.sent - settled.throttled) / 10).toBeGreaterThanOrEqual(80);
    expect(settled.refused).toBeGreaterThan(0); // the rest failed fast rather than queueing

    quota.lift();
    drive(clock, throttle, 300, 3000, quota.answer);
    const lifted = drive(clock, throttle, 300, 1000, quota.answer);
    expect(lifted.refused).toBe(0);
    expect(lifted.sent).toBeGreaterThanOrEqual(290);
  });

  it('a quota far below the demand still converges, with brief full pauses at worst', () => {
    const { clock, throttle } = setup();
    const quota = vendorQuota(clock, 50);
    drive(clock, throttle, 500, 5000, quota.answer);
    const settled = drive(clock, throttle, 500, 10_000, quota.answer);
    expect(settled.throttled / settled.sent).toBeLessThanOrEqual(0.1);
    expect((settled.sent - settled.throttled) / 10).toBeGreaterThanOrEqual(40);
  });
});
