// The shutdown drain and its time bound: /readyz already answers 503 when it starts; after the
// readiness delay the listener closes, in-flight requests get SHUTDOWN_TIMEOUT_MS, then the
// remaining resources get CLOSE_GRACE_MS. Bounded so `docker stop` (10 s) never has to SIGKILL.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * After the listener has closed: how long upstream calls left behind by cut requests may run
 * (FashionAiClient.close's own grace), and how long the cache and trace exporter get to close.
 */
export const CLOSE_GRACE_MS = 1000;

/** SHUTDOWN_READINESS_DELAY_MS and SHUTDOWN_TIMEOUT_MS. */
export interface DrainTimes {
  shutdownReadinessDelayMs: number;
  shutdownTimeoutMs: number;
}

/**
 * The longest a drain takes (SIGTERM to exit): readiness delay, SHUTDOWN_TIMEOUT_MS, then
 * CLOSE_GRACE_MS. With the defaults (0 + 7000 + 1000 ms) it ends inside `docker stop`'s 10 s
 * grace; main.ts exits regardless shortly after this bound.
 */
export const drainBoundMs = (config: DrainTimes) =>
  config.shutdownReadinessDelayMs + config.shutdownTimeoutMs + CLOSE_GRACE_MS;

export interface DrainParts {
  app: FastifyInstance;
  config: DrainTimes;
  logger: Logger;
  /** Stops Apollo Server, once no request is left. */
  stopGraphQL: () => Promise<void>;
  /** Closes the resources together, within CLOSE_GRACE_MS: upstream pool, cache, Redis, traces. */
  closeResources: () => Promise<void>;
}

export async function drainGateway(parts: DrainParts): Promise<void> {
  const { app, config, logger } = parts;
  // Give load balancers time to see /readyz fail while the listener still serves.
  if (config.shutdownReadinessDelayMs > 0) await sleep(config.shutdownReadinessDelayMs);
  // server.close() only drops the connections idle at that moment; keep-alive ones that
  // finish their request later would hold the close until their timeout, so sweep them.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  // Bounded: requests still running after SHUTDOWN_TIMEOUT_MS are cut.
  const cut = setTimeout(() => {
    logger.warn('In-flight requests outlived SHUTDOWN_TIMEOUT_MS; closing their connections');
    app.server.closeAllConnections();
  }, config.shutdownTimeoutMs);
  try {
    await app.close(); // stops accepting; in-flight requests finish
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
  await parts.stopGraphQL();
  // A cache or trace exporter that hangs on close must not hold the exit past the bound.
  let graceTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    parts.closeResources(),
    new Promise((resolve) => (graceTimer = setTimeout(resolve, CLOSE_GRACE_MS + 200))),
  ]);
  clearTimeout(graceTimer);
}
