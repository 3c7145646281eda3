// Service API keys (GATEWAY_API_KEYS): a presented key becomes the Caller named after it.
// Keys are compared as SHA-256 digests with timingSafeEqual, against every configured key
// without an early exit, so neither timing nor length tells an attacker how close they got.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SCOPE_ADMIN, SCOPE_DEBUG, SCOPE_READ } from './caller.ts';
import type { Caller } from './caller.ts';
import type { ApiKeySpec } from './settings.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export type ApiKeyVerifier = (presented: string) => Caller | undefined;

export function createApiKeyVerifier(specs: readonly ApiKeySpec[]): ApiKeyVerifier {
  const entries = specs.map((spec) => ({
    digest: digest(spec.key),
    caller: {
      kind: 'apiKey',
      name: spec.name,
      scopes: new Set([
        SCOPE_READ,
        ...(spec.admin ? [SCOPE_ADMIN] : []),
        ...(spec.debug ? [SCOPE_DEBUG] : []),
      ]),
    } satisfies Caller,
  }));
  return (presented) => {
    const candidate = digest(presented);
    let found: Caller | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.caller;
    }
    return found;
  };
}
