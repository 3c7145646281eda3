// deploy/docker-compose.yml stays runnable without a container engine here (`docker compose
// config` is not available on this machine or in CI): a structure check of the compose file,
// every file it mounts exists, Prometheus's configuration passes `promtool check config` with
// the rules it mounts, and Grafana is provisioned with the generated dashboard.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findTool, promtool } from '../support/prometheus.ts';

const deploy = new URL('../../deploy/', import.meta.url).pathname;
const read = (path: string) => parse(readFileSync(join(deploy, path), 'utf8')) as unknown;

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  volumes?: string[];
  depends_on?: string[] | Record<string, unknown>;
}
const compose = read('docker-compose.yml') as { services: Record<string, Service> };
const services = compose.services;

/** host path → container path of a service's bind mounts. */
function mounts(service: Service): Map<string, string> {
  return new Map(
    (service.volumes ?? []).map((v) => {
      const [host, container] = v.split(':');
      return [host as string, container as string];
    }),
  );
}
const mountedAt = (service: Service, hostPath: string) => mounts(service).get(hostPath);

describe('deploy/docker-compose.yml', () => {
  it('is well formed: an image or build per service, known dependencies, host:container ports, mounted files present', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['router', 'gateway', 'redis', 'prometheus', 'grafana']),
    );
    for (const [name, service] of Object.entries(services)) {
      expect(Boolean(service.image) !== Boolean(service.build), `${name}: image or build`).toBe(
        true,
      );
      if (service.image) expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(services), `${name} → ${dep}`).toContain(dep);
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^\d+:\d+$/);
      for (const [host, container] of mounts(service)) {
        expect(() => statSync(join(deploy, host)), `${name} mounts ${host}`).not.toThrow();
        expect(container, name).toMatch(/^\//);
      }
    }
  });

  it('Prometheus scrapes the gateway replicas and loads the alert rules', () => {
    const prometheus = services.prometheus as Service;
    const config = read('prometheus/prometheus.yml') as {
      rule_files: string[];
      scrape_configs: Array<{ dns_sd_configs?: Array<{ names: string[]; port: number }> }>;
    };
    expect(config.rule_files).toEqual([mountedAt(prometheus, './prometheus/alerts.yml')]);
    expect(mountedAt(prometheus, './prometheus/prometheus.yml')).toBe(
      '/etc/prometheus/prometheus.yml',
    );
    const sd = config.scrape_configs[0]?.dns_sd_configs?.[0];
    expect(sd?.names).toEqual(['gateway']);
    expect(sd?.port).toBe(4000);
  });

  const tool = findTool('promtool');
  it.skipIf(!tool)('Prometheus configuration passes `promtool check config`', () => {
    // The rule file at its path on this machine instead of the container's.
    const config = read('prometheus/prometheus.yml') as { rule_files: string[] };
    config.rule_files = [join(deploy, 'prometheus/alerts.yml')];
    const dir = mkdtempSync(join(tmpdir(), 'compose-prometheus-'));
    try {
      writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
      const run = promtool(tool as string, ['check', 'config', join(dir, 'prometheus.yml')]);
      expect(run.output).toContain('SUCCESS');
      expect(run.status, run.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Grafana is provisioned with Prometheus as data source and the generated dashboard', () => {
    const grafana = services.grafana as Service;
    const datasources = read('grafana/provisioning/datasources/prometheus.yml') as {
      datasources: Array<{ type: string; url: string; isDefault: boolean }>;
    };
    expect(datasources.datasources[0]).toMatchObject({
      type: 'prometheus',
      url: 'http://prometheus:9090',
      isDefault: true,
    });
    expect(services.prometheus?.ports).toContain('9090:9090');
    const providers = read('grafana/provisioning/dashboards/fashionai-gateway.yml') as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    const dashboard = mountedAt(grafana, './grafana/fashionai-gateway.json');
    expect(dashboard && posix.dirname(dashboard)).toBe(providers.providers[0]?.options.path);
    expect(mountedAt(grafana, './grafana/provisioning/dashboards')).toBe(
      '/etc/grafana/provisioning/dashboards',
    );
    expect(mountedAt(grafana, './grafana/provisioning/datasources')).toBe(
      '/etc/grafana/provisioning/datasources',
    );
    const json = JSON.parse(readFileSync(join(deploy, 'grafana/fashionai-gateway.json'), 'utf8'));
    expect(json.uid).toBe('fashionai-gateway');
  });
});
