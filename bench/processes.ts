// Starts every process the bench measures (gateway, baselines, sample upstream) as a child,
// and makes sure none of them outlives the run, whether it ends normally, fails or is interrupted.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../test/support/net.ts';
import type { ChildMessage, ParentMessage } from './child-protocol.ts';
import type { UpstreamProcessOptions, UpstreamStats } from './upstream-process.ts';

const benchDir = import.meta.dirname;
const repoRoot = join(benchDir, '..');
const live = new Set<ChildProcess>();

/** A measured process: where to send load, and which pid to read /proc from. */
export interface TargetProcess {
  name: string;
  url: string;
  pid: number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  logTail(): string;
  stop(): Promise<void>;
}

export interface UpstreamProcess extends TargetProcess {
  stats(): Promise<UpstreamStats>;
  /** Zeroes the counters and returns them as they were just before. */
  reset(): Promise<UpstreamStats>;
}

/** Kills every child still running when the orchestrator exits or is interrupted. */
export function installCleanup(): void {
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping child processes`);
      process.exit(130);
    });
  }
}

function track(child: ChildProcess, name: string) {
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  live.add(child);
  child.once('exit', () => live.delete(child));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start`);
  return {
    pid,
    logTail: () => tail.trim(),
    stop: async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function describeExit(name: string, code: number | null, signal: string | null, tail: string) {
  const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
  return `${name} stopped during start-up (${how})${tail ? `; its last output:\n${tail}` : ''}`;
}

/** Forks a helper (bench/upstream-process.ts, a baseline) and waits for its `ready` message. */
async function forkHelper(
  name: string,
  script: string,
  options: unknown,
  env: Record<string, string> = {},
) {
  const child = fork(join(benchDir, script), [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const tracked = track(child, name);
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') resolve(message.url);
      else if (message.type === 'failed') reject(new Error(`${name} failed: ${message.message}`));
      else pending.get(message.id)?.(message.value);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(describeExit(name, code, signal, tracked.logTail()))),
    );
    child.send({ type: 'start', options } satisfies ParentMessage);
  });
  const command = (commandName: string): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value);
      });
      child.send({ type: 'command', id, name: commandName } satisfies ParentMessage);
    });
  return { name, url, ...tracked, command };
}

export async function startUpstream(options: UpstreamProcessOptions): Promise<UpstreamProcess> {
  const helper = await forkHelper('sample upstream', 'upstream-process.ts', options);
  return {
    ...helper,
    stats: async () => (await helper.command('stats')) as UpstreamStats,
    reset: async () => (await helper.command('reset')) as UpstreamStats,
  };
}

export async function startRawBaseline(answer: string): Promise<TargetProcess> {
  return forkHelper('raw node:http', 'baselines/raw.ts', { answer });
}

export async function startRestDataSourceBaseline(
  upstreamUrl: string,
  token: string,
): Promise<TargetProcess> {
  return forkHelper(
    'RESTDataSource',
    'baselines/rest-datasource.ts',
    { upstreamUrl, token },
    { NODE_ENV: 'production' },
  );
}

export interface GatewayOptions {
  upstreamUrl: string;
  token: string;
  maxConcurrency: number;
  /** Extra node flags, e.g. --cpu-prof (bench/probes/profile.ts). */
  nodeArgs?: string[];
  /** Extra settings, e.g. one whose effect is being measured. */
  env?: Record<string, string>;
  /** Checkout to run `src/main.ts` from (default: this one). */
  cwd?: string;
}

/**
 * Starts `node src/main.ts` in production mode, configured only through its environment (which
 * is given whole, so nothing from the caller's shell leaks into a measured run).
 */
export async function startGateway(options: GatewayOptions): Promise<TargetProcess> {
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    GATEWAY_AUTH: 'none',
    BENCH_EXPOSE_GC: '1',
    HOST: '127.0.0.1',
    PORT: String(port),
    FASHIONAI_API_URL: options.upstreamUrl,
    FASHIONAI_APP_TOKEN: options.token,
    UPSTREAM_MAX_CONCURRENCY: String(options.maxConcurrency),
    ...options.env,
  };
  const args = ['--expose-gc', ...(options.nodeArgs ?? []), 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = track(child, 'gateway');
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code, signal) =>
      reject(
        new Error(describeExit('gateway (node src/main.ts)', code, signal, tracked.logTail())),
      ),
    ),
  );
  exited.catch(() => undefined);
  await Promise.race([waitForHealth(`${url}/healthz`, 30_000), exited]);
  return { name: 'gateway', url, ...tracked };
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const healthy = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gateway did not answer 200 on ${url} within ${timeoutMs / 1000} s`);
}
