// Turns the results into what a person reads (a markdown table, the gateway-to-baseline ratios,
// the memory and burst details) and what a tool reads (one JSON file per run in bench/results/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import type { CheckOutcome } from './checks.ts';
import type { ScenarioName, ScenarioResult, Settings, TargetName } from './results.ts';

const fixed = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: unknown): string =>
  typeof bytes === 'number' ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : 'n/a';

/** Other processes using this much CPU during a run make its figures suspect. */
const noisyCores = 0.2;

export function resultTable(results: ScenarioResult[]): string {
  const header =
    '| scenario | target | req/s | p50 ms | p97.5 ms | p99 ms | CPU µs/req | upstream calls/req | max in flight | errors | valid |';
  const rule = '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const rows = results.map((r) => {
    const errors = r.errors.non2xx + r.errors.transport + r.errors.graphql + r.errors.wrongData;
    return `| ${r.scenario} | ${r.target} | ${fixed(r.reqPerSec)} | ${fixed(r.latencyMs.p50, 1)} | ${fixed(r.latencyMs.p97_5, 1)} | ${fixed(r.latencyMs.p99, 1)} | ${fixed(r.cpuMicrosPerRequest)} | ${fixed(r.upstreamCallsPerRequest, 2)} | ${r.maxInFlight} | ${errors} | ${r.valid ? 'yes' : '**INVALID**'} |`;
  });
  return [header, rule, ...rows].join('\n');
}

export interface Ratio {
  name: string;
  value: number | null;
}

export function ratios(results: ScenarioResult[]): Ratio[] {
  const pick = (scenario: ScenarioName, target: TargetName) =>
    results.find((r) => r.scenario === scenario && r.target === target);
  const divide = (a: number | undefined, b: number | undefined): number | null =>
    a === undefined || b === undefined || b === 0 ? null : a / b;
  const gateway = (scenario: ScenarioName) => pick(scenario, 'gateway');
  return [
    {
      name: 'hot req/s: gateway / RESTDataSource',
      value: divide(gateway('hot')?.reqPerSec, pick('hot', 'RESTDataSource')?.reqPerSec),
    },
    {
      name: 'hot CPU per request: gateway / RESTDataSource',
      value: divide(
        gateway('hot')?.cpuMicrosPerRequest,
        pick('hot', 'RESTDataSource')?.cpuMicrosPerRequest,
      ),
    },
    {
      name: 'hot CPU per request: gateway / raw node:http',
      value: divide(gateway('hot')?.cpuMicrosPerRequest, pick('hot', 'raw')?.cpuMicrosPerRequest),
    },
    {
      name: 'hot-varied CPU per request: gateway / gateway (base)',
      value: divide(
        gateway('hot-varied')?.cpuMicrosPerRequest,
        pick('hot-varied', 'gateway (base)')?.cpuMicrosPerRequest,
      ),
    },
    {
      name: 'hot-varied CPU per request: gateway on Redis Cluster / gateway on Redis',
      value: divide(
        pick('hot-varied', 'gateway on Redis Cluster')?.cpuMicrosPerRequest,
        pick('hot-varied', 'gateway on Redis')?.cpuMicrosPerRequest,
      ),
    },
    {
      name: 'hot CPU per request: gateway on Redis Cluster / gateway on Redis',
      value: divide(
        pick('hot', 'gateway on Redis Cluster')?.cpuMicrosPerRequest,
        pick('hot', 'gateway on Redis')?.cpuMicrosPerRequest,
      ),
    },
    {
      name: 'hot-varied req/s: gateway / RESTDataSource',
      value: divide(
        gateway('hot-varied')?.reqPerSec,
        pick('hot-varied', 'RESTDataSource')?.reqPerSec,
      ),
    },
    {
      name: 'hot-varied CPU per request: gateway / raw node:http',
      value: divide(
        gateway('hot-varied')?.cpuMicrosPerRequest,
        pick('hot-varied', 'raw')?.cpuMicrosPerRequest,
      ),
    },
    {
      name: 'cold req/s: gateway / upstream alone',
      value: divide(gateway('cold')?.reqPerSec, pick('cold', 'upstream alone')?.reqPerSec),
    },
    {
      name: 'cold req/s: gateway / RESTDataSource',
      value: divide(gateway('cold')?.reqPerSec, pick('cold', 'RESTDataSource')?.reqPerSec),
    },
    {
      name: 'burst upstream calls: gateway / RESTDataSource',
      value: divide(
        gateway('burst')?.upstreamCalls,
        pick('burst', 'RESTDataSource')?.upstreamCalls,
      ),
    },
  ];
}

