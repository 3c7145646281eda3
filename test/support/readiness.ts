// Reads /readyz and waits for a cache state, for the shared-cache tests.
import { sleep } from './harness.ts';

export interface Readiness {
  status: number;
  body: {
    status: string;
    cache: {
      backend: string;
      degraded: boolean;
      shared?: 'connecting' | 'up' | 'down';
      reason?: string;
    };
  };
}

export async function readiness(url: string): Promise<Readiness> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness['body'] };
}

/** Waits until the gateway reports its shared cache in `state` (reconnects back off to 2 s). */
export async function waitForSharedCache(
  url: string,
  state: 'up' | 'down',
  timeoutMs = 8000,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await readiness(url);
    if (current.body.cache.shared === state) return current;
    if (Date.now() > deadline) {
      throw new Error(`shared cache still ${current.body.cache.shared} after ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}
