// The fleet's upstream rate: one GCRA in Redis paces all replicas together to
// UPSTREAM_QUOTA_PER_SECOND, each attempt reserving its slot in one atomic round trip; a 429
// seen by any replica cuts that shared rate at once (rate-share.ts), and a pause decided by
// any replica's adaptive throttle (a long Retry-After, a run of 429s) pauses every replica (a
// Redis key the GCRA honours, plus a pub/sub message to every throttle). While Redis is away,
// each replica paces itself to the same ceiling alone; its own throttle still learns from 429s.
import type { RedisConnection } from '../redis/connection.ts';
import type { Deadline } from '../upstream/deadline.ts';
import { MIN_ATTEMPT_MS, sleep } from '../upstream/deadline.ts';
import type { UpstreamRate } from '../upstream/shared-rate.ts';
import { UpstreamThrottledError } from '../upstream/errors.ts';
import type { FleetObserver } from './events.ts';
import { integers } from './redis-script.ts';
import { RateShare } from './rate-share.ts';
import { CUT, PAUSE, RESERVE } from './rate-scripts.ts';

/** The share of UPSTREAM_QUOTA_PER_SECOND the fleet paces itself to at most. */
export const QUOTA_HEADROOM = 0.95;

export interface FleetRateOptions {
  /** Absent: this process paces itself alone. */
  connection: RedisConnection | undefined;
  namespace: string;
  /** Calls per second for the whole fleet; undefined: no ceiling, only the shared pause. */
  quotaPerSecond: number | undefined;
  /** Longest a call waits for its slot (UPSTREAM_THROTTLE_MAX_WAIT_MS; its deadline may cut it). */
  maxWaitMs: number;
  observer: FleetObserver;
}

export class FleetRate implements UpstreamRate {
  readonly #options: FleetRateOptions;
  /** Between two calls at the full quota (less headroom); 0: no quota. */
  readonly #intervalMs: number;
  readonly #channel: string;
  readonly #origin = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #listeners: Array<(seconds: number) => void> = [];
  /** The local GCRA and share, used while Redis is away. */
  #localTat = 0;
  readonly #localShare = new RateShare();

  constructor(options: FleetRateOptions) {
    this.#options = options;
    const quota = options.quotaPerSecond;
    // Evenly spaced calls (no burst) a little under the quota: a vendor counting per clock
    // second sees network jitter move a call or two across its boundaries.
    this.#intervalMs = quota ? 1000 / (quota * QUOTA_HEADROOM) : 0;
    this.#channel = `${options.namespace}:paused`;
    if (quota) options.observer.rate(quota * QUOTA_HEADROOM);
    options.connection?.subscribe(this.#channel, (message) => this.#heard(message));
  }

  onFleetPause(listener: (seconds: number) => void): void {
    this.#listeners.push(listener);
  }

  async acquire(deadline: Deadline): Promise<void> {
    if (!this.#intervalMs) return;
    for (;;) {
      const budget = deadline.remaining() - MIN_ATTEMPT_MS;
      const maxWait = Math.min(this.#options.maxWaitMs, budget);
      const shared = await this.#reserveShared(maxWait);
      const scope = shared ? 'fleet' : 'local';
      const [wait = 0, outcome = 1, perMille = 0] = shared ?? this.#reserveLocal(maxWait);
      if (perMille) this.#reportRate(perMille / 1000);
      // A fleet pause (2) is waited out within the call's budget, as the local throttle does.
      if (outcome === 0 || wait > (outcome === 2 ? budget : maxWait)) {
        // A short queue keeps the shared rate's control tight; stale data can stand in.
        throw new UpstreamThrottledError(Math.max(1, Math.ceil(wait / 1000)));
      }
      if (outcome === 1) this.#options.observer.rateWait(wait / 1000, scope);
      if (wait > 0) await sleep(wait, deadline.signal);
      if (outcome === 1) return; // else a 429 pause was on: ask again after it
    }
  }

  rateLimited(): void {
    if (this.#intervalMs) this.#cut();
  }

  paused(seconds: number): void {
    const ms = Math.max(1, Math.round(seconds * 1000));
    this.#run(PAUSE, [this.#key('pause')], [ms, this.#channel, this.#origin]);
  }

  #cut(): void {
    // The local share is cut too, so a replica that loses Redis next starts from what it learnt.
    const local = this.#localShare.cut();
    const { connection } = this.#options;
    if (!connection?.isUp) {
      this.#reportRate(local);
      return;
    }
    void connection
      .attempt(() => CUT.run(connection.client, [this.#key('share')], []))
      .then((reply) => {
        if (reply.ok) this.#reportRate((integers(reply.value)[0] ?? 1000) / 1000);
      });
  }

  /** Fire and forget (within the Redis time budget): the caller has its answer already. */
  #run(script: typeof PAUSE, keys: string[], args: Array<string | number>): void {
    const { connection } = this.#options;
    if (connection) void connection.attempt(() => script.run(connection.client, keys, args));
  }

  async #reserveShared(maxWait: number): Promise<number[] | undefined> {
    const { connection } = this.#options;
    if (!connection) return undefined;
    const keys = [this.#key('tat'), this.#key('pause'), this.#key('share')];
    const args = [this.#intervalMs, Math.max(0, Math.floor(maxWait))];
    const reply = await connection.attempt(() => RESERVE.run(connection.client, keys, args));
    return reply.ok ? integers(reply.value) : undefined;
  }

  #reserveLocal(maxWait: number, now = Date.now()): number[] {
    const share = this.#localShare.current(now);
    const tat = Math.max(this.#localTat, now);
    const wait = Math.ceil(tat - now);
    if (wait > maxWait) return [wait, 0, Math.floor(share * 1000)];
    this.#localTat = tat + this.#intervalMs / share;
    return [wait, 1, Math.floor(share * 1000)];
  }

  #reportRate(share: number): void {
    const quota = this.#options.quotaPerSecond;
    if (quota) this.#options.observer.rate(quota * QUOTA_HEADROOM * share);
  }

  #key(name: string): string {
    // RESERVE reads tat, pause and share in one script: one hash tag, one slot (coordination.ts).
    return `{${this.#options.namespace}:rate}:${name}`;
  }

  #heard(message: string): void {
    const colon = message.lastIndexOf(':');
    const origin = message.slice(0, colon);
    const ms = Number(message.slice(colon + 1));
    if (origin === this.#origin || !(ms > 0)) return;
    for (const listener of this.#listeners) listener(ms / 1000);
  }
}
