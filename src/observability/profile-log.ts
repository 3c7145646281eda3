// Log lines for what ProfileService reports (src/profiles/service.ts): a stale profile served
// because Fashion.AI failed (a warning), or while a refresh runs behind (debug), and a failed
// background refresh. Only the lookup's kind and the error code are logged, never the identifier.
import type { Logger } from 'pino';
import type { CustomerLookup } from '../customer/lookup.ts';
import { UpstreamError } from '../upstream/errors.ts';

/** ProfileService's events, as this log reads them (its ProfileObserver, structurally). */
export interface ProfileLog {
  staleServed(event: {
    lookup: CustomerLookup;
    why: 'error' | 'revalidating';
    staleForMs: number;
    error?: unknown;
  }): void;
  refreshFailed(lookup: CustomerLookup, error: unknown): void;
}

const reasonOf = (error: unknown) => (error instanceof UpstreamError ? error.code : undefined);

export function profileLog(logger: Logger): ProfileLog {
  return {
    staleServed(event) {
      const fields = {
        lookupKind: event.lookup.kind,
        staleForSeconds: Math.round(event.staleForMs / 1000),
        reason: reasonOf(event.error),
      };
      if (event.why === 'error') logger.warn(fields, 'Served a stale profile: Fashion.AI failed');
      else logger.debug(fields, 'Served a stale profile while refreshing it');
    },
    refreshFailed(lookup, error) {
      logger.warn(
        { lookupKind: lookup.kind, reason: reasonOf(error) ?? 'INTERNAL' },
        'Background refresh of a stale profile failed',
      );
    },
  };
}
