// Runs the sample upstream on its own, e.g. for manual testing or pointing a gateway at it:
//   node src/sample-upstream/main.ts --port 4010 --token demo-token --latency 20 --customers 1000
//   (--quota 100 answers 429 beyond 100 calls per second, as a vendor's plan would)
import { parseArgs } from 'node:util';
import { startSampleUpstream } from './server.ts';
import type { SampleUpstreamOptions } from './types.ts';

const USAGE =
  'usage: node src/sample-upstream/main.ts --token TOKEN [--port 4010] [--host 127.0.0.1]\n' +
  '       [--latency MS | --latency MIN-MAX] [--customers 1000] [--base-path /api/v1/crm]\n' +
  '       [--quota CALLS_PER_SECOND]';

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function positive(name: string, text: string): number {
  const n = wholeNumber(name, text);
  if (n < 1) throw new Error(`--${name} must be at least 1, got "${text}"`);
  return n;
}

function latency(text: string): SampleUpstreamOptions['latencyMs'] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    return { min: Number(range[1]), max: Number(range[2]) };
  }
  return wholeNumber('latency', text);
}

function optionsFromArgs(): SampleUpstreamOptions {
  const { values } = parseArgs({
    options: {
      token: { type: 'string' },
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      latency: { type: 'string', default: '0' },
      customers: { type: 'string', default: '1000' },
      'base-path': { type: 'string', default: '/api/v1/crm' },
      quota: { type: 'string' },
    },
  });
  if (values.token === undefined || values.token === '') throw new Error('--token is required');
  return {
    token: values.token,
    host: values.host,
    port: wholeNumber('port', values.port),
    latencyMs: latency(values.latency),
    customerCount: wholeNumber('customers', values.customers),
    basePath: values['base-path'],
    ...(values.quota === undefined ? {} : { quotaPerSecond: positive('quota', values.quota) }),
  };
}

async function main(): Promise<void> {
  let options: SampleUpstreamOptions;
  try {
    options = optionsFromArgs();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const upstream = await startSampleUpstream(options);
  console.log(
    `Sample Fashion.AI upstream on ${upstream.url} (${options.customerCount} customers + the documented example)`,
  );
  const stop = (): void => {
    void upstream.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
