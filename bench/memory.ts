// The memory scenario: a long stream of distinct customers at full speed, to show that the
// in-process cache is bounded — heap after GC at half-way and at the end should be about equal.
// The heap figure needs the gateway's GET /debug/heap (BENCH_EXPOSE_GC=1 and --expose-gc).
import { customerBody } from './customers.ts';
import { runLoad } from './load.ts';
import { meterProcess, readMemory } from './measure.ts';
import { summarise, type ScenarioResult, type Target } from './results.ts';
import { graphqlPlan, settle, type Bench } from './scenarios.ts';

/** Heap in use right after a full GC, as the gateway reports it; null when it does not. */
async function heapAfterGc(target: Target): Promise<number | null> {
  try {
    const response = await fetch(`${target.process.url}/debug/heap`);
    if (!response.ok) return null;
    const body = (await response.json()) as { heapUsed?: unknown };
    return typeof body.heapUsed === 'number' ? body.heapUsed : null;
  } catch {
    return null;
  }
}

export async function memory(bench: Bench, target: Target): Promise<ScenarioResult> {
  const { settings, upstream, oracle } = bench;
  const total = settings.memoryCustomers;
  const half = Math.floor(total / 2);
  const heapBefore = await heapAfterGc(target);
  let heapAtHalf: Promise<number | null> = Promise.resolve(null);
  await upstream.reset();
  const meter = meterProcess(target.process.pid, [upstream.pid]);
  const outcome = await runLoad({
    ...graphqlPlan(target, () => {
      const index = target.fresh.next();
      return { body: customerBody(index), expect: { kind: 'customer', index } };
    }),
    connections: settings.connections,
    amount: total,
    onCompleted(completed) {
      // Asked while the load goes on: the GC pause then lands in the measured latencies,
      // as it would in production, rather than in a quiet gap.
      if (completed === half) heapAtHalf = heapAfterGc(target);
    },
  });
  const stats = await settle(upstream);
  const usage = meter.stop();
  const heapAtEnd = await heapAfterGc(target);
  const afterGc = readMemory(target.process.pid);
  return summarise({
    scenario: 'memory',
    target,
    ...outcome,
    cpuMicros: usage.cpuMicros,
    peakRssBytes: usage.peakRssBytes,
    foreignCores: usage.foreignCores,
    upstreamCalls: stats.calls,
    maxInFlight: stats.maxInFlight,
    dataCheck: await oracle.check(outcome.samples),
    notes: {
      customers: total,
      halfCustomers: half,
      heapBytesBefore: heapBefore,
      heapBytesAtHalf: await heapAtHalf,
      heapBytesAtEnd: heapAtEnd,
      rssBytesAtEnd: afterGc.rssBytes,
      hwmBytes: afterGc.hwmBytes,
    },
  });
}
