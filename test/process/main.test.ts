// `npm start` as a user runs it: demo mode, refusal to start on bad configuration, and a
// graceful stop that lets in-flight requests finish.
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/net.ts';
import { runMain, waitForHealthy } from '../support/process.ts';
import { startHarness } from '../support/harness.ts';

describe('start-up', () => {
  it('refuses to start in production without FASHIONAI_APP_TOKEN: exit 1, one line naming it', async () => {
    const run = runMain({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/FASHIONAI_APP_TOKEN/);
  });

  it('refuses to start in production without caller authentication: exit 1, one line naming the settings', async () => {
    const run = runMain({ NODE_ENV: 'production', FASHIONAI_APP_TOKEN: 'secret-token-value' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const setting of [
      'GATEWAY_API_KEYS',
      'JWT_JWKS_URL',
      'JWT_PUBLIC_KEY',
      'GATEWAY_AUTH=none',
    ]) {
      expect(lines[0]).toContain(setting);
    }
    expect(run.output()).not.toContain('secret-token-value');
  });

  it('starts in production with GATEWAY_AUTH=none and warns that it is open', async () => {
    const port = await freePort();
    const run = runMain({
      NODE_ENV: 'production',
      FASHIONAI_APP_TOKEN: 'secret-token-value',
      GATEWAY_AUTH: 'none',
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`);
      expect(run.output()).toMatch(/"level":40.*Authentication is off \(GATEWAY_AUTH=none\)/);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('refuses production with a shared cache and no encryption key: exit 1, one line naming it', async () => {
    const run = runMain({
      NODE_ENV: 'production',
      FASHIONAI_APP_TOKEN: 'secret-token-value',
      GATEWAY_AUTH: 'none',
      CACHE_URL: 'redis://127.0.0.1:1',
    });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/CACHE_ENCRYPTION_KEY is not set.*CACHE_ENCRYPTION=off/);
  });

  it('starts in production with CACHE_ENCRYPTION=off and warns that Redis holds profiles in clear', async () => {
    const port = await freePort();
    const run = runMain({
      NODE_ENV: 'production',
      FASHIONAI_APP_TOKEN: 'secret-token-value',
      GATEWAY_AUTH: 'none',
      CACHE_URL: `redis://127.0.0.1:${await freePort()}`,
      CACHE_ENCRYPTION: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`);
      expect(run.output()).toMatch(
        /"level":40.*CACHE_ENCRYPTION=off, profiles are written to Redis in clear/,
      );
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it.each([
    ['PORT', 'abc'],
    ['FASHIONAI_API_URL', 'not a url'],
    ['CACHE_TTL_SECONDS', '-1'],
    ['UPSTREAM_TIMEOUT_MS', '0'],
  ])('refuses an invalid %s with exit 1 and a line naming it', async (name, value) => {
    const run = runMain({ [name]: value, FASHIONAI_APP_TOKEN: 'secret-token-value' });
    expect(await run.exited).toBe(1);
    const out = run.output().trim();
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toContain(name);
    expect(out).not.toContain('secret-token-value');
  });

  it('serves the sample upstream in demo mode, says so, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = runMain({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealthy(url);
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ customer(by: { email: "customer@example.com" }) { userProfileId profile { summary { style } } } }',
        }),
      });
      const body = (await res.json()) as { data: { customer: { userProfileId: string } } };
      expect(body.data.customer.userProfileId).toBe('ddsd23223');
      expect(run.output()).toMatch(
        /Demo mode.*sample upstream.*Authentication is off \(demo mode\)/,
      );
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish before closing', async () => {
    const h = await startHarness({ upstream: { latencyMs: 400 } });
    const inFlight = h.query(
      '{ customer(by: { email: "customer@example.com" }) { userProfileId } }',
    );
    await new Promise((r) => setTimeout(r, 100));
    const closing = h.gateway.close();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect(res.body.data?.['customer']).toEqual({ userProfileId: 'ddsd23223' });
    await h.upstream.close();
  });
});
