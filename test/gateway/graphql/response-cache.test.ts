// The whole-response cache: an identical request from the same caller within
// RESPONSE_CACHE_TTL_MS is replayed without executing; anything that is not a clean answer, or
// that belongs to another caller, goes the long way. Observed through the request log line
// (`responseCache`) and the upstream call counts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const READ_A = 'web-read-key-aaaaaaaaaaaaaaaa';
const READ_B = 'app-read-key-bbbbbbbbbbbbbbbb';
const ADMIN = 'crm-admin-key-cccccccccccccccc';
const a = { 'x-api-key': READ_A };
const b = { 'x-api-key': READ_B };

const PROFILE = `query Profile($e: String!) { customer(by: { email: $e }) { userProfileId profile { summary { style } } } }`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      RESPONSE_CACHE_TTL_MS: '400',
      CACHE_TTL_SECONDS: '1',
      GATEWAY_API_KEYS: `web:${READ_A},app:${READ_B},crm:${ADMIN}:admin`,
    },
  });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

/** The `responseCache` field of the request log lines written since `from`. */
function responseCacheSince(from: number): Array<string | undefined> {
  return h.logs
    .slice(from)
    .map((line) => JSON.parse(line) as { msg: string; responseCache?: string })
    .filter((entry) => entry.msg === 'graphql request')
    .map((entry) => entry.responseCache);
}

describe('whole-response cache', () => {
  it('replays an identical request from the same caller, byte for byte', async () => {
    const c = sampleCustomer(601);
    const from = h.logs.length;
    const first = await h.query(PROFILE, { e: c.email }, a);
    const second = await h.query(PROFILE, { e: c.email }, a);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(responseCacheSince(from)).toEqual(['miss', 'hit']);
  });

  it('never replays one caller’s answer to another', async () => {
    const c = sampleCustomer(602);
    const from = h.logs.length;
    await h.query(PROFILE, { e: c.email }, a);
    await h.query(PROFILE, { e: c.email }, b);
    expect(responseCacheSince(from)).toEqual(['miss', 'miss']);
  });

  it('still refuses a caller without credentials, whatever is cached', async () => {
    const c = sampleCustomer(603);
    await h.query(PROFILE, { e: c.email }, a);
    const res = await h.query(PROFILE, { e: c.email });
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
  });

  it('does not keep an answer with errors', async () => {
    const c = sampleCustomer(604);
    h.upstream.addFault({ fault: { type: 'wrong-content-type' }, match: c.email, times: 1 });
    const failed = await h.query(PROFILE, { e: c.email }, a);
    expect(failed.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    const from = h.logs.length;
    const retried = await h.query(PROFILE, { e: c.email }, a);
    expect(retried.body.errors).toBeUndefined();
    expect(responseCacheSince(from)).toEqual(['miss']);
  });

  it('does not keep a stale answer', async () => {
    const c = sampleCustomer(605);
    await h.query(PROFILE, { e: c.email }, a);
    await sleep(1100); // past CACHE_TTL_SECONDS and RESPONSE_CACHE_TTL_MS
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: c.email });
    const stale = await h.query(PROFILE, { e: c.email }, a);
    expect(stale.body.extensions).toMatchObject({ gateway: { stale: true } });
    const from = h.logs.length;
    const again = await h.query(PROFILE, { e: c.email }, a);
    expect(again.body.extensions).toMatchObject({ gateway: { stale: true } });
    expect(responseCacheSince(from)).toEqual(['miss']);
  });

  it('forgets answers after RESPONSE_CACHE_TTL_MS', async () => {
    const c = sampleCustomer(606);
    await h.query(PROFILE, { e: c.email }, a);
    await sleep(450);
    const from = h.logs.length;
    await h.query(PROFILE, { e: c.email }, a);
    expect(responseCacheSince(from)).toEqual(['miss']);
  });

  it('forgets answers when a customer is invalidated', async () => {
    const c = sampleCustomer(607);
    await h.query(PROFILE, { e: c.email }, a);
    const dropped = await h.query(
      `mutation($e: String!) { invalidateCustomer(by: { email: $e }) }`,
      { e: c.email },
      { 'x-api-key': ADMIN },
    );
    expect(dropped.body.data).toEqual({ invalidateCustomer: true });
    const from = h.logs.length;
    await h.query(PROFILE, { e: c.email }, a);
    expect(responseCacheSince(from)).toEqual(['miss']);
    expect(h.upstream.callsFor('email', c.email)).toBe(2);
  });

  it('does not replay mutations', async () => {
    const c = sampleCustomer(608);
    const body = { e: c.email };
    const mutation = `mutation($e: String!) { invalidateCustomer(by: { email: $e }) }`;
    const from = h.logs.length;
    await h.query(mutation, body, { 'x-api-key': ADMIN });
    await h.query(mutation, body, { 'x-api-key': ADMIN });
    expect(responseCacheSince(from)).toEqual(['miss', 'miss']);
  });
});

describe('whole-response cache switched off', () => {
  it('executes every request when RESPONSE_CACHE_TTL_MS=0', async () => {
    const off = await startHarness({ env: { RESPONSE_CACHE_TTL_MS: '0' } });
    try {
      const c = sampleCustomer(609);
      await off.query(PROFILE, { e: c.email });
      await off.query(PROFILE, { e: c.email });
      const fields = off.logs
        .map((line) => JSON.parse(line) as { msg: string; responseCache?: string })
        .filter((entry) => entry.msg === 'graphql request')
        .map((entry) => entry.responseCache);
      expect(fields).toEqual([undefined, undefined]);
    } finally {
      await off.close();
    }
  });
});
