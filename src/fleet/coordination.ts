// Which fleet a replica belongs to (one upstream token, one fleet), and whether it is
// coordinated now: through Redis, or each replica on its own while Redis is away. The change
// either way is logged once and reported to the observer.
import { hash } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisConnection } from '../redis/connection.ts';
import type { FleetObserver } from './events.ts';

// KEY SLOTS (Redis Cluster runs a script or MULTI only on keys of one hash slot, else CROSSSLOT):
// - every Lua script but RESERVE touches one key: a lease (leases.ts), a budget window
//   (budgets.ts), the rate's share (CUT) or pause (PAUSE); PUBLISH inside a script is not a key;
// - RESERVE reads the rate's tat, pause and share together: those three share the hash tag
//   `{<namespace>:rate}` (rate.ts), so they live on one slot, per fleet;
// - the cache: an entry and its customer's index are written by separate commands (the MULTI
//   on the index touches that one key); an erasure deletes them with one DEL each
//   (redis-layer.ts), because entries are keyed by lookup and spread over the whole cluster.
// Pub/sub: classic PUBLISH reaches the subscribers of every node of a cluster; only its count
// is per node, so the erasure counts reached replicas across primaries (redis/clients.ts).
/** Prefix of every fleet key in Redis: replicas sharing a token form one fleet. */
export function fleetNamespace(token: string): string {
  return `fashionai-gateway:fleet:${hash('sha256', `fashionai-gateway fleet\0${token}`, 'hex').slice(0, 16)}`;
}

export function watchCoordination(
  connection: RedisConnection,
  observer: FleetObserver,
  logger: Logger,
): void {
  observer.coordinated(connection.isUp);
  let away = false;
  connection.onStateChange((state) => {
    observer.coordinated(state === 'up');
    if (state === 'up') {
      if (away) logger.info('Fleet coordination: through Redis again (rate, leases, budgets)');
      away = false;
    } else if (!away) {
      away = true;
      logger.warn(
        'Fleet coordination: Redis is away; this replica now enforces upstream rate, single-flight and budgets on its own until it is back',
      );
    }
  });
}
