// Masks customer identifiers for logs: enough left to tell two lookups apart while debugging,
// not enough to recover the e-mail, phone or document of a real person.
import type { CustomerLookup } from '../profiles/lookup.ts';

function keepEnd(value: string, visible: number): string {
  if (value.length <= visible) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - visible)}${value.slice(-visible)}`;
}

/** `email:c***@example.com`, `phone:*********8888`, `document:*********00`, `userProfileId:dds***`. */
export function maskLookup(lookup: CustomerLookup): string {
  const { kind, value } = lookup;
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      return `email:${value.slice(0, Math.min(1, at))}***${value.slice(at)}`;
    }
    case 'phone':
      return `phone:${keepEnd(value, 4)}`;
    case 'document':
      return `document:${keepEnd(value, 2)}`;
    case 'userProfileId':
      return `userProfileId:${value.length > 6 ? value.slice(0, 3) : ''}***`;
  }
}
