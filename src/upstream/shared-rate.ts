// What the resilience layer asks of a rate shared with other replicas, around every upstream
// attempt. Declared here, where it is used; the fleet (src/fleet/rate.ts) implements it.
import type { Deadline } from './deadline.ts';

export interface UpstreamRate {
  /** Waits for this attempt's slot; rejects at once when it cannot come in time. */
  acquire(deadline: Deadline): Promise<void>;
  /** A 429 came back: with a quota, the fleet's shared rate is cut at once. */
  rateLimited(): void;
  /** This replica's throttle paused every call for `seconds`: pause every replica. */
  paused(seconds: number): void;
  /** Called when another replica paused: pause this process's calls too. */
  onFleetPause(listener: (seconds: number) => void): void;
}
