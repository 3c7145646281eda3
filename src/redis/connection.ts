// The process's one link to Redis and its health, shared by the profile cache (src/profiles/)
// and the fleet coordination (src/fleet/). Commands never wait long (no offline queue, a short
// timeout per operation); a failure marks Redis down, and while it is down every operation
// skips Redis at once instead of waiting per request. The client reconnects by itself;
// a probe revives a connection that is open but stopped answering. Transitions are logged once.
//
// CACHE_URL names one Redis, a Redis Cluster or a Sentinel-managed primary (url.ts, clients.ts).
// A cluster or sentinel client reports no "ready" of its own: the probe asks every primary, and
// after an outage first lets the client learn the topology again (the new primary).
import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { createRedisClients } from './clients.ts';
import type { RedisClients } from './clients.ts';
import { parseRedisUrl } from './url.ts';
import type { RedisTopology } from './url.ts';

export type RedisState = 'connecting' | 'up' | 'down';

export interface RedisConnectionOptions {
  url: string;
  /** Budget of one cache operation against Redis. */
  timeoutMs: number;
  logger: Logger;
  /** How often a down-but-connected Redis is probed (ms). */
  probeIntervalMs?: number;
}

interface Subscription {
  channel: string;
  listener: (message: string) => void;
  state: 'none' | 'pending' | 'active';
}

/** The result of an operation that may have been skipped or failed: never an exception. */
export type Attempt<T> = { ok: true; value: T } | { ok: false };

export class RedisConnection {
  readonly client: RedisClientType;
  readonly #subscriber: RedisClientType;
  readonly #options: RedisConnectionOptions;
  readonly #clients: RedisClients;
  readonly topology: RedisTopology;
  /** Cluster and Sentinel: one client for commands and pub/sub, driven by the probe. */
  readonly #single: boolean;
  readonly #where: string;
  #reason: string | undefined;
  readonly #onUp: Array<() => void> = [];
  readonly #onState: Array<(state: RedisState) => void> = [];
  readonly #subscriptions: Subscription[] = [];
  readonly #probe: NodeJS.Timeout;
  #state: RedisState = 'connecting';
  #ping: Promise<boolean> | undefined;
  #closed = false;
  #checking = false;