function details(results: ScenarioResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const where = `${r.scenario} / ${r.target}`;
    if (!r.valid) lines.push(`- **INVALID** ${where}: ${r.invalidReasons.join('; ')}`);
    if (r.foreignCores >= noisyCores) {
      lines.push(
        `- noisy: ${where}: other processes on this machine used ${r.foreignCores.toFixed(2)} cores meanwhile; its figures are likely low`,
      );
    }
    if (r.notes['probeCallsPerRequest'] !== undefined) {
      const probes = r.notes['probeCallsPerRequest'] as number[];
      lines.push(`- ${where}: upstream calls per batch, one batch at a time: ${probes.join(', ')}`);
    }
    if (typeof r.notes['responseCacheHitShare'] === 'number') {
      const share = (r.notes['responseCacheHitShare'] * 100).toFixed(2);
      lines.push(
        `- ${where}: whole-response cache answered ${share} % (${fixed(r.notes['responseCacheHits'] as number)} requests); the rest took the full GraphQL path`,
      );
    }
    if (r.scenario === 'burst') {
      const calls = (r.notes['upstreamCallsPerBurst'] as number[]).join(', ');
      lines.push(
        `- ${where}: upstream calls per burst of ${String(r.notes['burstSize'])}: ${calls}`,
      );
    }
    if (r.scenario === 'memory') {
      const n = r.notes;
      lines.push(
        `- ${where}: ${fixed(n['customers'] as number)} distinct customers; peak RSS ${mib(r.peakRssBytes)} (VmHWM ${mib(n['hwmBytes'])}, RSS at end ${mib(n['rssBytesAtEnd'])}); heap after GC: before ${mib(n['heapBytesBefore'])}, at ${fixed(n['halfCustomers'] as number)} ${mib(n['heapBytesAtHalf'])}, at ${fixed(n['customers'] as number)} ${mib(n['heapBytesAtEnd'])}`,
      );
    }
  }
  return lines;
}

export function markdownReport(
  results: ScenarioResult[],
  settings: Settings,
  failures: string[],
): string {
  const ratioLines = ratios(results).map(
    (ratio) => `- ${ratio.name}: ${ratio.value === null ? 'n/a' : `${ratio.value.toFixed(2)}×`}`,
  );
  return [
    `## Bench: ${settings.durationSeconds} s per scenario, ${settings.connections} connections, upstream latency ${settings.latencyMs} ms, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
    '',
    resultTable(results),
    '',
    '### Ratios',
    ...ratioLines,
    '',
    '### Details',
    ...details(results),
    ...failures.map((failure) => `- **FAILED** ${failure}`),
  ].join('\n');
}

export function checkReport(outcomes: CheckOutcome[]): string {
  return [
    '### Checks',
    ...outcomes.map((o) => `- ${o.ok ? 'ok  ' : 'FAIL'} ${o.name} (${o.detail})`),
  ].join('\n');
}

/** Writes every figure of the run to bench/results/<timestamp>.json; returns the path. */
export function writeJson(
  results: ScenarioResult[],
  settings: Settings,
  extra: { failures: string[]; checks?: CheckOutcome[] },
): string {
  const directory = join(import.meta.dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const startedAt = new Date();
  const path = join(directory, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    platform: process.platform,
  };
  const document = {
    writtenAt: startedAt,
    settings,
    machine,
    results,
    ratios: ratios(results),
    ...extra,
  };
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}
