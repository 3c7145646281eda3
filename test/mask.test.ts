// Identifier masking for logs: each kind keeps just enough to tell lookups apart.
import { describe, expect, it } from 'vitest';
import { maskLookup } from '../src/observability/mask.ts';
import { lookupOf } from '../src/profiles/lookup.ts';

describe('maskLookup', () => {
  it.each([
    ['email', 'Customer@Example.com', 'email:c***@example.com'],
    ['email', 'a@b.co', 'email:a***@b.co'],
    ['phone', '+55 (11) 99999-8888', 'phone:*********8888'],
    ['document', '123.456.789-00', 'document:*********00'],
    ['userProfileId', 'ddsd23223', 'userProfileId:dds***'],
    ['userProfileId', 'abc', 'userProfileId:***'],
  ] as const)('masks %s %s as %s', (kind, raw, masked) => {
    expect(maskLookup(lookupOf(kind, raw))).toBe(masked);
  });
});
