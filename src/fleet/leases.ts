// Fleet-wide single-flight: before calling Fashion.AI for a cold key, a replica takes a short
// Redis lease on it (one atomic round trip). The other replicas wait for the value to land in
// the shared cache, woken by pub/sub rather than polling. A live holder renews its lease while
// its call runs; if it dies, the lease expires (FLEET_LEASE_MS) and one of them takes over.
// With Redis away every replica decides alone.
import type { RedisConnection } from '../redis/connection.ts';
import type { FleetObserver, LeaseOutcome } from './events.ts';
import { RedisScript, integers } from './redis-script.ts';

/** What a replica does about a cold key: use what another replica just stored, or call. */
export type ColdKeyTurn<V> =
  | { kind: 'landed'; entry: V }
  | {
      kind: 'call';
      /** Tells the fleet the call is over: `landed` when its result is now in the shared cache. */
      release(landed: boolean): void;
    };

/** Leases on cold keys; `V` is whatever the shared cache holds for a key (passed through). */
export interface ColdKeyLeases<V> {
  /** `readFresh` reads the shared cache: a fresh entry there means nobody needs to call. */
  turn(key: string, readFresh: () => Promise<V | undefined>): Promise<ColdKeyTurn<V>>;
}

/** Held: 1; someone else holds it: 0; a value landed moments ago: 2. The lease's PTTL second. */
const ACQUIRE = new RedisScript(`
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, 0}
end
if current == 'landed' then return {2, redis.call('PTTL', KEYS[1])} end
return {0, redis.call('PTTL', KEYS[1])}
`);

/** Extends the lease if it is still ours (a lease that expired may be someone else's now). */
const RENEW = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

// Only the holder's own lease is touched (an expired one may be someone else's by now). A
// landed value leaves a short marker, so a replica that read the cache just before the value
// landed does not take a fresh lease and call again.
const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == 'landed' then
    redis.call('SET', KEYS[1], 'landed', 'PX', ARGV[3])
  else
    redis.call('DEL', KEYS[1])
  end
