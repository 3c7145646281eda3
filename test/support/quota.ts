// Test helper for the sample upstream's quota mode: sums its per-second counts of accepted and
// refused calls over a span of seconds, for assertions and soak summaries.
import type { SampleUpstream } from '../../src/sample-upstream/index.ts';

export interface QuotaSummary {
  seconds: number;
  accepted: number;
  refused: number;
  /** Accepted calls per second over the span. */
  acceptedPerSecond: number;
  /** Share of the calls answered 429. */
  refusedShare: number;
}

/** Counts of the whole epoch seconds in [fromMs, toMs) (seconds without calls count as 0). */
export function quotaSummary(upstream: SampleUpstream, fromMs: number, toMs: number): QuotaSummary {
  const from = Math.ceil(fromMs / 1000);
  const to = Math.floor(toMs / 1000);
  let accepted = 0;
  let refused = 0;
  for (const s of upstream.quotaPerSecond()) {
    if (s.second < from || s.second >= to) continue;
    accepted += s.accepted;
    refused += s.refused;
  }
  const seconds = Math.max(1, to - from);
  const calls = accepted + refused;
  return {
    seconds,
    accepted,
    refused,
    acceptedPerSecond: accepted / seconds,
    refusedShare: calls === 0 ? 0 : refused / calls,
  };
}
