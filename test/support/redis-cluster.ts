// Real Redis topologies for the topology tests, from redis-server processes this test starts on
// free loopback ports: a Redis Cluster (3 primaries, 3 replicas, a short node timeout) and a
// Sentinel set-up. Each waits until its replicas finished their first sync, because an unsynced
// replica is never promoted; each node can be SIGKILLed like a lost host.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@keyv/redis';
import { sleep } from './harness.ts';
import { freePort } from './net.ts';
import { redisServerBinary } from './redis.ts';

const run = promisify(execFile);

export interface RedisNodeProcess {
  port: number;
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function startNode(
  port: number,
  dir: string,
  extra: string[] = [],
  configFile?: string,
): RedisNodeProcess {
  const binary = redisServerBinary() ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const config = configFile ? [configFile] : [];
  const child = spawn(binary, [...config, ...args, '--dir', dir, ...extra], { stdio: 'ignore' });
  children.add(child);
  return {
    port,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      children.delete(child);
    },
  };
}

export interface RedisCluster {
  nodes: RedisNodeProcess[];
  /** redis-cluster:// URL with every node as a seed (fred form). */
  url: string;
  /** The primary serving `key`'s slot now. */
  primaryOf(key: string): Promise<RedisNodeProcess>;
  /** Ports of the primaries, as a live node sees them. */
  primaries(): Promise<number[]>;
  close(): Promise<void>;
}

async function replicasSynced(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    const info = await cli(port, 'info', 'replication');
    if (/role:slave/.test(info) && !/master_link_status:up/.test(info)) return false;
    if (/master_sync_in_progress:1/.test(info)) return false;
  }
  return true;
}

export async function startCluster(nodeTimeoutMs = 1000): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-cluster-'));
  const ports: number[] = [];
  while (ports.length < 6) {
    // Cluster bus = port + 10000: keep both under 65536 and distinct.
    const port = await freePort();
    if (port < 55_000 && !ports.includes(port)) ports.push(port);
  }
  const nodes = ports.map((port) =>
    startNode(port, dir, [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      String(nodeTimeoutMs),
      '--cluster-replica-validity-factor',
      '0',
    ]),
  );
  for (const port of ports)
    await waitFor(`node ${port}`, async () => (await cli(port, 'ping')).includes('PONG'));
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  ]);
  await waitFor('cluster_state:ok', async () => {
    for (const port of ports)
      if (!(await cli(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
    return true;
  });
  await waitFor('replicas synced', async () => {
    const roles = await Promise.all(ports.map((p) => cli(p, 'info', 'replication')));
    return roles.filter((r) => /role:slave/.test(r)).length === 3 && (await replicasSynced(ports));
  });
  const cluster: RedisCluster = {
    nodes,
    url: `redis-cluster://127.0.0.1:${ports[0]}?${ports
      .slice(1)
      .map((p) => `node=127.0.0.1:${p}`)
      .join('&')}`,
    async primaries() {
      for (const node of nodes) {
        try {
          // <id> <ip:port@bus> <flags> …: a live primary has "master" and no "fail" flag.
          return (await cli(node.port, 'cluster', 'nodes'))
            .split('\n')
            .map((line) => line.split(' '))
            .filter(([, , flags = '']) => flags.includes('master') && !flags.includes('fail'))
            .map(([, address = '']) => Number(/:(\d+)@/.exec(address)?.[1]));
        } catch {
          // that node is down: ask the next
        }
      }
      return [];
    },
    async primaryOf(key) {
      for (const node of nodes) {
        try {
          const slot = Number((await cli(node.port, 'cluster', 'keyslot', key)).trim());
          const slots = JSON.parse(await jsonSlots(node.port)) as Array<[number, number, number]>;
          const owner = slots.find(([from, to]) => slot >= from && slot <= to);
          const found = nodes.find((n) => n.port === owner?.[2]);
          if (found) return found;
        } catch {
          // ask the next node
        }
      }
      throw new Error(`no primary found for ${key}`);
    },
    async close() {
      await Promise.all(nodes.map((n) => n.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** CLUSTER SLOTS as [from, to, primary port] triples. */
async function jsonSlots(port: number): Promise<string> {
  const client = createClient({
    url: `redis://127.0.0.1:${port}`,
    socket: { reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const slots = await client.clusterSlots();
    return JSON.stringify(slots.map((s) => [s.from, s.to, s.master.port]));
  } finally {
    client.destroy();
  }
}

/** Waits until every replica of the cluster (or set-up) is in sync with its primary. */
export async function waitForSync(ports: number[]): Promise<void> {
  await waitFor('replicas synced', () => replicasSynced(ports));
}

export interface RedisSentinelSetup {
  primary: RedisNodeProcess;
  replica: RedisNodeProcess;
  sentinels: RedisNodeProcess[];
  serviceName: string;
  url: string;
  /** The port the sentinels name as primary now. */
  primaryPort(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** A primary, one replica and two sentinels (quorum 1, down after 1 s). */
export async function startSentinels(serviceName = 'gateway'): Promise<RedisSentinelSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-sentinel-'));
  const [p, r, s1, s2] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const primary = startNode(p, dir);
  const replica = startNode(r, dir, ['--replicaof', '127.0.0.1', String(p)]);
  for (const port of [p, r]) {
    await waitFor(`node ${port}`, async () => (await cli(port, 'ping')).includes('PONG'));
  }
  const sentinels = [s1, s2].map((port) => {
    const file = join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `sentinel monitor ${serviceName} 127.0.0.1 ${p} 1`,
        `sentinel down-after-milliseconds ${serviceName} 1000`,
        `sentinel failover-timeout ${serviceName} 5000`,
        '',
      ].join('\n'),
    );
    return startNode(port, dir, ['--sentinel'], file);
  });
  await waitFor('replica synced', () => replicasSynced([r]));
  await waitFor('sentinels know the replica', async () => {
    for (const port of [s1, s2]) {
      if (!(await cli(port, 'sentinel', 'replicas', serviceName)).includes(String(r))) return false;
    }
    return true;
  });
  return {
    primary,
    replica,
    sentinels,
    serviceName,
    url: `redis-sentinel://127.0.0.1:${s1}?node=127.0.0.1:${s2}&sentinelServiceName=${serviceName}`,
    async primaryPort() {
      for (const port of [s1, s2]) {
        try {
          const lines = (await cli(port, 'sentinel', 'get-master-addr-by-name', serviceName)).split(
            '\n',
          );
          return Number(lines[1]);
        } catch {
          // ask the other
        }
      }
      return undefined;
    },
    async close() {
      await Promise.all([primary, replica, ...sentinels].map((n) => n.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
