// The alert rules of deploy/prometheus/alerts.yml with every duration divided by a factor, for a
// live Prometheus run that must see an alert go pending → firing → resolved in seconds: range
// windows (`[5m]`) and `for:` shrink alike, thresholds and expressions stay as shipped.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function seconds(duration: string): number {
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

/** `[5m]` → `[10s]` for factor 30; never under `minSeconds` (a rate needs two scrapes). */
export function compressDuration(duration: string, factor: number, minSeconds = 3): string {
  return `${Math.max(minSeconds, Math.round(seconds(duration) / factor))}s`;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ expr: string; for?: string }> }>;
}

export function compressedRules(path: string, factor: number): string {
  const file = parse(readFileSync(path, 'utf8')) as RuleFile;
  for (const group of file.groups) {
    for (const rule of group.rules) {
      rule.expr = rule.expr.replace(
        /\[(\d+[smhd])\]/g,
        (_, d: string) => `[${compressDuration(d, factor)}]`,
      );
      if (rule.for) rule.for = compressDuration(rule.for, factor);
    }
  }
  return stringify(file);
}
