// Whatever a client throws at /graphql gets a clear client error or correct data, the process
// stays healthy, and the sample upstream only ever sees well-formed, percent-encoded,
// single-segment paths. A table of known-nasty inputs, then a short property-based fuzz run.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../support/harness.ts';
import type { GraphQLResponse, Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { CACHE_TTL_SECONDS: '0' } });
});
afterAll(() => h.close());
afterEach(async () => {
  expectWellFormedPaths();
  await expectHealthy();
  h.upstream.resetStats();
});

const LOOKUP = 'query($by: CustomerLookup!) { customer(by: $by) { userProfileId } }';
const PATH =
  /^\/api\/v1\/crm\/protected\/profile\/(?:email|phone|document|user-profile-id)\/([^/?#]+)$/;
const CLIENT_CODES = new Set([
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
]);

function expectWellFormedPaths(): void {
  for (const path of h.upstream.stats.rawPaths) {
    const segment = PATH.exec(path)?.[1];
    expect(segment, path).toBeDefined();
    const decoded = decodeURIComponent(segment as string);
    // Exactly what encodeURIComponent makes: no raw `%`, no double encoding, no dot segment.
    expect(encodeURIComponent(decoded)).toBe(segment);
    expect(['.', '..']).not.toContain(decoded);
  }
}

async function expectHealthy(): Promise<void> {
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>)['email']).toBeUndefined();
}

/** A clear client error (4xx with a known code, or a field error), or data. Never a 5xx. */
function expectClientErrorOrData(res: GraphQLResponse): void {
  expect(res.status, res.text).toBeLessThan(500);
  if (res.status >= 400) {
    const code = res.body.errors?.[0]?.extensions?.['code'];
    if (code !== undefined) expect(CLIENT_CODES, res.text).toContain(code);
    return;
  }
  for (const error of res.body.errors ?? []) {
    expect(error.extensions?.['code'], res.text).toBe('BAD_USER_INPUT');
  }
}

const raw = (body: string, contentType?: string) =>
  h.post(body, contentType === undefined ? {} : { 'content-type': contentType });

