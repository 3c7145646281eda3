// The rule for the fleet's share of the quota after 429s (a pure policy, so a fake clock):
// cut by a tenth per 429, at most once a second, back by 5 % of the quota a second.
import { describe, expect, it } from 'vitest';
import { RateShare } from '../../../src/fleet/rate-share.ts';

describe('RateShare', () => {
  it('starts at the full quota and cuts it by a tenth on a 429', () => {
    const share = new RateShare();
    expect(share.current(0)).toBe(1);
    expect(share.cut(10_000)).toBeCloseTo(0.9);
  });

  it('takes 429s arriving together as one signal', () => {
    const share = new RateShare();
    share.cut(10_000);
    expect(share.cut(10_200)).toBeCloseTo(0.91); // 200 ms of recovery, no second cut
    expect(share.cut(11_000)).toBeCloseTo(0.9 * 0.95);
  });

  it('grows back by 5 % of the quota a second, up to the full quota', () => {
    const share = new RateShare();
    share.cut(10_000);
    expect(share.current(11_000)).toBeCloseTo(0.95);
    expect(share.current(13_000)).toBe(1);
  });
});
