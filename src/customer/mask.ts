// Identifiers as logs may show them: enough to correlate a support ticket, never the whole
// e-mail, phone or document (customer personal data must not end up in log storage).
import type { LookupKind } from './lookup.ts';

function tail(value: string, keep: number): string {
  // Never reveal more than half of a short value.
  const shown = Math.min(keep, Math.floor(value.length / 2));
  return `***${shown > 0 ? value.slice(-shown) : ''}`;
}

/**
 * `customer@example.com` → `c***@example.com`; phone `5511999998888` → `***8888`;
 * document `12345678900` → `***900`; userProfileId `ddsd23223` → `dds***`.
 */
export function maskIdentifier(kind: LookupKind, value: string): string {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return '***';
      return `${value.slice(0, 1)}***${value.slice(at)}`;
    }
    case 'phone':
      return tail(value, 4);
    case 'document':
      return tail(value, 3);
    case 'userProfileId':
      return value.length < 6 ? '***' : `${value.slice(0, 3)}***`;
  }
}

/** `kind:masked`, for a log field describing one lookup. */
export function maskLookup(lookup: { kind: LookupKind; value: string }): string {
  return `${lookup.kind}:${maskIdentifier(lookup.kind, lookup.value)}`;
}
