// What an operator sees when Redis refuses the credentials in CACHE_URL, with a real gateway
// process and a real redis-server whose default user is off: the gateway serves (the
// in-process cache stands in) but is not ready with CACHE_REQUIRED=true, /readyz and one log
// line say why, and the password is in no output.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/harness.ts';
import { freePort } from '../support/net.ts';
import { runMain, waitForHealthy } from '../support/process.ts';
import { readiness } from '../support/readiness.ts';
import { redisServerBinary } from '../support/redis.ts';

const binary = redisServerBinary();
if (!binary) process.stderr.write('\n[skipped] refused Redis credentials: no redis-server\n');

const WRONG = 'wrong-secret-654';
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
});

async function redisWithAclUser(): Promise<number> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gw-redis-acl-'));
  server = spawn(
    binary!,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
      ...['--user', 'default', 'off', '--user', 'gw', 'on', '>right-secret-987', '~*', '&*'],
      '+@all',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true));
      socket.on('error', () => resolve(false));
      socket.on('connect', () => socket.destroy());
    });
    if (open) return port;
    await sleep(50);
  }
  throw new Error(`redis-server did not start on ${port}`);
}

describe.skipIf(!binary)('Redis refusing the credentials in CACHE_URL', () => {
  it('is reported in /readyz (503 with CACHE_REQUIRED=true) and one log line, never the password', async () => {
    const redisPort = await redisWithAclUser();
    const port = await freePort();
    const run = runMain({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      FASHIONAI_API_URL: 'http://127.0.0.1:9',
      FASHIONAI_APP_TOKEN: 'wrongpass-check-token',
      PORT: String(port),
      HOST: '127.0.0.1',
      CACHE_URL: `redis://gw:${WRONG}@127.0.0.1:${redisPort}`,
      CACHE_REQUIRED: 'true',
      CACHE_ENCRYPTION: 'off',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealthy(url, 60_000);
      let state = await readiness(url);
      for (let i = 0; i < 100 && state.body.cache.reason === undefined; i++) {
        await sleep(50);
        state = await readiness(url);
      }
      expect(state.status).toBe(503);
      expect(state.body.cache.shared).not.toBe('up');
      expect(state.body.cache.reason).toMatch(/WRONGPASS/);
      expect(JSON.stringify(state.body)).not.toContain(WRONG);
      await sleep(1500);
      const lines = run.output().split('\n');
      expect(lines.filter((l) => l.includes('WRONGPASS')).length, run.output()).toBe(1);
      expect(run.output()).not.toContain(WRONG);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  }, 90_000);
});
