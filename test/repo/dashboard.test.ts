// The generated Grafana dashboard: rows in the order on call reads them, every panel says
// what a bad value means (its description), every query goes to the chosen Prometheus and
// filters on the `job` variable. Its freshness is `npm run dashboard:check`; its queries run on
// a real Prometheus in test/process/prometheus-alerts.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDashboard } from '../../scripts/dashboard/build.ts';

interface JsonPanel {
  type: string;
  title: string;
  description?: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource: { uid: string } }>;
}
const committed = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/fashionai-gateway.json', import.meta.url), 'utf8'),
) as { uid: string; panels: JsonPanel[] };

describe('Grafana dashboard', () => {
  it('is the one the SDK builds (what dashboard:check guards)', () => {
    expect(JSON.parse(JSON.stringify(buildDashboard()))).toEqual(committed);
  });

  it('reads top to bottom: traffic and errors, latency, upstream, 429s, breaker and retries, stale and cache, fleet and budgets, process', () => {
    const rows = committed.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows.map((r) => r.split(/[ :]/)[0])).toEqual([
      'Traffic',
      'Latency',
      'Upstream',
      '429s',
      'Breaker',
      'Stale',
      'Fleet',
      'Process',
    ]);
  });

  it('every panel has a description of what a bad value means, and job-filtered queries on the chosen data source', () => {
    const panels = committed.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(20);
    for (const panel of panels) {
      expect(panel.description?.length ?? 0, panel.title).toBeGreaterThan(80);
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr, panel.title).toContain('job=~"$job"');
        expect(target.datasource.uid).toBe('${datasource}');
      }
    }
  });
});
