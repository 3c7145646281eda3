// Per-caller budgets of upstream calls on one gateway without Redis (counted in process): all
// end-user (JWT) callers share the `jwt` budget, cache hits are free, and API-key callers
// without a budget are not limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_READ } from '../../../src/auth/caller.ts';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { AUDIENCE, ISSUER, bearer, newSigningKey, signToken } from '../../support/auth.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const SERVICE_KEY = 'service-key-0123456789abcdef';
const STYLE = `query($e: String!) { customer(by: { email: $e }) { profile { summary { style } } } }`;

let h: Harness;
let alice: Record<string, string>;
let bob: Record<string, string>;
beforeAll(async () => {
  const key = await newSigningKey('k1');
  h = await startHarness({
    env: {
      JWT_PUBLIC_KEY: key.publicPem,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      GATEWAY_API_KEYS: `service:${SERVICE_KEY}`,
      UPSTREAM_BUDGETS: 'jwt:3/min',
    },
  });
  const token = (sub: string) =>
    signToken(key, { sub, email: `${sub}@example.com`, scope: SCOPE_READ });
  alice = bearer(await token('alice'));
  bob = bearer(await token('bob'));
});
afterAll(() => h?.close());

const code = (res: Awaited<ReturnType<Harness['query']>>) =>
  res.body.errors?.[0]?.extensions?.['code'];

describe('UPSTREAM_BUDGETS without Redis', () => {
  it('counts every JWT caller against the one `jwt` budget; hits stay free', async () => {
    h.upstream.resetStats();
    const emails = [1, 2, 3, 4].map((n) => sampleCustomer(900 + n).email);
    expect(code(await h.query(STYLE, { e: emails[0] }, alice))).toBeUndefined();
    expect(code(await h.query(STYLE, { e: emails[1] }, bob))).toBeUndefined();
    expect(code(await h.query(STYLE, { e: emails[2] }, alice))).toBeUndefined();
    // Hits cost the vendor nothing, so they cost the budget nothing.
    for (const e of emails.slice(0, 3)) {
      expect(code(await h.query(STYLE, { e }, bob))).toBeUndefined();
    }
    const refused = await h.query(STYLE, { e: emails[3] }, bob);
    expect(code(refused)).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(refused.body.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    expect(h.upstream.stats.calls).toBe(3);

    // A service key without a budget is not limited, and its call does not help the JWT group.
    const service = { 'x-api-key': SERVICE_KEY };
    expect(code(await h.query(STYLE, { e: emails[3] }, service))).toBeUndefined();
    expect(h.upstream.stats.calls).toBe(4);
    expect(code(await h.query(STYLE, { e: emails[3] }, alice))).toBeUndefined(); // now a hit
  });
});