  constructor(options: RedisConnectionOptions) {
    this.#options = options;
    this.topology = parseRedisUrl(options.url);
    this.#single = this.topology.kind === 'single';
    this.#where = this.topology.where;
    this.#clients = createRedisClients(this.topology, options.timeoutMs);
    this.client = this.#clients.command;
    this.#subscriber = this.#clients.subscriber;
    // node-redis emits an error per failed reconnect attempt: state changes are logged instead.
    this.client.on('error', (error: unknown) => this.#down(reasonOf(error)));
    if (this.#single) {
      this.client.on('ready', () => this.#up());
      this.#subscriber.on('error', () => undefined);
      // Invalidations published while the subscriber was away are lost: whoever listens for
      // "up" again (the L1) must assume it missed some.
      let subscriberWasReady = false;
      this.#subscriber.on('ready', () => {
        for (const subscription of this.#subscriptions) this.#activate(subscription);
        if (subscriberWasReady) for (const listener of this.#onUp) listener();
        subscriberWasReady = true;
      });
      this.#subscriber.connect().catch(() => undefined);
    } else {
      // A primary lost: commands to its slots fail until the client learns the new one.
      this.client.on('node-error', (error: unknown) => this.#down(reasonOf(error)));
    }
    this.#connect();
    this.#probe = setInterval(() => void this.#probeOnce(), options.probeIntervalMs ?? 1000);
    this.#probe.unref();
  }

  /** Why Redis is not usable, while it is not (an error message: never a credential). */
  get reason(): string | undefined {
    return this.#state === 'up' ? undefined : this.#reason;
  }

  #connect(): void {
    this.client.connect().catch((error: unknown) => this.#down(reasonOf(error)));
  }

  get state(): RedisState {
    return this.#state;
  }

  get isUp(): boolean {
    return this.#state === 'up';
  }

  /** Called whenever Redis comes back after being unreachable. */
  onRecovered(listener: () => void): void {
    this.#onUp.push(listener);
  }

  /** Runs `operation` against Redis within the time budget; skipped while Redis is down. */
  async attempt<T>(operation: () => Promise<T>): Promise<Attempt<T>> {
    if (!this.isUp) return { ok: false };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Timers run before I/O in the event loop: after a long busy stretch the reply may be
      // waiting unread. setImmediate lets it be read first, so a busy process does not take a
      // timely Redis for a dead one.
      timer = setTimeout(
        () =>
          setImmediate(() => reject(new Error(`no answer within ${this.#options.timeoutMs} ms`))),
        this.#options.timeoutMs,
      );
    });
    try {
      return { ok: true, value: await Promise.race([operation(), timeout]) };
    } catch (error) {
      this.#down(error instanceof Error ? error.message : String(error));
      return { ok: false };
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(channel: string, message: string): Promise<boolean> {
    return (await this.attempt(() => this.client.publish(channel, message))).ok;
  }

  /** PUBLISH, answering how many subscribers it reached on every topology. */
  async publishReaching(channel: string, message: string): Promise<Attempt<number>> {
    return this.attempt(async () =>
      this.#clients.reached(channel, await this.client.publish(channel, message)),
    );
  }

  /** Called on every change between up and down (after the change is logged). */
  onStateChange(listener: (state: RedisState) => void): void {
    this.#onState.push(listener);
  }

  /** Subscribes on a dedicated connection (node-redis re-subscribes after a reconnect). */
  subscribe(channel: string, listener: (message: string) => void): void {
    const subscription: Subscription = { channel, listener, state: 'none' };
    this.#subscriptions.push(subscription);
    this.#activate(subscription);
  }

  /**
   * node-redis replays the subscriptions it confirmed after a reconnect, but one asked for while
   * the subscriber could not take commands (no offline queue: e.g. its first connection timed
   * out on a loaded host) is refused: it is asked for again whenever the subscriber is ready.
   */
  #activate(subscription: Subscription): void {
    if (subscription.state !== 'none' || this.#closed) return;
    subscription.state = 'pending';
    this.#subscriber.subscribe(subscription.channel, subscription.listener).then(
      () => {
        subscription.state = 'active';
      },
      () => {
        subscription.state = 'none';
      },
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#state = 'down';
    clearInterval(this.#probe);
    // destroy, not close: a graceful close would wait for replies a stuck server never sends.
    // Nothing is lost: cache writes are awaited by the requests that made them.
    for (const c of new Set([this.client, this.#subscriber])) if (c.isOpen) c.destroy();
  }

  #up(): void {
    if (this.#closed || this.#state === 'up') return;
    const was = this.#state;
    this.#state = 'up';
    if (!this.#single) for (const subscription of this.#subscriptions) this.#activate(subscription);
    if (was === 'connecting') {
      this.#options.logger.info(`Shared cache: Redis at ${this.#where} connected`);
    } else {
      this.#options.logger.info(
        `Shared cache: Redis at ${this.#where} is back; profiles are shared across replicas again`,
      );
      for (const listener of this.#onUp) listener();
    }
    for (const listener of this.#onState) listener('up');
  }

  #down(reason: string): void {
    if (this.#closed) return;
    this.#reason = reason;
    if (this.#state === 'down') return;
    const was = this.#state;
    this.#state = 'down';
    this.#options.logger.warn(
      { reason },
      was === 'connecting'
        ? `Shared cache: Redis at ${this.#where} is unreachable at start; serving with the in-process cache only until it is`
        : `Shared cache: Redis at ${this.#where} is unreachable; serving with the in-process cache only until it recovers`,
    );
    for (const listener of this.#onState) listener('down');
  }

  /**
   * An open connection that stopped answering (a paused or partitioned server) never emits an
   * error: ask it directly, with at most one PING outstanding so a dead link cannot pile them up.
   */
  async #probeOnce(): Promise<void> {
    if (this.#single) return this.#probeSingle();
    if (this.#state === 'up' || this.#checking || this.#closed) return;
    if (!this.client.isOpen) return this.#connect();
    this.#checking = true;
    const rediscover = this.#state === 'down';
    let timer: NodeJS.Timeout | undefined;
    try {
      // Learning the topology may take a few round trips: twice the budget of one operation.
      await Promise.race([
        this.#clients.health(rediscover),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('no answer from every primary')),
            2 * this.#options.timeoutMs,
          );
        }),
      ]);
      this.#up();
    } catch (error) {
      this.#down(reasonOf(error));
    } finally {
      clearTimeout(timer);
      this.#checking = false;
    }
  }

  async #probeSingle(): Promise<void> {
    if (this.#state !== 'down' || !this.client.isReady) return;
    this.#ping ??= this.client
      .ping()
      .then(
        (reply) => reply === 'PONG',
        () => false,
      )
      .finally(() => {
        this.#ping = undefined;
      });
    const answered = await Promise.race([
      this.#ping,
      new Promise<boolean>((resolve) => setTimeout(resolve, this.#options.timeoutMs, false)),
    ]);
    if (answered) this.#up();
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
