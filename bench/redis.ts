// A Redis for a bench target to stand on, started and stopped with it: one redis-server or a
// six-node Redis Cluster, and the settings that point a gateway at it (sealed, as in production,
// with a key made for this run only). Used by `npm run bench` and `npm run bench:ab`.
import { randomBytes } from 'node:crypto';
import { spawnRedis } from '../test/support/redis.ts';
import { startCluster } from '../test/support/redis-cluster.ts';

export type RedisKind = 'redis' | 'cluster';

export interface BenchRedis {
  /** CACHE_URL and CACHE_ENCRYPTION_KEY for the gateway on it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchRedis(kind: RedisKind, binary: string): Promise<BenchRedis> {
  const server =
    kind === 'redis'
      ? await spawnRedis(binary).then((one) => ({ url: one.url, stop: () => one.kill() }))
      : await startCluster().then((cluster) => ({ url: cluster.url, stop: () => cluster.close() }));
  return {
    env: { CACHE_URL: server.url, CACHE_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    stop: server.stop,
  };
}
