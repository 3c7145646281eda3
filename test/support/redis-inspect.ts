// Looks at Redis the way someone with read access would (a backup, a replica, a monitoring
// tool): every key and its raw value. Also edits values in place, as an attacker could.
import { createClient } from '@keyv/redis';
import type { RedisClientType } from '@keyv/redis';
import { cacheKeyFactory } from '../../src/cache/profile-cache.ts';
import { entryRedisKey, indexRedisKey } from '../../src/cache/redis-layer.ts';

export type RawRedis = RedisClientType;

export async function rawRedis(url: string): Promise<RawRedis> {
  const client = createClient({ url }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Every key with its value (strings) or members (sets), by SCAN. */
export async function dumpRedis(client: RawRedis): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  for await (const keys of client.scanIterator({ COUNT: 500 })) {
    for (const key of keys) {
      const type = await client.type(key);
      if (type === 'string') dump.set(key, (await client.get(key)) ?? '');
      else if (type === 'set') dump.set(key, (await client.sMembers(key)).join('\n'));
      else dump.set(key, `(${type})`);
    }
  }
  return dump;
}

/** The Redis keys of one lookup's entry and of a customer's index, as the gateway names them. */
export function redisKeysFor(token: string) {
  const cacheKey = cacheKeyFactory(token);
  return {
    entry: (lookupKey: string) => entryRedisKey(cacheKey(lookupKey)),
    index: (userProfileId: string) => indexRedisKey(cacheKey(`userProfileId:${userProfileId}`)),
  };
}
