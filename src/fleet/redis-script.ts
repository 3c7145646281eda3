// One Lua script run atomically in Redis in one round trip: EVALSHA with the script's SHA-1,
// falling back to EVAL (which also caches it) when the server does not know it yet, e.g. after
// a restart. Callers run it through RedisConnection.attempt, which bounds the time it may take.
import { hash } from 'node:crypto';
import type { RedisClientType } from '@keyv/redis';

export class RedisScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = hash('sha1', source, 'hex');
  }

  async run(
    client: RedisClientType,
    keys: string[],
    args: Array<string | number>,
  ): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.#sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.#source, options);
    }
  }
}

/** A script's reply as a list of integers (Redis turns Lua numbers into integers). */
export function integers(reply: unknown): number[] {
  return Array.isArray(reply) ? reply.map((v) => Number(v)) : [Number(reply)];
}
