// `npm run bench:profile`: runs the gateway under `--cpu-prof` with hot-varied traffic and prints
// where its CPU went — self time per request, grouped by the layer of the request path that
// spent it — so a cut can be aimed at the biggest layer and its effect read in the same terms.
// Usage: node bench/probes/profile.ts [--duration s] [--env NAME=value ...] [--top n] [--base <dir>]
// (--base profiles the gateway of another checkout, e.g. the one before a change.)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FreshCustomers } from '../customers.ts';
import { storefrontPlan, warmStorefront } from '../hot-varied.ts';
import { runLoad } from '../load.ts';
import { settingsFrom } from '../options.ts';
import { installCleanup, startGateway, startUpstream } from '../processes.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The layer of the request path a function belongs to, from where its code lives. */
const layers: Array<[RegExp, string]> = [
  [/\/node_modules\/graphql\/execution\//, 'graphql-js execute'],
  [/\/node_modules\/graphql\/validation\//, 'graphql-js validate'],
  [/\/node_modules\/graphql\/language\//, 'graphql-js parse/print/visit'],
  [/\/node_modules\/graphql\//, 'graphql-js other'],
  [/\/node_modules\/graphql-jit\//, 'graphql-jit'],
  [/\/node_modules\/@apollo\/server\//, 'Apollo Server'],
  [/\/node_modules\/@apollo\/utils/, 'Apollo utils'],
  [/\/node_modules\/@as-integrations\/fastify\//, 'Apollo–Fastify integration'],
  [/\/node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify)\//, 'Fastify'],
  [/\/node_modules\/(fast-json-stringify|secure-json-parse|fast-querystring)\//, 'Fastify'],
  [/\/node_modules\/@escape\.tech\//, 'graphql-armor limits'],
  [/\/node_modules\/dataloader\//, 'DataLoader'],
  [/\/node_modules\/(keyv|lru-cache|@keyv)\//, 'Keyv + lru-cache'],
  [/\/node_modules\/prom-client\//, 'prom-client'],
  [/\/node_modules\/(pino|sonic-boom|fast-redact)/, 'pino'],
  [/\/node_modules\/@opentelemetry\//, 'OpenTelemetry'],
  [/\/node_modules\/([^/]+)\//, 'other packages'],
  [/\/src\/graphql\/plugins\//, 'our Apollo plugins'],
  [/\/src\/graphql\/resolvers\//, 'our resolvers'],
  [/\/src\/graphql\//, 'our graphql/ (context, cache, errors)'],
  [/\/src\/profiles\//, 'our profiles/ (loader, service, cache)'],
  [/\/src\/observability\//, 'our observability/'],
  [/\/src\//, 'our other src/'],
  [/^node:(internal\/)?(http|_http|net|stream|internal\/streams)/, 'node http/net/streams'],
  [/^node:/, 'node other'],
];

function layerOf(frame: CallFrame): string {
  if (frame.url === '') {
    if (frame.functionName === '(garbage collector)') return 'GC';
    if (frame.functionName === '(idle)') return 'idle';
    if (frame.functionName === '(program)') return 'V8/native (program)';
    return 'native/builtins';
  }
  for (const [pattern, layer] of layers) if (pattern.test(frame.url)) return layer;
  return 'other';
}

/** Sampling interval given to --cpu-prof-interval, µs. */
const intervalMicros = 250;

/**
 * Self time of the samples taken while the measured load ran (the window is in µs since the
 * gateway was spawned, which is within a few ms of when its profile starts). Each sample counts
 * one interval: the time deltas are wall-clock, and on a busy machine the gap while the thread
 * waited for a core would land on whatever frame it resumed in (typically a socket write).
 */
function summarise(
  profile: CpuProfile,
  window: { from: number; to: number },
  requests: number,
  top: number,
): string {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const layerMicros = new Map<string, number>();
  const functionMicros = new Map<string, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    at += profile.timeDeltas[i] ?? 0;
    if (!frame || at < window.from || at > window.to) return;
    const layer = layerOf(frame);
    layerMicros.set(layer, (layerMicros.get(layer) ?? 0) + intervalMicros);
    const where = frame.url.replace(/^.*\/(node_modules|src)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functionMicros.set(name, (functionMicros.get(name) ?? 0) + intervalMicros);
  });
  layerMicros.delete('idle');
  const busy = [...layerMicros.values()].reduce((a, b) => a + b, 0);
  const rows = (map: Map<string, number>, limit: number) =>
    [...map]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(
        ([name, micros]) =>
          `| ${name} | ${(micros / requests).toFixed(1)} | ${((micros / busy) * 100).toFixed(1)} % |`,
      );
  return [
    `Main thread busy ${(busy / requests).toFixed(1)} µs per request (${requests} requests profiled)`,
    '',
    '| layer | µs/request | share |',
    '|---|--:|--:|',
    ...rows(layerMicros, 40),
    '',
    `| top ${top} functions (self time) | µs/request | share |`,
    '|---|--:|--:|',
    ...rows(functionMicros, top),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '8' },
      env: { type: 'string', multiple: true, default: [] },
      top: { type: 'string', default: '25' },
      base: { type: 'string' },
    },
  });
  installCleanup();
  const env = settingsFrom(values.env);
  const token = 'bench-sample-upstream-token';
  const upstream = await startUpstream({ token, customerCount: 20_000, latencyMs: 20 });
  const directory = mkdtempSync(join(tmpdir(), 'gateway-profile-'));
  try {
    const spawnedAt = performance.now();
    const gateway = await startGateway({
      upstreamUrl: upstream.url,
      token,
      maxConcurrency: 32,
      nodeArgs: [
        '--cpu-prof',
        `--cpu-prof-dir=${directory}`,
        `--cpu-prof-interval=${intervalMicros}`,
      ],
      env,
      ...(values.base === undefined ? {} : { cwd: resolve(values.base) }),
    });
    const target = {
      name: 'gateway' as const,
      process: gateway,
      fresh: new FreshCustomers(20_000),
    };
    let window: { from: number; to: number };
    let outcome;
    try {
      await warmStorefront(target);
      const plan = storefrontPlan(target);
      await runLoad({ ...plan, connections: 32, duration: 2 });
      const from = performance.now() - spawnedAt;
      outcome = await runLoad({ ...plan, connections: 32, duration: Number(values.duration) });
      window = { from: from * 1000, to: (performance.now() - spawnedAt) * 1000 };
    } finally {
      await gateway.stop(); // a clean exit writes the profile
    }
    const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the gateway wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    const errors = outcome.non2xx + outcome.transportErrors + outcome.graphqlErrors;
    console.log(
      `hot-varied under --cpu-prof: ${outcome.reqPerSec.toFixed(0)} req/s, ${errors} errors${Object.keys(env).length > 0 ? `, ${values.env.join(' ')}` : ''}\n`,
    );
    console.log(summarise(profile, window, outcome.completed, Number(values.top)));
  } finally {
    rmSync(directory, { recursive: true, force: true });
    await upstream.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:profile failed:', error);
    process.exit(1);
  },
);