describe('malformed requests', () => {
  it.each([
    ['truncated JSON', () => raw('{"query": "{ customer(by')],
    ['a JSON string, not an object', () => raw('"{ __typename }"')],
    ['a JSON number', () => raw('42')],
    ['an empty object', () => raw('{}')],
    ['query not a string', () => raw('{"query": {"x": 1}}')],
    ['variables not an object', () => raw(JSON.stringify({ query: LOOKUP, variables: [1, 2] }))],
    [
      'text/plain (a CSRF-able simple request)',
      () => raw(JSON.stringify({ query: '{ __typename }' }), 'text/plain'),
    ],
    ['a form post', () => raw('query=%7B__typename%7D', 'application/x-www-form-urlencoded')],
    ['XML', () => raw('<query>{ __typename }</query>', 'application/xml')],
    ['multipart', () => raw('--x\r\n\r\n{}\r\n--x--', 'multipart/form-data; boundary=x')],
    [
      'a body over MAX_BODY_BYTES',
      () =>
        raw(JSON.stringify({ query: LOOKUP, variables: { by: { email: 'x'.repeat(200_000) } } })),
    ],
    [
      'variables nested 20,000 levels deep',
      () =>
        raw(
          `{"query":${JSON.stringify(LOOKUP)},"variables":{"by":{"email":${'['.repeat(20_000)}${']'.repeat(20_000)}}}}`,
        ),
    ],
    [
      'a __proto__ key in variables',
      () =>
        raw(
          `{"query":${JSON.stringify(LOOKUP)},"variables":{"by":{"__proto__":{"polluted":true,"email":"a@b.co"}}}}`,
        ),
    ],
    [
      'constructor.prototype in variables',
      () =>
        raw(
          `{"query":${JSON.stringify(LOOKUP)},"variables":{"by":{"constructor":{"prototype":{"polluted":true}}}}}`,
        ),
    ],
    ['a constructor key as identifier field', () => h.query(LOOKUP, { by: { constructor: 'x' } })],
    [
      'a __proto__ key at the top level',
      () => raw(`{"query":"{ __typename }","__proto__":{"polluted":true}}`),
    ],
    ['an unknown field', () => h.query('{ customer(by: { email: "a@b.co" }) { password } }')],
    [
      'an unknown argument',
      () => h.query('{ customer(by: { email: "a@b.co" }, as: ADMIN) { userProfileId } }'),
    ],
    ['an unknown lookup key', () => h.query(LOOKUP, { by: { email: 'a@b.co', role: 'admin' } })],
    ['an identifier that is not a string', () => h.query(LOOKUP, { by: { email: { $ne: null } } })],
    [
      'deeply nested selections',
      () =>
        h.query(
          `{ __type(name: "Customer") { ${'fields { type { ofType { '.repeat(8)}name${' } } }'.repeat(8)} } }`,
        ),
    ],
    [
      'deeply nested list literal',
      () =>
        h.query(
          `{ customer(by: { email: ${'['.repeat(600)}"a"${']'.repeat(600)} }) { userProfileId } }`,
        ),
    ],
    [
      '500 aliases',
      () =>
        h.query(
          `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: customer(by: { email: "c${i}@example.com" }) { userProfileId }`).join(' ')} }`,
        ),
    ],
    [
      '1,000 __typename aliases',
      () => h.query(`{ ${Array.from({ length: 1000 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    ],
    [
      'a huge string literal',
      () =>
        h.query(
          `{ customer(by: { email: "${'a'.repeat(90_000)}@example.com" }) { userProfileId } }`,
        ),
    ],
    [
      'a huge identifier variable',
      () => h.query(LOOKUP, { by: { userProfileId: 'z'.repeat(90_000) } }),
    ],
    ['a mutation', () => h.query('mutation { customer }')],
    ['a subscription', () => h.query('subscription { customer }')],
    [
      'several operations without operationName',
      () => h.query('query A { __typename } query B { __typename }'),
    ],
  ])('%s → a clear client error, the process stays healthy', async (_name, send) => {
    const res = await send();
    expectClientErrorOrData(res);
    // Refused as a whole (4xx) or as a field error: either way it says why.
    expect(res.status >= 400 || (res.body.errors?.length ?? 0) > 0, res.text).toBe(true);
    expect(h.upstream.stats.calls).toBe(0);
  });
});

describe('identifiers that try to escape their path segment', () => {
  it.each([
    ['userProfileId', 'a/b'],
    ['userProfileId', '../../admin'],
    ['userProfileId', '..%2F..%2Fadmin'],
    ['userProfileId', '%2F'],
    ['userProfileId', '%'],
    ['userProfileId', 'x?token=1'],
    ['userProfileId', 'x#frag'],
    ['userProfileId', '...'],
    ['userProfileId', 'ñandú-😀-日本'],
    ['userProfileId', '\\windows\\path'],
    ['email', 'a/b@example.com'],
    ['email', 'josé@exemplo.com.br'],
    ['email', 'x%2F..@example.com'],
    ['document', '999.888.777/66'],
  ])(
    '%s %j reaches the upstream as one encoded segment and resolves to null',
    async (kind, value) => {
      const res = await h.query(LOOKUP, { by: { [kind]: value } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { customer: null } });
      expect(h.upstream.stats.calls).toBe(1);
      // The upstream decoded exactly the (normalised) identifier: nothing split or lost on the way.
      const normalised =
        kind === 'email'
          ? value.toLowerCase()
          : kind === 'document'
            ? value.replace(/\D/g, '')
            : value;
      expect(h.upstream.callsFor(kind as 'email', normalised)).toBe(1);
    },
  );

  it.each([
    ['userProfileId', '.'],
    ['userProfileId', '..'],
    ['userProfileId', 'a\u0000b'],
    ['userProfileId', 'line\nbreak'],
    ['userProfileId', 'right-to-left\u202eoverride'],
    ['userProfileId', 'zero\u200bwidth'],
    ['userProfileId', 'lone\ud800surrogate'],
    ['email', 'a@b.co\r\nX-Injected: 1'],
    ['phone', '+55 11 9999/8888'],
    ['phone', '5511999998888?x=1'],
    ['document', '123#456'],
  ])('%s %j is BAD_USER_INPUT with no upstream call', async (kind, value) => {
    const res = await h.query(LOOKUP, { by: { [kind]: value } });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(h.upstream.stats.calls).toBe(0);
  });
});

describe('property-based fuzz (fast-check)', () => {
  const nasty = fc.constantFrom(
    '/',
    '..',
    '.',
    '%',
    '%2F',
    '%2e',
    '?',
    '#',
    '@',
    ' ',
    '\\',
    '\u0000',
    '\n',
    '\u202e',
    '\ud800',
    '\udfff',
    '😀',
    'é',
    '+',
    '-',
    '(',
    ')',
  );
  const identifier = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.oneof(nasty, fc.string({ unit: 'grapheme-ascii', maxLength: 3 })),
      maxLength: 20,
    }),
    fc.string({ unit: 'grapheme', minLength: 250, maxLength: 300 }),
  );
  const kind = fc.constantFrom('email', 'phone', 'document', 'userProfileId');

  it('any identifier of any kind: data or BAD_USER_INPUT, well-formed upstream paths', async () => {
    await fc.assert(
      fc.asyncProperty(kind, identifier, async (k, value) => {
        h.upstream.resetStats();
        const res = await h.query(LOOKUP, { by: { [k]: value } });
        expect(res.status, res.text).toBe(200);
        expectClientErrorOrData(res);
        expect(h.upstream.stats.calls).toBeLessThanOrEqual(1);
        expectWellFormedPaths();
      }),
      { numRuns: 200 },
    );
  });

  it('any variables object, hostile keys included: a client error or data, never a 5xx', async () => {
    const key = fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'by',
        'email',
        'userProfileId',
        'toString',
      ),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ email: identifier }),
      fc.dictionary(fc.constantFrom('email', 'phone', 'document', 'userProfileId'), identifier, {
        maxKeys: 2,
      }),
    );
    // Built as JSON text so `__proto__` arrives as a key on the wire, not as a prototype.
    const variables = fc
      .array(fc.tuple(key, value), { maxLength: 4 })
      .map(
        (entries) =>
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
      );
    await fc.assert(
      fc.asyncProperty(variables, async (text) => {
        h.upstream.resetStats();
        const res = await raw(`{"query":${JSON.stringify(LOOKUP)},"variables":${text}}`);
        expectClientErrorOrData(res);
        expectWellFormedPaths();
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: 150 },
    );
  });
});
