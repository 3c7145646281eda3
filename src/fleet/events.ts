// What the fleet tells the outside (metrics) about its coordination: whether Redis carries it,
// what each cold key's lease came to, refused budgets and the shared rate. Every callback is
// cheap and must not throw; src/observability/fleet-metrics.ts turns them into series.

/** A cold key's fleet single-flight outcome. */
export const LEASE_OUTCOMES = ['acquired', 'joined', 'took_over', 'timed_out', 'local'] as const;
export type LeaseOutcome = (typeof LEASE_OUTCOMES)[number];

export interface FleetObserver {
  /** Coordination goes through Redis (true) or this replica decides alone (false). */
  coordinated(up: boolean): void;
  /** A cold key's outcome; `waitedSeconds` when this replica waited for another's call. */
  lease(outcome: LeaseOutcome, waitedSeconds?: number): void;
  budgetRefused(group: string): void;
  /** A call waited this long for the shared rate (0 when a token was there at once). */
  rateWait(seconds: number, scope: 'fleet' | 'local'): void;
  /** The fleet-wide rate in force (calls/s). */
  rate(perSecond: number): void;
}

const noop = () => undefined;
export const NO_FLEET_OBSERVER: FleetObserver = {
  coordinated: noop,
  lease: noop,
  budgetRefused: noop,
  rateWait: noop,
  rate: noop,
};
