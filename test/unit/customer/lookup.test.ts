// Unit tests of the pure normalisation rules behind the DataLoader and cache keys.
import { describe, expect, it } from 'vitest';
import { InvalidLookupError, lookupOf, parseLookup } from '../../../src/customer/lookup.ts';

describe('lookup normalisation', () => {
  it('lower-cases and trims e-mails', () => {
    expect(lookupOf('email', '  Ana.Souza@Exemplo.COM.br ').key).toBe(
      'email:ana.souza@exemplo.com.br',
    );
  });
  it('keeps only the digits of formatted phones and documents', () => {
    expect(lookupOf('phone', '+55 (11) 99999-8888').value).toBe('5511999998888');
    expect(lookupOf('document', '123.456.789-00').value).toBe('12345678900');
    expect(lookupOf('document', '12.345.678/0001-90').value).toBe('12345678000190');
  });
  it('keeps a userProfileId as given, trimmed', () => {
    expect(lookupOf('userProfileId', ' ddsd23223 ').key).toBe('userProfileId:ddsd23223');
  });
  it.each([
    ['email', 'a@b'],
    ['email', 'a b@example.com'],
    ['phone', '123'],
    ['phone', '55 11 9999 abcd'],
    ['document', '12a'],
    ['userProfileId', '.'],
    ['userProfileId', 'x\u200by'],
  ] as const)('rejects %s %j', (kind, value) => {
    expect(() => lookupOf(kind, value)).toThrow(InvalidLookupError);
  });
  it('demands exactly one identifier', () => {
    expect(() => parseLookup({})).toThrow(/exactly one/);
    expect(() => parseLookup({ email: 'a@example.com', phone: '5511999998888' })).toThrow(
      /exactly one/,
    );
    expect(parseLookup({ email: 'a@example.com', phone: null }).kind).toBe('email');
  });
});
