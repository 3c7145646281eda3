// Every error code of the contract, produced by the sample upstream's fault modes, attached
// to the field that failed while its siblings still resolve; the token appears nowhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import type { Fault } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { GraphQLResponse, Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      UPSTREAM_TIMEOUT_MS: '400',
      UPSTREAM_MAX_BODY_BYTES: '65536',
      // These tests map each failure to its code; the breaker (tested on its own) stays out.
      BREAKER_MIN_CALLS: '100000',
    },
  });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

const failing = sampleCustomer(101);
const healthy = sampleCustomer(102);
let n = 200;

/** Asks for a customer the fault targets next to a healthy one, each never seen before. */
async function queryWithFault(fault: Fault): Promise<GraphQLResponse> {
  const bad = sampleCustomer(n++);
  h.upstream.addFault({ fault, match: bad.email });
  return h.query(
    `query($bad: String!, $good: String!) {
      bad: customer(by: { email: $bad }) { userProfileId }
      good: customer(by: { email: $good }) { userProfileId }
    }`,
    { bad: bad.email, good: healthy.email },
  );
}

function expectFieldError(res: GraphQLResponse, code: string) {
  expect(res.status).toBe(200);
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors ?? [];
  expect(error?.extensions?.['code']).toBe(code);
  expect(error?.path).toEqual(['bad']);
  expect(res.body.data?.['bad']).toBeNull();
  expect(res.body.data?.['good']).toEqual({ userProfileId: healthy.userProfileId });
  expect(res.text).not.toContain(h.token);
  return error!;
}

describe('upstream failures become contract errors on the failing field only', () => {
  it('401 → UPSTREAM_UNAUTHORIZED, with a message that does not forward the upstream body', async () => {
    const error = expectFieldError(
      await queryWithFault({ type: 'status', status: 401 }),
      'UPSTREAM_UNAUTHORIZED',
    );
    expect(error.message).not.toMatch(/Invalid or missing authentication token/);
  });

  it('an upstream that does not answer in UPSTREAM_TIMEOUT_MS → UPSTREAM_TIMEOUT', async () => {
    const started = Date.now();
    expectFieldError(await queryWithFault({ type: 'hang' }), 'UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('persistent 5xx → UPSTREAM_UNAVAILABLE', async () => {
    expectFieldError(await queryWithFault({ type: 'status', status: 503 }), 'UPSTREAM_UNAVAILABLE');
  });

  it('a reset connection → UPSTREAM_UNAVAILABLE', async () => {
    expectFieldError(await queryWithFault({ type: 'reset' }), 'UPSTREAM_UNAVAILABLE');
  });

  it.each<[string, Fault]>([
    ['malformed JSON', { type: 'malformed-json' }],
    ['a non-JSON content type', { type: 'wrong-content-type' }],
    ['a body over the size bound', { type: 'huge-body', bytes: 2_000_000 }],
  ])('%s → UPSTREAM_BAD_RESPONSE', async (_name, fault) => {
    expectFieldError(await queryWithFault(fault), 'UPSTREAM_BAD_RESPONSE');
  });

  it('keeps serving other requests after a malformed body', async () => {
    await queryWithFault({ type: 'malformed-json' });
    const res = await h.query(`{ customer(by: { email: "${failing.email}" }) { userProfileId } }`);
    expect(res.body.data?.['customer']).toEqual({ userProfileId: failing.userProfileId });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  // Last: a 429 pauses every upstream call of the process for Retry-After (rate-limit.test.ts).
  it('429 with a Retry-After too long for the budget → UPSTREAM_RATE_LIMITED with retryAfterSeconds', async () => {
    const error = expectFieldError(
      await queryWithFault({ type: 'status', status: 429, retryAfter: '120' }),
      'UPSTREAM_RATE_LIMITED',
    );
    expect(error.extensions?.['retryAfterSeconds']).toBe(120);
  });

  it('never writes the upstream token into a log line', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) expect(line).not.toContain(h.token);
  });
});
