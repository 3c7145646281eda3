// Summaries of measured samples, shared by the soaks and the benchmark.

/** The nearest-rank percentile (`percent` in 0–100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
