// A fleet of real gateway processes (`node src/main.ts`, as `npm start` runs) sharing one Redis
// and one sample upstream that runs in the test process, so the test counts every vendor call.
// Each replica can be killed (SIGKILL) like a crashed host; /metrics is read back as numbers.
import { randomBytes } from 'node:crypto';
import { startSampleUpstream } from '../../src/sample-upstream/index.ts';
import type { SampleUpstream, SampleUpstreamOptions } from '../../src/sample-upstream/index.ts';
import type { GraphQLResponse } from './harness.ts';
import { readMetric } from './metrics.ts';
import { freePort } from './net.ts';
import { runMain, waitForHealthy } from './process.ts';
import type { RunningMain } from './process.ts';
import { waitForSharedCache } from './readiness.ts';

export interface Replica {
  url: string;
  process: RunningMain;
  query(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  /** Sum of a /metrics series over the samples whose labels include `labels` (e.g. `outcome="joined"`). */
  metric(name: string, labels?: string): Promise<number>;
  kill(): Promise<void>;
}

export interface Fleet {
  upstream: SampleUpstream;
  token: string;
  replicas: Replica[];
  close(): Promise<void>;
}

export interface FleetOptions {
  redisUrl: string;
  env?: Record<string, string>;
  upstream?: Partial<SampleUpstreamOptions>;
  count?: number;
}

async function postQuery(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: GraphQLResponse['body'] = {};
  try {
    body = JSON.parse(text) as GraphQLResponse['body'];
  } catch {
    // not JSON: tests look at status and text
  }
  return { status: res.status, headers: res.headers, body, text };
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const running = runMain({ ...env, PORT: String(port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  try {
    // Generous: on a loaded machine a fresh Node process takes seconds to load the gateway.
    await waitForHealthy(url, 60_000);
  } catch (error) {
    running.child.kill('SIGKILL');
    throw new Error(`replica did not start: ${(error as Error).message}\n${running.output()}`, {
      cause: error,
    });
  }
  return {
    url,
    process: running,
    query: (query, variables, headers) => postQuery(url, query, variables, headers),
    metric: (name, labels) => readMetric(url, name, labels),
    async kill() {
      if (running.child.exitCode !== null || running.child.signalCode !== null) return;
      running.child.kill('SIGKILL');
      await running.exited;
    },
  };
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const token = `fleet-token-${randomBytes(12).toString('hex')}`;
  const upstream = await startSampleUpstream({ token, ...options.upstream });
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DEBUG_EXTENSIONS: 'false',
    FASHIONAI_API_URL: upstream.url,
    FASHIONAI_APP_TOKEN: token,
    CACHE_URL: options.redisUrl,
    ...options.env,
  };
  const started = await Promise.allSettled(
    Array.from({ length: options.count ?? 3 }, () => startReplica(env)),
  );
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await upstream.close();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  await Promise.all(replicas.map((r) => waitForSharedCache(r.url, 'up', 30_000)));
  return { upstream, token, replicas, close };
}
