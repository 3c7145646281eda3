// Tells every replica sharing the Redis to drop cached profiles (pub/sub), and for an erasure
// collects their confirmations: PUBLISH answers how many replicas received the message, each
// replica answers on an acknowledgement channel once its in-process copies are gone.
import { randomUUID } from 'node:crypto';
import { CACHE_SCHEMA_VERSION } from './profile-cache.ts';
import type { RedisConnection } from '../redis/connection.ts';

/** Versioned like the keys, so replicas of an older shape ignore each other's messages. */
export const INVALIDATION_CHANNEL = `fashionai-gateway:profile-invalidated:v${CACHE_SCHEMA_VERSION}`;
export const ERASURE_ACK_CHANNEL = `fashionai-gateway:profile-erasure-acks:v${CACHE_SCHEMA_VERSION}`;

/** `erasure` is absent for a plain drop; replicas of the previous release read `keys` only. */
interface DropMessage {
  origin: string;
  keys: string[];
  erasure?: { id: string; customerKey: string | undefined };
}

interface Ack {
  id: string;
  dropped: number;
}

export interface ErasureOutcome {
  /** Replicas that received the message (this one included). */
  reached: number;
  confirmed: number;
  /** In-process entries the confirming replicas dropped. */
  dropped: number;
}

export interface ErasureBroadcastOptions {
  connection: RedisConnection;
  /** How long an erasure waits for the replicas' confirmations. */
  ackTimeoutMs: number;
  /** Another replica dropped these keys (a plain invalidation). */
  onDrop: (keys: string[]) => void;
  /** An erasure reached this replica: drop and refuse writes; answers how many entries went. */
  onErase: (keys: string[], customerKey: string | undefined) => Promise<number>;
}

interface Pending {
  expected: number | undefined;
  outcome: ErasureOutcome;
  done: () => void;
}

function parse<T>(text: string, check: (value: Record<string, unknown>) => boolean): T | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    return check(value as Record<string, unknown>) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

const isDrop = (m: Record<string, unknown>) =>
  typeof m['origin'] === 'string' &&
  Array.isArray(m['keys']) &&
  m['keys'].every((k) => typeof k === 'string');
const isAck = (m: Record<string, unknown>) =>
  typeof m['id'] === 'string' && typeof m['dropped'] === 'number';

export class ErasureBroadcast {
  readonly #origin = randomUUID();
  readonly #options: ErasureBroadcastOptions;
  readonly #pending = new Map<string, Pending>();

  constructor(options: ErasureBroadcastOptions) {
    this.#options = options;
    options.connection.subscribe(INVALIDATION_CHANNEL, (text) => void this.#received(text));
    options.connection.subscribe(ERASURE_ACK_CHANNEL, (text) => this.#acknowledged(text));
  }

  /** Tells the other replicas to drop these keys; false when Redis was unreachable. */
  announceDrop(keys: string[]): Promise<boolean> {
    const message: DropMessage = { origin: this.#origin, keys };
    return this.#options.connection.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
  }

  /** Erases on every replica (this one too, through its own subscription) and awaits them. */
  async announceErasure(keys: string[], customerKey: string | undefined): Promise<ErasureOutcome> {
    const id = randomUUID();
    const outcome: ErasureOutcome = { reached: 0, confirmed: 0, dropped: 0 };
    let done = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const pending: Pending = { expected: undefined, outcome, done };
    this.#pending.set(id, pending);
    const message: DropMessage = { origin: this.#origin, keys, erasure: { id, customerKey } };
    const connection = this.#options.connection;
    const sent = await connection.publishReaching(INVALIDATION_CHANNEL, JSON.stringify(message));
    if (!sent.ok) {
      this.#pending.delete(id);
      return outcome;
    }
    outcome.reached = sent.value;
    pending.expected = sent.value;
    if (outcome.confirmed >= sent.value) done();
    const timer = setTimeout(done, this.#options.ackTimeoutMs);
    await finished;
    clearTimeout(timer);
    this.#pending.delete(id);
    return outcome;
  }

  async #received(text: string): Promise<void> {
    const message = parse<DropMessage>(text, isDrop);
    if (!message) return;
    if (!message.erasure) {
      if (message.origin !== this.#origin) this.#options.onDrop(message.keys);
      return;
    }
    const dropped = await this.#options.onErase(message.keys, message.erasure.customerKey);
    // Sent on the command connection, after any write this replica issued before the erasure
    // reached it: by the time the eraser reads this, Redis has applied those writes.
    const ack: Ack = { id: message.erasure.id, dropped };
    await this.#options.connection.publish(ERASURE_ACK_CHANNEL, JSON.stringify(ack));
  }

  #acknowledged(text: string): void {
    const ack = parse<Ack>(text, isAck);
    const pending = ack && this.#pending.get(ack.id);
    if (!ack || !pending) return;
    pending.outcome.confirmed += 1;
    pending.outcome.dropped += ack.dropped;
    if (pending.expected !== undefined && pending.outcome.confirmed >= pending.expected) {
      pending.done();
    }
  }
}
