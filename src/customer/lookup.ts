// A customer lookup (CustomerLookup input, a federation representation or a token claim)
// validated and normalised into one canonical key, so that every spelling of the same
// identifier shares one DataLoader entry, one in-flight fetch and one cache entry.

export type LookupKind = 'email' | 'phone' | 'document' | 'userProfileId';

export const LOOKUP_KINDS: readonly LookupKind[] = ['email', 'phone', 'document', 'userProfileId'];

export interface CustomerLookup {
  readonly kind: LookupKind;
  /** The normalised identifier: e-mail trimmed and lower-cased, phone/document digits only. */
  readonly value: string;
  /** `kind:value`, the identity of the lookup everywhere in the gateway. */
  readonly key: string;
}

export type LookupInput = Partial<Record<LookupKind, string | null | undefined>>;

/** The caller asked for something that cannot be a customer identifier (BAD_USER_INPUT). */
export class InvalidLookupError extends Error {
  readonly code = 'BAD_USER_INPUT';
  override name = 'InvalidLookupError';
}

export const MAX_IDENTIFIER_LENGTH = 254;

// Control characters, and the invisible formatting ones, are never part of an identifier.
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;
// Separators people type into phone numbers and Brazilian documents (CPF 123.456.789-00,
// CNPJ 12.345.678/0001-90); anything else that is not a digit is an error.
const PHONE_SEPARATORS = /[\s()+\-.]/g;
const DOCUMENT_SEPARATORS = /[\s.\-/]/g;
const DIGITS = /^\d+$/;

function invalid(kind: LookupKind, why: string): InvalidLookupError {
  return new InvalidLookupError(`Invalid ${kind}: ${why}`);
}

function normaliseValue(kind: LookupKind, raw: string): string {
  if (raw.length > MAX_IDENTIFIER_LENGTH) {
    throw invalid(kind, `longer than ${MAX_IDENTIFIER_LENGTH} characters`);
  }
  const trimmed = raw.trim();
  if (trimmed === '') throw invalid(kind, 'empty');
  if (CONTROL.test(trimmed)) throw invalid(kind, 'contains control characters');
  // A lone UTF-16 surrogate has no UTF-8 form: it could not be percent-encoded into a path.
  if (!trimmed.isWellFormed()) throw invalid(kind, 'not well-formed Unicode');
  switch (kind) {
    case 'email': {
      const email = trimmed.toLowerCase();
      if (!EMAIL.test(email)) throw invalid(kind, 'not an e-mail address');
      return email;
    }
    case 'phone': {
      const digits = trimmed.replace(PHONE_SEPARATORS, '');
      if (!DIGITS.test(digits)) throw invalid(kind, 'must be digits with country code');
      if (digits.length < 8 || digits.length > 15) throw invalid(kind, 'must have 8 to 15 digits');
      return digits;
    }
    case 'document': {
      const digits = trimmed.replace(DOCUMENT_SEPARATORS, '');
      if (!DIGITS.test(digits)) throw invalid(kind, 'must be digits');
      return digits;
    }
    case 'userProfileId':
      // Dot segments would be resolved away by URL normalisation somewhere on the way.
      if (trimmed === '.' || trimmed === '..') throw invalid(kind, 'not an id');
      return trimmed;
  }
}

export function lookupOf(kind: LookupKind, raw: string): CustomerLookup {
  if (typeof raw !== 'string') throw invalid(kind, 'must be a string');
  const value = normaliseValue(kind, raw);
  return { kind, value, key: `${kind}:${value}` };
}

/** Validates a oneOf input: exactly one identifier must be given. */
export function parseLookup(input: LookupInput): CustomerLookup {
  const given = LOOKUP_KINDS.filter((k) => input[k] !== undefined && input[k] !== null);
  if (given.length !== 1) {
    throw new InvalidLookupError(
      `Give exactly one of email, phone, document or userProfileId (got ${given.length})`,
    );
  }
  const kind = given[0] as LookupKind;
  return lookupOf(kind, input[kind] as string);
}
