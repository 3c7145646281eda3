// The node-redis client for each CACHE_URL topology (url.ts), all with the same behaviour: no
// offline queue (a command while disconnected fails at once), a short connect timeout, and
// reconnection forever at most a second apart. One Redis gets a second connection for pub/sub;
// a cluster or sentinel client keeps its own pub/sub connection, which it moves with the
// topology (to a live node after a failover, to the new primary).
import { createClient, createCluster, createSentinel } from '@keyv/redis';
import type { RedisClientType } from '@keyv/redis';
import type { RedisTopology } from './url.ts';

// Short, so fleet coordination is back within a second or two of Redis returning.
const MAX_RECONNECT_DELAY_MS = 1000;

export interface RedisClients {
  /** Typed as one client: the commands the gateway sends have the same shape on every kind. */
  command: RedisClientType;
  subscriber: RedisClientType;
  /** Checks that every primary answers; after a failover, first learns the topology again. */
  health(rediscover: boolean): Promise<void>;
  /** How many subscribers a PUBLISH on `channel` reached, given the count it answered. */
  reached(channel: string, answered: number): Promise<number>;
}

const asIs = (_channel: string, answered: number) => Promise.resolve(answered);

/** The cluster client's slot map; node-redis only refreshes it on MOVED, never on a lost node. */
interface ClusterInternals {
  masters: Array<unknown>;
  nodeClient(node: unknown): Promise<RedisClientType>;
  _slots: { rediscover(startWith: { options: unknown }): Promise<void> };
}

export function createRedisClients(topology: RedisTopology, timeoutMs: number): RedisClients {
  const socket = {
    connectTimeout: Math.max(timeoutMs, 1000),
    // Never give up: back off to one attempt a second until Redis is back.
    reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    ...(topology.tls ? { tls: true as const } : {}),
  };
  const credentials = { username: topology.username, password: topology.password };

  if (topology.kind === 'single') {
    const command = createClient({
      url: topology.url,
      disableOfflineQueue: true,
      socket,
    }) as RedisClientType;
    return {
      command,
      subscriber: command.duplicate(),
      reached: asIs,
      health: async () => {
        if ((await command.ping()) !== 'PONG') throw new Error('PING did not answer PONG');
      },
    };
  }

  if (topology.kind === 'cluster') {
    const rootNodes = topology.nodes.map(({ host, port }) => ({ socket: { host, port } }));
    const cluster = createCluster({
      rootNodes,
      defaults: { ...credentials, disableOfflineQueue: true, socket },
    });
    const internals = cluster as unknown as ClusterInternals;
    const command = cluster as unknown as RedisClientType;
    return {
      command,
      subscriber: command,
      async health(rediscover) {
        if (rediscover) await internals._slots.rediscover({ options: rootNodes[0] });
        if (internals.masters.length === 0) throw new Error('the cluster has no primaries');
        await Promise.all(
          internals.masters.map(async (master) => {
            await (await internals.nodeClient(master)).ping();
          }),
        );
      },
      // A cluster's PUBLISH reaches every node's subscribers but counts only its own node's:
      // the subscribers of every primary (where the gateway's pub/sub connections are) are summed.
      async reached(channel) {
        const counts = await Promise.all(
          internals.masters.map(async (master) => {
            const client = await internals.nodeClient(master);
            const reply = await client.sendCommand(['PUBSUB', 'NUMSUB', channel]);
            return Array.isArray(reply) ? Number(reply[1] ?? 0) : 0;
          }),
        );
        return counts.reduce((sum, n) => sum + n, 0);
      },
    };
  }

  const sentinel = createSentinel({
    name: topology.serviceName,
    sentinelRootNodes: topology.sentinels,
    nodeClientOptions: {
      ...credentials,
      database: topology.database,
      disableOfflineQueue: true,
      socket,
    },
    sentinelClientOptions: {
      username: topology.sentinelUsername,
      password: topology.sentinelPassword,
      socket,
    },
    // The primary's pool: one connection for commands (the gateway pipelines them).
    masterPoolSize: 1,
  });
  const command = sentinel as unknown as RedisClientType;
  return {
    command,
    subscriber: command,
    reached: asIs,
    health: async () => {
      await command.ping();
    },
  };
}
