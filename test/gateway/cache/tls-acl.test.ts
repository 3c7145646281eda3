// Two real gateway processes sharing a Redis over TLS as an ACL user, as managed Redis runs:
// `rediss://gw:PASSWORD@…`, the server's certificate signed by a CA this test makes with
// openssl and hands to Node through NODE_EXTRA_CA_CERTS. The cache is shared, the default
// user is off (so the ACL user really is the one that works), and the password is in no output.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startFleet } from '../../support/fleet.ts';
import type { Fleet } from '../../support/fleet.ts';
import { sleep } from '../../support/harness.ts';
import { freePort } from '../../support/net.ts';
import { redisServerBinary } from '../../support/redis.ts';
import { runMain, waitForHealthy } from '../../support/process.ts';
import { readiness } from '../../support/readiness.ts';

const binary = redisServerBinary();
let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}
const unavailable = !binary ? 'no redis-server on PATH' : !openssl ? 'no openssl on PATH' : '';
if (unavailable)
  process.stderr.write(`\n[skipped] Redis over TLS with an ACL user: ${unavailable}\n`);

const PASSWORD = 'tls-acl-secret-7f3a9c';
const STYLE = `query($e: String!) { customer(by: { email: $e }) { userProfileId } }`;

function makeCertificates(dir: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem'],
    ...['-days', '1', '-subj', '/CN=gateway-test-ca'],
  );
  run(
    ...['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr'],
    ...['-subj', '/CN=127.0.0.1'],
  );
  writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    ...['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key'],
    ...['-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext'],
  );
}

describe.skipIf(unavailable !== '')('a shared Redis over TLS as an ACL user', () => {
  let server: ChildProcess;
  let fleet: Fleet;
  let tlsPort = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-tls-'));
    makeCertificates(dir);
    const port = await freePort();
    tlsPort = port;
    server = spawn(
      binary!,
      [
        ...['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--save', ''],
        ...['--dir', dir, '--tls-cert-file', 'server.pem', '--tls-key-file', 'server.key'],
        ...['--tls-ca-cert-file', 'ca.pem', '--tls-auth-clients', 'no'],
        ...['--user', 'default', 'off', '--user', 'gw', 'on', `>${PASSWORD}`, '~*', '&*', '+@all'],
      ],
      { stdio: 'ignore', cwd: dir },
    );
    for (let i = 0; i < 100; i++) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (open) break;
      await sleep(50);
    }
    fleet = await startFleet({
      redisUrl: `rediss://gw:${PASSWORD}@127.0.0.1:${port}`,
      count: 2,
      env: { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), CACHE_ENCRYPTION: 'off' },
    });
  }, 120_000);
  afterAll(async () => {
    await fleet?.close();
    server?.kill('SIGKILL');
  });

  it('shares the cache between the replicas, and the password is in no output', async () => {
    const [a, b] = fleet.replicas as [(typeof fleet.replicas)[0], (typeof fleet.replicas)[0]];
    const customers = [501, 502, 503].map((n) => sampleCustomer(n).email);
    fleet.upstream.resetStats();
    for (const e of customers) expect((await a.query(STYLE, { e })).body.errors).toBeUndefined();
    expect(fleet.upstream.stats.calls).toBe(3);
    fleet.upstream.resetStats();
    for (const e of customers) expect((await b.query(STYLE, { e })).body.errors).toBeUndefined();
    expect(fleet.upstream.stats.calls).toBe(0);
    for (const r of fleet.replicas) {
      expect(r.process.output()).toMatch(/Redis at 127\.0\.0\.1:\d+ connected/);
      expect(r.process.output()).not.toContain(PASSWORD);
    }
  });

  it('reports a certificate it cannot verify in /readyz (503 with CACHE_REQUIRED=true)', async () => {
    // No NODE_EXTRA_CA_CERTS: the server's certificate is signed by a CA this process does not know.
    const port = await freePort();
    const run = runMain({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      FASHIONAI_API_URL: 'http://127.0.0.1:9',
      FASHIONAI_APP_TOKEN: 'tls-check-token',
      PORT: String(port),
      HOST: '127.0.0.1',
      CACHE_URL: `rediss://gw:${PASSWORD}@127.0.0.1:${tlsPort}`,
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
      expect(state.body.cache.reason).toMatch(/certificate/i);
      expect(run.output()).not.toContain(PASSWORD);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  }, 90_000);
});
