// Real Redis for the shared-cache tests: the one REDIS_URL names (CI starts one), or a
// redis-server this test spawns on a free loopback port. With neither, the tests are skipped
// and the reason is printed, so `npm test` still passes on a machine without Redis.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createClient } from '@keyv/redis';
import { freePort } from './net.ts';

/** A redis-server owned by the test: it can be stopped and started again on the same port. */
export interface OwnedRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  /** Kills the server at once (no graceful shutdown), as a crash or lost host would. */
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
}

export type RedisAvailability =
  | { available: true; url: string; source: string; owned?: OwnedRedis }
  | { available: false; reason: string };

export function redisServerBinary(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function ping(url: string, timeoutMs = 1000): Promise<string | undefined> {
  const client = createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    if (client.isOpen) client.destroy();
  }
}

const owned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of owned) child.kill('SIGKILL');
});

export async function spawnRedis(binary: string): Promise<OwnedRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const redis: OwnedRedis = {
    url,
    port,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return; // running
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly'];
      child = spawn(binary, [...args, 'no'], { stdio: 'ignore' });
      owned.add(child);
      const deadline = Date.now() + 5000;
      while ((await ping(url, 200)) !== undefined) {
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGCONT');
      running.kill('SIGKILL');
      await exited;
      owned.delete(running);
    },
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
  await redis.start();
  return redis;
}

/** Redis for tests that only need one running: REDIS_URL, else an owned redis-server. */
export async function locateRedis(): Promise<RedisAvailability> {
  const url = process.env['REDIS_URL'];
  if (url) {
    const problem = await ping(url);
    // Whoever set REDIS_URL expects these tests to run: an unreachable one is a failure.
    if (problem) throw new Error(`REDIS_URL is set but Redis does not answer: ${problem}`);
    return { available: true, url, source: 'REDIS_URL' };
  }
  const owned = await ownedRedis();
  if (owned.available) return owned;
  return { available: false, reason: `REDIS_URL is not set and ${owned.reason}` };
}

/** Redis that the test can stop and start: always an owned redis-server, never REDIS_URL. */
export async function ownedRedis(): Promise<RedisAvailability> {
  const binary = redisServerBinary();
  if (!binary) {
    return {
      available: false,
      reason: 'redis-server is not on PATH to start one (Debian: apt-get install redis-server)',
    };
  }
  const server = await spawnRedis(binary);
  return {
    available: true,
    url: server.url,
    source: `redis-server on port ${server.port}`,
    owned: server,
  };
}

/** Prints why a block of tests is skipped, so the skip is never silent. */
export function reportSkip(what: string, availability: RedisAvailability): void {
  if (!availability.available) {
    process.stderr.write(`\n[skipped] ${what}: no Redis — ${availability.reason}\n`);
  }
}
