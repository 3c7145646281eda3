// Open-loop load for soaks: requests leave on a fixed schedule (N per second), never waiting
// for earlier ones, over a connection pool large enough that the client never queues. Each
// request's answer is classified by the caller (correct, partial, error, wrong) and timed.
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import type { GraphQLBody, Outcome, Planned } from './planned-request.ts';
import type { TrafficMix } from './soak-traffic.ts';

export interface Answered {
  /** Ms from the start of the run at which it was scheduled. */
  scheduledAt: number;
  outcome: Outcome;
  latencyMs: number;
  /** Contract error codes in the answer. */
  codes: string[];
  stale: boolean;
}

export interface OpenLoopRun {
  scheduled: number;
  answered: Answered[];
  /** Requests that had not been sent within 50 ms of their scheduled time (client lag). */
  sentLate: number;
}

/** Sends `perSecond` requests per second for `seconds`, each made by `plan(i)`. */
export async function openLoop(
  url: string,
  perSecond: number,
  seconds: number,
  plan: (i: number) => Planned,
): Promise<OpenLoopRun> {
  const agent = new Agent({ connections: 1024, pipelining: 1 });
  const total = Math.round(perSecond * seconds);
  const answered: Answered[] = [];
  const pending: Array<Promise<void>> = [];
  let sentLate = 0;
  const started = performance.now();
  const fire = (i: number) => {
    const scheduledAt = (i * 1000) / perSecond;
    if (performance.now() - started - scheduledAt > 50) sentLate += 1;
    const planned = plan(i);
    const sent = performance.now();
    const done = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: planned.body,
      dispatcher: agent,
    })
      .then(async (res) => {
        const text = await res.body.text();
        let body: GraphQLBody = {};
        try {
          body = JSON.parse(text) as GraphQLBody;
        } catch {
          // classified as an error below: no data
        }
        const outcome = planned.classify(res.statusCode, body);
        const codes = (body.errors ?? []).map((e) => String(e.extensions?.['code']));
        const stale = Boolean(
          (body.extensions?.['gateway'] as { stale?: boolean } | undefined)?.stale,
        );
        answered.push({
          scheduledAt,
          outcome,
          latencyMs: performance.now() - sent,
          codes,
          stale,
        });
      })
      .catch(() => {
        answered.push({
          scheduledAt,
          outcome: 'error',
          latencyMs: performance.now() - sent,
          codes: ['CLIENT'],
          stale: false,
        });
      });
    pending.push(done);
  };
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(
        total,
        Math.floor(((performance.now() - started) * perSecond) / 1000) + 1,
      );
      while (next < due) fire(next++);
      if (next >= total) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  await Promise.all(pending);
  await agent.close();
  return { scheduled: total, answered, sentLate };
}

/**
 * A second of light traffic on customers of its own, before a measured run: the gateway under
 * test starts cold (JIT, connection pools), which a deployed gateway is not.
 */
export async function warmUp(url: string): Promise<void> {
  await openLoopInWorker(url, 100, 1, {
    hotReads: 0,
    neverSeen: 0.9,
    lists: 0,
    unknownEmails: 0.1,
    neverSeenFrom: 900_000,
  });
}

/** openLoop with the soak traffic mix, driven from a worker thread. */
export function openLoopInWorker(
  url: string,
  perSecond: number,
  seconds: number,
  mix: TrafficMix,
): Promise<OpenLoopRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./open-loop-worker.ts', import.meta.url), {
      workerData: { url, perSecond, seconds, mix },
    });
    worker.once('message', (run: OpenLoopRun) => {
      resolve(run);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
