// `promtool check metrics` on a live /metrics, as an operator would run it: the gateway's
// series and the default process ones follow Prometheus's naming rules (no gauge named
// `…_total`, units in names, help on every series).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';
import { findTool, promtool } from '../../support/prometheus.ts';

const tool = findTool('promtool');
if (!tool) console.warn('promtool is not installed (Debian package `prometheus`): skipping');

describe.skipIf(!tool)('promtool check metrics on a live /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { UPSTREAM_QUOTA_PER_SECOND: '50' } });
  });
  afterAll(() => h?.close());

  it('finds nothing to complain about, after traffic of every kind', async () => {
    const c = sampleCustomer(7);
    await h.query(`query Probe { customer(by: { email: "${c.email}" }) { userProfileId } }`);
    await h.query('{ customer(by: { email: "not-an-email" }) { userProfileId } }');
    await h.query('{ customer(by: { email: "nobody-here@example.com" }) { userProfileId } }');
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toContain('# TYPE gateway_upstream_requests_total counter');
    expect(text).toContain('# TYPE nodejs_active_handles gauge');

    const run = promtool(tool as string, ['check', 'metrics'], text);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});
