// The alert rules shipped in deploy/prometheus/alerts.yml: valid for Prometheus (`promtool
// check rules`), proven by their unit tests (`promtool test rules`: each fires on the series
// it is for and stays silent on the ones it is not), and each tells the person paged what
// happened and where the runbook is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { anchorsOf } from '../../scripts/doc-links.ts';
import { findTool, promtool } from '../support/prometheus.ts';

const root = new URL('../../', import.meta.url).pathname;
const dir = join(root, 'deploy/prometheus');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  annotations?: Record<string, string>;
}
const rules = (
  parse(readFileSync(join(dir, 'alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Rule[] }>;
  }
).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r): r is Rule & { alert: string } => r.alert !== undefined);

interface UnitTest {
  alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }>;
}
const unitTests = (
  parse(readFileSync(join(dir, 'alerts.test.yml'), 'utf8')) as { tests: UnitTest[] }
).tests.flatMap((t) => t.alert_rule_test);

/** What the issue asks to be paged for, by the alert that answers it. */
const EXPECTED = [
  'GatewayVendorFailing',
  'GatewayVendorRateLimiting',
  'GatewayCircuitBreakerOpen',
  'GatewayServingStaleLong',
  'GatewayFleetNotCoordinated',
  'GatewayInternalErrors',
  'GatewayLatencyBudgetBurnFast',
  'GatewayLatencyBudgetBurnSlow',
  'GatewayEventLoopDelayHigh',
  'GatewayCallerOverBudget',
];

describe('alert rules', () => {
  it('cover every condition an operator is paged for, each with summary, description and a live runbook link', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([...EXPECTED].sort());
    const anchors = anchorsOf(join(root, 'docs/operations.md'));
    for (const alert of alerts) {
      const { summary, description, runbook_url: runbook } = alert.annotations ?? {};
      expect(summary, alert.alert).toBeTruthy();
      expect(description, alert.alert).toBeTruthy();
      expect(runbook, alert.alert).toMatch(/^docs\/operations\.md#[a-z0-9-]+$/);
      expect(anchors, `${alert.alert}: ${runbook}`).toContain(runbook?.split('#')[1]);
    }
    // Guards the anchor scan itself.
    expect(anchors).toContain('runbook');
  });

  it('each alert has a unit test where it fires and one where it stays silent', () => {
    for (const name of EXPECTED) {
      const cases = unitTests.filter((t) => t.alertname === name);
      expect(
        cases.some((t) => t.exp_alerts.length > 0),
        `${name} fires somewhere`,
      ).toBe(true);
      expect(
        cases.some((t) => t.exp_alerts.length === 0),
        `${name} stays silent somewhere`,
      ).toBe(true);
    }
  });

  const tool = findTool('promtool');
  if (!tool) console.warn('promtool is not installed (Debian package `prometheus`): skipping');

  it.skipIf(!tool)('pass `promtool check rules`', () => {
    const run = promtool(tool as string, ['check', 'rules', join(dir, 'alerts.yml')]);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(run.status).toBe(0);
  });

  it.skipIf(!tool)('pass their unit tests (`promtool test rules`)', () => {
    const run = promtool(tool as string, ['test', 'rules', join(dir, 'alerts.test.yml')]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status, run.output).toBe(0);
  });
});
