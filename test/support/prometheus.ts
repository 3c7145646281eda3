// The real Prometheus tools for the alerting tests: `promtool` (check/test rules, check
// metrics) and a `prometheus` server on loopback scraping a gateway. Debian's `prometheus`
// package provides both; where they are missing the tests skip and say why.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.ts';

/** The path of `name` on PATH (or /usr/bin), or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin']) {
    if (!dir) continue;
    const path = join(dir, name);
    if (spawnSync(path, ['--version'], { stdio: 'ignore' }).status === 0) return path;
  }
  return undefined;
}

export interface ToolRun {
  status: number | null;
  output: string;
}

/** Runs promtool with `args`, `input` on its stdin; stdout and stderr together. */
export function promtool(path: string, args: string[], input?: string): ToolRun {
  const run = spawnSync(path, args, { input, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

export interface PrometheusServer {
  url: string;
  /** GET /api/v1/<path>; the `data` of the answer, throwing on an error answer. */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
  close(): Promise<void>;
  logs(): string;
}

export interface PrometheusOptions {
  /** host:port of the gateway to scrape. */
  target: string;
  /** Rule files' text, written beside the configuration. */
  rules: string[];
  intervalSeconds?: number;
}

/** Starts `prometheus` on a free loopback port with a throwaway data directory. */
export async function startPrometheus(
  binary: string,
  options: PrometheusOptions,
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-prometheus-'));
  const interval = `${options.intervalSeconds ?? 1}s`;
  const ruleFiles = options.rules.map((text, i) => {
    const file = join(dir, `rules-${i}.yml`);
    writeFileSync(file, text);
    return file;
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      rule_files: ruleFiles,
      scrape_configs: [
        {
          job_name: 'fashionai-gateway',
          scrape_interval: interval,
          static_configs: [{ targets: [options.target] }],
        },
      ],
    }),
  );
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`prometheus exited at start:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`prometheus not ready within 15 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async api<T>(path: string, params: Record<string, string> = {}) {
      const res = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
      return body.data;
    },
    close,
    logs: () => output,
  };
}
