// Identifiers of the sample customers: customer 0 is the documented example, customers 1..n get
// deterministic identifiers that can be parsed back into their index (no table is kept).
import { affinePermutation } from './permutation.ts';
import { words } from './pool-text.ts';
import { seededRandom } from './seeded-random.ts';
import type { IdentifierKind, SampleIdentifiers } from './types.ts';

export type Gender = 'f' | 'm';

export const EXAMPLE_IDENTIFIERS: Readonly<SampleIdentifiers> = Object.freeze({
  email: 'customer@example.com',
  phone: '5511999998888',
  document: '12345678900',
  userProfileId: 'ddsd23223',
});

/** The phone space (8 scrambled digits) bounds how many customers can exist. */
export const MAX_CUSTOMER_COUNT = 99_999_999;

const FEMALE_NAMES = words(`
  ana beatriz camila daniela eduarda fernanda gabriela helena isabela julia larissa leticia
  mariana natalia patricia rafaela sofia tatiana vanessa yasmin luana carolina bruna amanda
  renata
`);
const MALE_NAMES = words(`
  bruno carlos daniel eduardo felipe gabriel gustavo henrique igor joao lucas marcelo mateus
  nicolas pedro rafael rodrigo thiago vinicius leonardo andre diego fabio otavio samuel
`);
const SURNAMES = words(`
  silva santos oliveira souza rodrigues ferreira alves pereira lima gomes costa ribeiro
  martins carvalho almeida lopes soares fernandes vieira barbosa rocha dias nascimento
  andrade moreira nunes marques machado mendes freitas cardoso teixeira correia araujo pinto
  cavalcanti monteiro moura batista campos
`);
const EMAIL_DOMAINS = ['exemplo.com.br', 'example.com', 'example.com.br', 'exemplo.net.br'];
// Brazilian area codes; the example's 11 (São Paulo) comes first.
const AREA_CODES = ['11', '21', '31', '41', '51', '61', '71', '81', '85', '19', '27', '48'];

// Offsets chosen so that index 0 maps onto the example's digits: no generated customer can
// then collide with the example.
const PHONE_DIGITS = affinePermutation(100_000_000n, 61_803_399n, 99_998_888n);
const DOCUMENT_BASE = affinePermutation(1_000_000_000n, 618_033_989n, 123_456_789n);
const PROFILE_ID_SPACE = 36n ** 7n;
const PROFILE_ID = affinePermutation(PROFILE_ID_SPACE, 48_271_639_447n, 20_240_917n);

const SALT_GENDER = 0x51;
const SALT_NAME = 0x52;

export function customerGender(index: number): Gender {
  return seededRandom(index, SALT_GENDER).chance(0.55) ? 'f' : 'm';
}

/** Appends the two CPF check digits, so generated documents look like real CPFs. */
function withCpfCheckDigits(base: string): string {
  const digits = [...base].map(Number);
  for (let round = 0; round < 2; round += 1) {
    const weightStart = digits.length + 1;
    const sum = digits.reduce((acc, d, i) => acc + d * (weightStart - i), 0);
    const rest = sum % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return digits.join('');
}

function generatedIdentifiers(index: number): SampleIdentifiers {
  const random = seededRandom(index, SALT_NAME);
  const first = random.pick(customerGender(index) === 'f' ? FEMALE_NAMES : MALE_NAMES);
  const last = random.pick(SURNAMES);
  const domain = random.pick(EMAIL_DOMAINS);
  const areaCode = AREA_CODES[index % AREA_CODES.length] as string;
  const phoneDigits = PHONE_DIGITS.forward(index).toString().padStart(8, '0');
  const documentBase = DOCUMENT_BASE.forward(index).toString().padStart(9, '0');
  const profileId = PROFILE_ID.forward(index).toString(36).padStart(7, '0');
  return {
    email: `${first}.${last}.${index}@${domain}`,
    phone: `55${areaCode}9${phoneDigits}`,
    document: withCpfCheckDigits(documentBase),
    userProfileId: `fa${profileId}`,
  };
}

/** Identifiers of sample customer i; i = 0 is the documented example. */
export function sampleCustomer(i: number): SampleIdentifiers {
  if (!Number.isSafeInteger(i) || i < 0 || i > MAX_CUSTOMER_COUNT) {
    throw new RangeError(`sample customer index must be an integer in 0..${MAX_CUSTOMER_COUNT}`);
  }
  return i === 0 ? { ...EXAMPLE_IDENTIFIERS } : generatedIdentifiers(i);
}

function parseBase36(text: string): bigint {
  let value = 0n;
  for (const char of text) value = value * 36n + BigInt(parseInt(char, 36));
  return value;
}

/** The candidate index an identifier encodes, before checking it really belongs to it. */
function candidateIndex(kind: IdentifierKind, value: string): bigint | undefined {
  switch (kind) {
    case 'email': {
      const match = /^[a-z]+\.[a-z]+\.([1-9]\d{0,8})@[a-z.]+$/.exec(value);
      return match?.[1] === undefined ? undefined : BigInt(match[1]);
    }
    case 'phone':
      return /^55\d{2}9\d{8}$/.test(value)
        ? PHONE_DIGITS.inverse(BigInt(value.slice(5)))
        : undefined;
    case 'document':
      return /^\d{11}$/.test(value) ? DOCUMENT_BASE.inverse(BigInt(value.slice(0, 9))) : undefined;
    case 'userProfileId':
      return /^fa[0-9a-z]{7}$/.test(value)
        ? PROFILE_ID.inverse(parseBase36(value.slice(2)))
        : undefined;
  }
}

/**
 * The index of the customer holding that identifier among customers 0..customerCount, or
 * undefined. E-mails match case-insensitively; the other identifiers exactly.
 */
export function findCustomerIndex(
  kind: IdentifierKind,
  rawValue: string,
  customerCount: number,
): number | undefined {
  const value = kind === 'email' ? rawValue.toLowerCase() : rawValue;
  if (value === EXAMPLE_IDENTIFIERS[kind]) return 0;
  const candidate = candidateIndex(kind, value);
  if (candidate === undefined || candidate < 1n || candidate > BigInt(customerCount)) {
    return undefined;
  }
  const index = Number(candidate);
  // Parsing only proposes an index; the full identifier must be the one that index generates.
  return generatedIdentifiers(index)[kind] === value ? index : undefined;
}