end
redis.call('PUBLISH', ARGV[4], ARGV[2] .. ':' .. ARGV[5])
return 1
`);

export interface RedisLeaseOptions {
  connection: RedisConnection;
  /** Prefix of the lease keys and the channel (one fleet = one upstream token). */
  namespace: string;
  /** Lease life without renewal: how soon a dead holder's lease is taken over. */
  leaseMs: number;
  /** Longest a lookup waits for other replicas' calls before calling itself (its call budget). */
  maxWaitMs: number;
  /** How long a "just landed" marker stays (short: it only covers a read racing the write). */
  landedMarkerMs: number;
  observer: FleetObserver;
}

type Landing = 'landed' | 'released' | 'timeout';

const NO_RELEASE = () => undefined;
/** Added to a lease's remaining life before giving up on it: expiry is not instantaneous. */
const EXPIRY_MARGIN_MS = 20;

export class RedisColdKeyLeases<V> implements ColdKeyLeases<V> {
  readonly #options: RedisLeaseOptions;
  readonly #channel: string;
  /** Who waits for which key, in this process; an entry lives only while someone waits. */
  readonly #waiters = new Map<string, Set<(landing: Landing) => void>>();
  #serial = 0;
  readonly #origin = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #giveUpMs: number;

  constructor(options: RedisLeaseOptions) {
    this.#options = options;
    this.#channel = `${options.namespace}:landed`;
    this.#giveUpMs = options.maxWaitMs;
    options.connection.subscribe(this.#channel, (message) => this.#heard(message));
  }

  async turn(key: string, readFresh: () => Promise<V | undefined>): Promise<ColdKeyTurn<V>> {
    const { observer } = this.#options;
    const started = performance.now();
    const giveUpAt = started + this.#giveUpMs;
    let waited = false;
    const finish = (outcome: LeaseOutcome) => {
      observer.lease(outcome, waited ? (performance.now() - started) / 1000 : undefined);
    };
    for (;;) {
      const token = `${this.#origin}-${++this.#serial}`;
      const claim = await this.#acquire(key, token);
      if (!claim) {
        finish('local');
        return { kind: 'call', release: NO_RELEASE };
      }
      const [state = 0, pttl = 0] = claim;
      if (state === 1) {
        finish(waited ? 'took_over' : 'acquired');
        return { kind: 'call', release: this.#hold(key, token) };
      }
      if (state === 2) {
        const entry = await readFresh();
        finish(entry ? 'joined' : 'local');
        // Landed but gone already (invalidated, or the write was lost): call without a lease.
        return entry ? { kind: 'landed', entry } : { kind: 'call', release: NO_RELEASE };
      }
      const left = giveUpAt - performance.now();
      if (left <= 0) {
        finish('timed_out');
        return { kind: 'call', release: NO_RELEASE };
      }
      waited = true;
      // Listen before reading, so a value landing in between is not missed.
      const landing = this.#waitFor(key, Math.min(left, Math.max(pttl, 0) + EXPIRY_MARGIN_MS));
      const early = await readFresh();
      if (early) {
        landing.cancel();
        finish('joined');
        return { kind: 'landed', entry: early };
      }
      const heard = await landing.done;
      // After a timeout too: a missed message (pub/sub reconnecting) must not cost a call.
      if (heard !== 'released') {
        const entry = await readFresh();
        if (entry) {
          finish('joined');
          return { kind: 'landed', entry };
        }
      }
      if (heard === 'released') {
        // The holder's call failed (or its caller was over budget): each waiter now calls on
        // its own, as without a fleet, rather than queueing behind one take-over after another.
        finish('took_over');
        return { kind: 'call', release: NO_RELEASE };
      }
      // Expired (the holder died or lost Redis): try to take the lease over.
    }
  }

  async #acquire(key: string, token: string): Promise<number[] | undefined> {
    const { connection, leaseMs } = this.#options;
    const reply = await connection.attempt(() =>
      ACQUIRE.run(connection.client, [this.#leaseKey(key)], [token, leaseMs]),
    );
    return reply.ok ? integers(reply.value) : undefined;
  }

  /** Renews the lease while the call runs; the returned function ends it. */
  #hold(key: string, token: string): (landed: boolean) => void {
    const { connection, landedMarkerMs, leaseMs } = this.#options;
    const leaseKey = this.#leaseKey(key);
    const renewal = setInterval(() => {
      void connection.attempt(() => RENEW.run(connection.client, [leaseKey], [token, leaseMs]));
    }, leaseMs / 3);
    renewal.unref();
    return (landed) => {
      clearInterval(renewal);
      const args = [token, landed ? 'landed' : 'released', landedMarkerMs, this.#channel, key];
      // Not awaited: the answer is already on its way; a lost release only costs an expiry.
      void connection.attempt(() => RELEASE.run(connection.client, [leaseKey], args));
    };
  }

  #leaseKey(key: string): string {
    return `${this.#options.namespace}:lease:${key}`;
  }

  #waitFor(key: string, ms: number): { done: Promise<Landing>; cancel(): void } {
    let settle: (landing: Landing) => void = NO_RELEASE;
    const done = new Promise<Landing>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), ms);
      settle = (landing) => {
        clearTimeout(timer);
        const set = this.#waiters.get(key);
        set?.delete(settle);
        if (set?.size === 0) this.#waiters.delete(key);
        resolve(landing);
      };
    });
    let set = this.#waiters.get(key);
    if (!set) this.#waiters.set(key, (set = new Set()));
    set.add(settle);
    return { done, cancel: () => settle('timeout') };
  }

  #heard(message: string): void {
    const colon = message.indexOf(':');
    if (colon < 0) return;
    const landing = message.slice(0, colon);
    const set = this.#waiters.get(message.slice(colon + 1));
    if (!set || (landing !== 'landed' && landing !== 'released')) return;
    for (const settle of [...set]) settle(landing);
  }
}
