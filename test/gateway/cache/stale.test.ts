// Stale data (RFC 5861): a profile past CACHE_TTL_SECONDS but within CACHE_STALE_SECONDS is
// served when Fashion.AI fails, flagged in `extensions.gateway.stale` and logged; never past
// that window, never for a refused token. With CACHE_STALE_WHILE_REVALIDATE_SECONDS it is
// served at once while a background refresh runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { FULL_PROFILE_FIELDS, sleep, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId profile { ${FULL_PROFILE_FIELDS} } } }`;

describe('stale-if-error', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        CACHE_TTL_SECONDS: '1',
        CACHE_STALE_SECONDS: '1',
        UPSTREAM_TIMEOUT_MS: '400',
        BREAKER_MIN_CALLS: '100000',
      },
    });
  });
  afterAll(() => h.close());
  afterEach(() => h.upstream.clearFaults());

  it('serves the stale profile, flagged and logged, within the window; errors after it', async () => {
    const [a, b, c, d] = [501, 502, 503, 504].map(sampleCustomer);
    const first = new Map<string, unknown>();
    for (const x of [a!, b!, c!, d!]) {
      const res = await h.query(query, { e: x.email });
      expect(res.body.extensions).toBeUndefined(); // fresh answers carry no stale flag
      first.set(x.email, res.body.data);
    }
    await sleep(1100); // past freshness, inside the stale window

    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: a!.email });
    h.upstream.addFault({ fault: { type: 'hang' }, match: b!.email });
    h.upstream.addFault({ fault: { type: 'status', status: 401 }, match: c!.email });

    const servedStale = await h.query(query, { e: a!.email });
    expect(servedStale.body).toEqual({
      data: first.get(a!.email),
      extensions: { gateway: { stale: true } },
    });
    const afterTimeout = await h.query(query, { e: b!.email });
    expect(afterTimeout.body).toEqual({
      data: first.get(b!.email),
      extensions: { gateway: { stale: true } },
    });
    // A refused token is never papered over with old data.
    const refused = await h.query(query, { e: c!.email });
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAUTHORIZED');
    expect(refused.body.data?.['customer']).toBeNull();

    const logged = h.logs.filter((l) => l.includes('Served a stale profile'));
    expect(logged.map((l) => JSON.parse(l).reason).sort()).toEqual([
      'UPSTREAM_TIMEOUT',
      'UPSTREAM_UNAVAILABLE',
    ]);
    for (const line of logged) {
      expect(JSON.parse(line)).toMatchObject({ level: 40, lookupKind: 'email' });
      expect(line).not.toContain(a!.email); // identifiers are personal data: not logged
    }

    await sleep(1000); // past CACHE_STALE_SECONDS as well
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: d!.email });
    const tooOld = await h.query(query, { e: d!.email });
    expect(tooOld.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(tooOld.body.data?.['customer']).toBeNull();
    expect(tooOld.body.extensions).toBeUndefined();
  });

  it('flags the whole response when one customer of a list is stale', async () => {
    const [old, fresh] = [511, 512].map(sampleCustomer);
    await h.query(query, { e: old!.email });
    await sleep(1100);
    h.upstream.addFault({ fault: { type: 'reset' }, match: old!.email });
    const res = await h.query(
      `query($by: [CustomerLookup!]!) { customers(by: $by) { userProfileId } }`,
      { by: [{ email: old!.email }, { email: fresh!.email }] },
    );
    expect(res.body).toEqual({
      data: {
        customers: [{ userProfileId: old!.userProfileId }, { userProfileId: fresh!.userProfileId }],
      },
      extensions: { gateway: { stale: true } },
    });
  });
});

describe('stale-while-revalidate', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { CACHE_TTL_SECONDS: '1', CACHE_STALE_WHILE_REVALIDATE_SECONDS: '10' },
      upstream: { latencyMs: 300 },
    });
  });
  afterAll(() => h.close());

  it('answers at once from the stale entry and refreshes it once in the background', async () => {
    const c = sampleCustomer(521);
    await h.query(query, { e: c.email });
    await sleep(1100);

    const started = Date.now();
    const responses = await Promise.all([1, 2, 3].map(() => h.query(query, { e: c.email })));
    expect(Date.now() - started).toBeLessThan(200); // not the upstream's 300 ms
    for (const res of responses) expect(res.body.extensions).toEqual({ gateway: { stale: true } });

    await sleep(450); // the one refresh lands
    expect(h.upstream.callsFor('email', c.email)).toBe(2);
    const refreshed = await h.query(query, { e: c.email });
    expect(refreshed.body.extensions).toBeUndefined();
    expect(refreshed.body.data).toEqual(responses[0]!.body.data);
    expect(h.upstream.callsFor('email', c.email)).toBe(2);
  });
});
