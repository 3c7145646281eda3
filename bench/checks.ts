// The CI gate (`--check`): fails only on gross regressions of the gateway — too much CPU per
// cached request, a burst or a batch that costs more upstream calls than it should, errors or
// wrong data, or more upstream requests in flight than the configured cap.
import { batchSize } from './customers.ts';
import type { ScenarioName, ScenarioResult, Settings } from './results.ts';

export interface CheckOutcome {
  name: string;
  ok: boolean;
  detail: string;
}

export const hotCpuLimitMicros = 300;
/**
 * Storefront traffic on cached profiles (the full GraphQL path): ~230 µs on a quiet 2-vCPU
 * machine, up to ~450 under heavy sharing; four times the quiet figure is a gross regression.
 */
export const hotVariedCpuLimitMicros = 1000;

export function runChecks(results: ScenarioResult[], settings: Settings): CheckOutcome[] {
  const gateway = results.filter((result) => result.target === 'gateway');
  const find = (scenario: ScenarioName) => gateway.find((result) => result.scenario === scenario);
  const missing = (scenario: ScenarioName): CheckOutcome => ({
    name: `gateway ${scenario} scenario ran`,
    ok: false,
    detail: 'no result (the gateway did not start or the scenario failed)',
  });
  const outcomes: CheckOutcome[] = [];

  const hot = find('hot');
  if (hot === undefined) outcomes.push(missing('hot'));
  else {
    outcomes.push({
      name: `hot CPU per request <= ${hotCpuLimitMicros} µs`,
      ok: hot.cpuMicrosPerRequest <= hotCpuLimitMicros,
      detail: `${hot.cpuMicrosPerRequest.toFixed(0)} µs`,
    });
  }

  const hotVaried = find('hot-varied');
  if (hotVaried === undefined) outcomes.push(missing('hot-varied'));
  else {
    outcomes.push({
      name: `hot-varied CPU per request <= ${hotVariedCpuLimitMicros} µs`,
      ok: hotVaried.cpuMicrosPerRequest <= hotVariedCpuLimitMicros,
      detail: `${hotVaried.cpuMicrosPerRequest.toFixed(0)} µs`,
    });
  }

  const burst = find('burst');
  if (burst === undefined) outcomes.push(missing('burst'));
  else {
    const perBurst = (burst.notes['upstreamCallsPerBurst'] as number[] | undefined) ?? [];
    outcomes.push({
      name: 'burst of identical requests costs at most 1 upstream call',
      ok: perBurst.length > 0 && perBurst.every((calls) => calls <= 1),
      detail: `upstream calls per burst: ${perBurst.join(', ') || 'none recorded'}`,
    });
  }

  const batchExpectations: Array<[ScenarioName, number]> = [
    ['batch-cold', batchSize.distinct],
    ['batch-hot', 0],
  ];
  for (const [scenario, expected] of batchExpectations) {
    const batch = find(scenario);
    if (batch === undefined) {
      outcomes.push(missing(scenario));
      continue;
    }
    const probes = (batch.notes['probeCallsPerRequest'] as number[] | undefined) ?? [];
    outcomes.push({
      name: `${scenario}: ${expected} upstream calls per batch of ${batchSize.lookups} lookups`,
      ok: probes.length > 0 && probes.every((calls) => calls === expected),
      detail: `probes: ${probes.join(', ') || 'none'}; under load: ${batch.upstreamCallsPerRequest.toFixed(2)}`,
    });
  }

  for (const result of gateway) {
    outcomes.push({
      name: `${result.scenario}: no errors, right data`,
      ok: result.valid,
      detail: result.valid
        ? `${result.dataCheck.checked} bodies checked`
        : result.invalidReasons.join('; '),
    });
    outcomes.push({
      name: `${result.scenario}: upstream in flight <= ${settings.maxConcurrency}`,
      ok: result.maxInFlight <= settings.maxConcurrency,
      detail: `max in flight ${result.maxInFlight}`,
    });
  }
  return outcomes;
}
