// At start, before serving: a redis:// URL that reaches a Redis Cluster node would work for one
// key in three (the others answer MOVED) and flap between up and down. It is refused with one
// line naming the form that works. An unreachable Redis is not refused here: the gateway starts
// degraded and the connection reports why.
import { createClient } from '@keyv/redis';
import { parseRedisUrl } from './url.ts';

/** The configuration error for a single-node CACHE_URL at a cluster node, else undefined. */
export async function clusterNodeMisconfiguration(
  url: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const topology = parseRedisUrl(url);
  if (topology.kind !== 'single') return undefined;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: Math.max(timeoutMs, 1000), reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('cluster');
    if (!/^cluster_enabled:1\s*$/m.test(info)) return undefined;
  } catch {
    return undefined;
  } finally {
    if (client.isOpen) client.destroy();
  }
  const scheme = topology.tls ? 'rediss-cluster' : 'redis-cluster';
  return `Invalid CACHE_URL: ${topology.where} is a Redis Cluster node, which a ${topology.tls ? 'rediss' : 'redis'}:// URL cannot use; write ${scheme}://${topology.where} (add ?node=host:port for more seed nodes, and user:password@ as before)`;
}
