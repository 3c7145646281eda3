// Runs the sample upstream in a process of its own, so its CPU never mixes with the measured
// target's, and reports its URL and call statistics to the orchestrator over IPC.
import { startSampleUpstream } from '../src/sample-upstream/index.ts';
import { runAsChild } from './child-protocol.ts';

export interface UpstreamProcessOptions {
  token: string;
  customerCount: number;
  latencyMs: number;
}

export interface UpstreamStats {
  calls: number;
  inFlight: number;
  maxInFlight: number;
}

runAsChild(async (raw) => {
  const options = raw as UpstreamProcessOptions;
  const upstream = await startSampleUpstream({
    token: options.token,
    host: '127.0.0.1',
    port: 0,
    customerCount: options.customerCount,
    latencyMs: options.latencyMs,
  });
  return {
    url: upstream.url,
    command(name) {
      const { calls, inFlight, maxInFlight } = upstream.stats;
      if (name === 'reset') upstream.resetStats();
      return { calls, inFlight, maxInFlight } satisfies UpstreamStats;
    },
    close: () => upstream.close(),
  };
});
