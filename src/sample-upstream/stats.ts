// Bookkeeping of what the sample upstream received, so tests can check what the gateway sent:
// call counts, concurrency, raw paths, headers and tokens, every list bounded in memory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentifierKind, SampleUpstreamStats } from './types.ts';

const MAX_RAW_PATHS = 1000;
const MAX_HEADER_RECORDS = 100;
const MAX_TOKENS_SEEN = 1000;
/** Past this many distinct identifiers the per-identifier counts start over (soak tests). */
const MAX_COUNTED_IDENTIFIERS = 500_000;

export const TOKEN_HEADER = 'x-fashionai-app-token';

function pushBounded<T>(list: T[], item: T, bound: number): void {
  list.push(item);
  if (list.length > bound) list.splice(0, list.length - bound);
}

export class StatsRecorder {
  readonly stats: SampleUpstreamStats = {
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    rawPaths: [],
    unauthorized: 0,
    byStatus: new Map(),
    tokensSeen: new Set(),
    requestHeaders: [],
  };
  #callsByIdentifier = new Map<string, number>();

  /** Records a request and tracks it as in flight until its response closes. */
  received(req: IncomingMessage, res: ServerResponse): void {
    const { stats } = this;
    pushBounded(stats.rawPaths, req.url ?? '', MAX_RAW_PATHS);
    pushBounded(stats.requestHeaders, { ...req.headers }, MAX_HEADER_RECORDS);
    const token = req.headers[TOKEN_HEADER];
    if (typeof token === 'string' && stats.tokensSeen.size < MAX_TOKENS_SEEN) {
      stats.tokensSeen.add(token);
    }
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.once('close', () => {
      stats.inFlight -= 1;
    });
    res.once('finish', () => {
      stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
    });
  }

  profileCall(kind?: IdentifierKind, identifier?: string): void {
    this.stats.calls += 1;
    if (kind === undefined || identifier === undefined) return;
    if (this.#callsByIdentifier.size >= MAX_COUNTED_IDENTIFIERS) this.#callsByIdentifier.clear();
    const key = `${kind}\u0000${identifier}`;
    this.#callsByIdentifier.set(key, (this.#callsByIdentifier.get(key) ?? 0) + 1);
  }

  unauthorized(): void {
    this.stats.unauthorized += 1;
  }

  callsFor(kind: IdentifierKind, identifier: string): number {
    return this.#callsByIdentifier.get(`${kind}\u0000${identifier}`) ?? 0;
  }

  /** Zeroes the counters in place (holders of `stats` see it); requests in flight stay counted. */
  reset(): void {
    const { stats } = this;
    stats.calls = 0;
    stats.unauthorized = 0;
    stats.byStatus.clear();
    stats.maxInFlight = stats.inFlight;
    stats.rawPaths.length = 0;
    stats.requestHeaders.length = 0;
    stats.tokensSeen.clear();
    this.#callsByIdentifier.clear();
  }
}
