// Per-caller budgets of upstream calls (UPSTREAM_BUDGETS): each named group may cause N calls
// to Fashion.AI per minute, counted fleet-wide in Redis (one atomic round trip per call) or, while
// Redis is away, by each replica on its own. Only real calls are charged: cache hits are free.
import type { Caller } from '../auth/caller.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { UpstreamBudgetExceededError } from '../upstream/errors.ts';
import type { FleetObserver } from './events.ts';
import { RedisScript, integers } from './redis-script.ts';
import { JWT_BUDGET_NAME } from './settings.ts';
import type { UpstreamBudget } from './settings.ts';

export interface UpstreamBudgets {
  /** Counts one upstream call against `group`; throws UpstreamBudgetExceededError when spent. */
  charge(group: string | undefined): Promise<void>;
}

/** The budget group a caller's calls count against: its API key's name, or `jwt`. */
export function budgetGroupOf(caller: Caller): string | undefined {
  if (caller.kind === 'apiKey') return caller.name;
  if (caller.kind === 'user') return JWT_BUDGET_NAME;
  return undefined;
}

export const BUDGET_WINDOW_MS = 60_000;

/** A fixed one-minute window that starts with the group's first call: {allowed, ms left}. */
const CHARGE = new RedisScript(`
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = redis.call('PTTL', KEYS[1])
if used >= tonumber(ARGV[1]) and left > 0 then return {0, left} end
used = redis.call('INCR', KEYS[1])
if used == 1 or left <= 0 then
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[2])
  return {1, tonumber(ARGV[2])}
end
return {1, left}
`);

interface LocalWindow {
  endsAt: number;
  used: number;
}

export interface CallerBudgetsOptions {
  budgets: readonly UpstreamBudget[];
  /** Absent: budgets are counted in this process only. */
  connection?: RedisConnection;
  namespace: string;
  observer: FleetObserver;
}

export class CallerBudgets implements UpstreamBudgets {
  readonly #limits: Map<string, number>;
  readonly #options: CallerBudgetsOptions;
  /** One window per configured group at most: bounded by the configuration, not by traffic. */
  readonly #local = new Map<string, LocalWindow>();

  constructor(options: CallerBudgetsOptions) {
    this.#options = options;
    this.#limits = new Map(options.budgets.map((b) => [b.name, b.perMinute]));
  }

  async charge(group: string | undefined): Promise<void> {
    const limit = group === undefined ? undefined : this.#limits.get(group);
    if (group === undefined || limit === undefined) return;
    const msLeft = (await this.#chargeShared(group, limit)) ?? this.#chargeLocal(group, limit);
    if (msLeft === 0) return;
    this.#options.observer.budgetRefused(group);
    throw new UpstreamBudgetExceededError(group, Math.max(1, Math.ceil(msLeft / 1000)));
  }

  /** 0 when allowed, else ms until the window ends; undefined when Redis could not count. */
  async #chargeShared(group: string, limit: number): Promise<number | undefined> {
    const { connection, namespace } = this.#options;
    if (!connection) return undefined;
    const reply = await connection.attempt(() =>
      CHARGE.run(connection.client, [`${namespace}:budget:${group}`], [limit, BUDGET_WINDOW_MS]),
    );
    if (!reply.ok) return undefined;
    const [allowed = 1, left = 0] = integers(reply.value);
    return allowed === 1 ? 0 : left;
  }

  #chargeLocal(group: string, limit: number, now = Date.now()): number {
    let window = this.#local.get(group);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + BUDGET_WINDOW_MS, used: 0 };
      this.#local.set(group, window);
    }
    if (window.used >= limit) return window.endsAt - now;
    window.used += 1;
    return 0;
  }
}
