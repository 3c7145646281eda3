// Entry point: environment → Config → (demo: sample upstream) → gateway → listen → signals.
// A configuration error ends the start with exit code 1 and one line naming the variable.
import { randomBytes } from 'node:crypto';
import { describeAuth } from './auth/settings.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config/config.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './logging.ts';
import { startSampleUpstream } from './sample-upstream/index.ts';
import { drainBoundMs } from './http/drain.ts';
import { buildServer } from './app/server.ts';
import { clusterNodeMisconfiguration } from './redis/topology-check.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.cache.url) {
    const misconfigured = await clusterNodeMisconfiguration(
      config.cache.url,
      config.cache.redisTimeoutMs,
    );
    if (misconfigured) {
      process.stderr.write(`Configuration error: ${misconfigured}\n`);
      process.exit(1);
    }
  }
  const logger = createLogger({ level: config.logLevel, pretty: !config.production });

  let stopSample: (() => Promise<void>) | undefined;
  if (config.demoMode) {
    const token = randomBytes(24).toString('base64url');
    const sample = await startSampleUpstream({ token, host: '127.0.0.1', port: 0 });
    config = { ...config, upstream: { ...config.upstream, url: sample.url, token } };
    stopSample = () => sample.close();
  }

  const gateway = await buildServer(config, logger);
  const url = await gateway.listen();
  if (config.demoMode) {
    logger.info(
      `Demo mode: FASHIONAI_APP_TOKEN is not set, so the built-in sample upstream (sample data, not real customers) serves at ${config.upstream.url}. Explorer: ${url}/graphql — try customer@example.com. ${describeAuth(config.auth)}`,
    );
  } else {
    logger.info(`Gateway serving ${url}/graphql against ${config.upstream.url}`);
    if (config.auth.mode === 'open') logger.warn(describeAuth(config.auth));
    else logger.info(describeAuth(config.auth));
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: draining in-flight requests');
    // close() bounds the drain itself; this only catches a close that hangs regardless, and
    // still exits before `docker stop` (10 s) would SIGKILL with the default settings.
    const force = setTimeout(
      () => {
        logger.error('Shutdown took too long; exiting');
        process.exit(1);
      },
      drainBoundMs(config) + 500,
    );
    force.unref();
    gateway
      .close()
      .then(() => stopSample?.())
      .then(
        () => {
          logger.info('Stopped');
          logger.flush?.();
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'Error while shutting down');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
