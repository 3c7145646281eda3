// SIGTERM on the real process (`node src/main.ts`): /readyz answers 503 from the first moment
// of the drain while in-flight requests finish; the drain is bounded by SHUTDOWN_TIMEOUT_MS
// even when a request hangs; the process then exits 0 and stops listening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleUpstream } from '../../src/sample-upstream/index.ts';
import type { SampleUpstream } from '../../src/sample-upstream/index.ts';
import { sleep } from '../support/harness.ts';
import { freePort } from '../support/net.ts';
import { runMain, waitForHealthy } from '../support/process.ts';

const TOKEN = 'shutdown-test-token';
let upstream: SampleUpstream;
beforeAll(async () => {
  upstream = await startSampleUpstream({ token: TOKEN, latencyMs: 800 });
});
afterAll(() => upstream.close());

async function startGateway(env: Record<string, string>) {
  const port = await freePort();
  const run = runMain({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    FASHIONAI_APP_TOKEN: TOKEN,
    FASHIONAI_API_URL: upstream.url,
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url);
  return { run, url };
}

const lookUp = (url: string, email: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ customer(by: { email: "${email}" }) { userProfileId } }` }),
  });

describe('SIGTERM', () => {
  it('turns /readyz 503 at once, lets the in-flight request finish, then exits 0', async () => {
    const { run, url } = await startGateway({ SHUTDOWN_READINESS_DELAY_MS: '500' });
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const inFlight = lookUp(url, 'customer@example.com'); // the upstream takes 800 ms
      await sleep(150);
      const termAt = Date.now();
      run.child.kill('SIGTERM');
      await sleep(100);

      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'draining' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200); // alive, just not ready

      const res = await inFlight;
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data?: unknown };
      expect(body.data).toEqual({ customer: { userProfileId: 'ddsd23223' } });
      expect(await run.exited).toBe(0);
      expect(Date.now() - termAt).toBeLessThan(3000);
      expect(run.output()).toMatch(/Draining: \/readyz now answers 503/);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('bounds the drain: a request still running after SHUTDOWN_TIMEOUT_MS is cut, exit 0', async () => {
    const { run, url } = await startGateway({
      SHUTDOWN_TIMEOUT_MS: '300',
      UPSTREAM_TIMEOUT_MS: '20000',
    });
    try {
      upstream.addFault({ fault: { type: 'hang' }, match: 'hang@example.com' });
      const hanging = lookUp(url, 'hang@example.com').then(
        (r) => r.status,
        () => 'cut',
      );
      await sleep(150);
      const termAt = Date.now();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      // SHUTDOWN_TIMEOUT_MS, then at most 1 s for upstream calls the cut requests left behind.
      expect(Date.now() - termAt).toBeLessThan(2500);
      expect(await hanging).toBe('cut');
      expect(run.output()).toMatch(/outlived SHUTDOWN_TIMEOUT_MS/);
    } finally {
      upstream.clearFaults();
      run.child.kill('SIGKILL');
    }
  });
  it("with the default settings, even a hung request ends in exit 0 inside docker stop's 10 s", async () => {
    // The upstream's own budget is raised so only the drain bound can end the request.
    const { run, url } = await startGateway({ UPSTREAM_TIMEOUT_MS: '30000' });
    try {
      upstream.addFault({ fault: { type: 'hang' }, match: 'hang-default@example.com' });
      const hanging = lookUp(url, 'hang-default@example.com').then(
        (r) => r.status,
        () => 'cut',
      );
      // SIGTERM only once the request is in flight at the upstream (a loaded machine is slow).
      await expect
        .poll(() => upstream.callsFor('email', 'hang-default@example.com'), { timeout: 10_000 })
        .toBe(1);
      const termAt = Date.now();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const took = Date.now() - termAt;
      // SHUTDOWN_TIMEOUT_MS (7 s) + CLOSE_GRACE_MS (1 s) = 8 s; SIGKILL would come at 10 s.
      expect(took).toBeGreaterThanOrEqual(6900);
      expect(took).toBeLessThan(9800);
      expect(await hanging).toBe('cut');
    } finally {
      upstream.clearFaults();
      run.child.kill('SIGKILL');
    }
  }, 20_000);
});
