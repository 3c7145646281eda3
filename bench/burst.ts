// The burst scenario: many identical requests for one uncached customer, fired at the same
// instant on already-open keep-alive sockets. A gateway with single-flight makes one upstream
// call for the whole burst; one without makes one per request.
import { Client } from 'undici';
import { percentile } from '../test/support/stats.ts';
import { customerBody, graphqlHeaders, hotCustomers } from './customers.ts';
import type { Sample } from './oracle.ts';
import { meterProcess } from './measure.ts';
import { summarise, type ScenarioResult, type Target } from './results.ts';
import { postGraphQL, settle, type Bench } from './scenarios.ts';

interface Reply {
  status: number;
  body: string;
  ms: number;
}

async function send(client: Client, body: string): Promise<Reply | Error> {
  const started = performance.now();
  try {
    const response = await client.request({
      path: '/graphql',
      method: 'POST',
      headers: graphqlHeaders,
      body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text, ms: performance.now() - started };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export async function burst(bench: Bench, target: Target): Promise<ScenarioResult> {
  const { burstSize, burstRounds } = bench.settings;
  // One client per socket: undici would otherwise queue requests behind each other.
  const clients = Array.from(
    { length: burstSize },
    () => new Client(target.process.url, { pipelining: 1, keepAliveTimeout: 60_000 }),
  );
  const openerBody = customerBody(hotCustomers[0] as number);
  await postGraphQL(target, openerBody);
  const latencies: number[] = [];
  const samples: Sample[] = [];
  const callsPerBurst: number[] = [];
  const counts = { completed: 0, non2xx: 0, transport: 0, graphql: 0 };
  let seconds = 0;
  let cpuMicros = 0;
  let foreignCoreSeconds = 0;
  let meteredSeconds = 0;
  let peakRssBytes = 0;
  let maxInFlight = 0;
  let firstTransportError: string | undefined;
  try {
    for (let round = 0; round < burstRounds; round += 1) {
      // A throwaway request for an already-cached customer opens every socket beforehand.
      const opened = await Promise.all(clients.map((client) => send(client, openerBody)));
      const failed = opened.find((reply) => reply instanceof Error);
      if (failed) throw new Error(`could not open the burst sockets: ${failed.message}`);

      const index = target.fresh.next();
      const body = customerBody(index);
      await bench.upstream.reset();
      const meter = meterProcess(target.process.pid, [bench.upstream.pid]);
      const started = performance.now();
      const replies = await Promise.all(clients.map((client) => send(client, body)));
      seconds += (performance.now() - started) / 1000;
      const stats = await settle(bench.upstream);
      const usage = meter.stop();

      cpuMicros += usage.cpuMicros;
      foreignCoreSeconds += usage.foreignCores * usage.seconds;
      meteredSeconds += usage.seconds;
      peakRssBytes = Math.max(peakRssBytes, usage.peakRssBytes);
      callsPerBurst.push(stats.calls);
      maxInFlight = Math.max(maxInFlight, stats.maxInFlight);
      for (const reply of replies) {
        if (reply instanceof Error) {
          counts.transport += 1;
          firstTransportError ??= reply.message;
          continue;
        }
        counts.completed += 1;
        latencies.push(reply.ms);
        if (reply.status < 200 || reply.status > 299) counts.non2xx += 1;
        else if (reply.body.includes('"errors":')) counts.graphql += 1;
        samples.push({
          expect: { kind: 'customer', index },
          status: reply.status,
          body: reply.body,
        });
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  }
  latencies.sort((a, b) => a - b);
  return summarise({
    scenario: 'burst',
    target,
    completed: counts.completed,
    sent: burstSize * burstRounds,
    seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p97_5: percentile(latencies, 97.5),
      p99: percentile(latencies, 99),
    },
    non2xx: counts.non2xx,
    transportErrors: counts.transport,
    graphqlErrors: counts.graphql,
    cpuMicros,
    peakRssBytes,
    foreignCores: meteredSeconds > 0 ? foreignCoreSeconds / meteredSeconds : 0,
    upstreamCalls: callsPerBurst.reduce((sum, calls) => sum + calls, 0),
    maxInFlight,
    dataCheck: await bench.oracle.check(samples),
    notes: {
      burstSize,
      upstreamCallsPerBurst: callsPerBurst,
      ...(firstTransportError === undefined ? {} : { firstTransportError }),
    },
  });
}
