// Which fleet a replica belongs to (one upstream token, one fleet), and whether it is
// coordinated now: through Redis, or each replica on its own while Redis is away. The change
// either way is logged once and reported to the observer.
import { hash } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisConnection } from '../redis/connection.ts';
import type { FleetObserver } from './events.ts';

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
