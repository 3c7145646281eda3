// Builds the fleet's coordination from the Config and the process's one Redis connection (the
// shared cache's): leases for single-flight, budgets per caller, the shared rate. Without Redis
// each replica enforces budgets and rate alone; the change either way is logged once.
import { hash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { CallerBudgets } from './budgets.ts';
import type { UpstreamBudgets } from './budgets.ts';
import { RedisColdKeyLeases } from './leases.ts';
import type { ColdKeyLeases } from './leases.ts';
import { createFleetMetrics } from './metrics.ts';
import type { FleetMetrics } from './metrics.ts';
import { FleetRate } from './rate.ts';
import type { UpstreamRate } from './rate.ts';

export interface Fleet {
  leases: ColdKeyLeases | undefined;
  budgets: UpstreamBudgets | undefined;
  /** The shared rate and 429 signal; absent with neither Redis nor a quota. */
  rate: UpstreamRate | undefined;
  metrics: FleetMetrics;
  /** Prefix of every fleet key in Redis: replicas sharing a token form one fleet. */
  namespace: string;
}

/** Longest a "value just landed" marker lives: it only covers a cache read racing the write. */
const LANDED_MARKER_MS = 2000;

export function fleetNamespace(token: string): string {
  return `fashionai-gateway:fleet:${hash('sha256', `fashionai-gateway fleet\0${token}`, 'hex').slice(0, 16)}`;
}

export function createFleet(
  config: Config,
  token: string,
  connection: RedisConnection | undefined,
  logger: Logger,
  registry: Registry | undefined,
): Fleet {
  const { fleet } = config;
  const namespace = fleetNamespace(token);
  const metrics = createFleetMetrics(
    registry,
    fleet.budgets.map((b) => b.name),
  );
  const budgets =
    fleet.budgets.length > 0
      ? new CallerBudgets({ budgets: fleet.budgets, connection, namespace, metrics })
      : undefined;
  const { quotaPerSecond } = fleet;
  const rate =
    connection || quotaPerSecond
      ? new FleetRate({
          connection,
          namespace,
          quotaPerSecond,
          maxWaitMs: config.upstream.throttleMaxWaitMs,
          metrics,
        })
      : undefined;
  if (!connection) return { leases: undefined, budgets, rate, metrics, namespace };

  const leases = fleet.singleFlight
    ? new RedisColdKeyLeases({
        connection,
        namespace,
        leaseMs: fleet.leaseMs,
        maxWaitMs: fleet.maxWaitMs,
        landedMarkerMs: Math.min(LANDED_MARKER_MS, config.cache.ttlSeconds * 1000),
        metrics,
      })
    : undefined;
  metrics.coordinated(connection.isUp);
  let away = false;
  connection.onStateChange((state) => {
    metrics.coordinated(state === 'up');
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
  return { leases, budgets, rate, metrics, namespace };
}
