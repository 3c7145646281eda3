// The upstream's drift (UPSTREAM.md): accent-less keys, missing, extra and wrong-typed
// sections. Missing → null without error; wrong type → an error on that section only.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { EXAMPLE_PROFILE, FULL_PROFILE_FIELDS, startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { CACHE_TTL_SECONDS: '0' } });
});
afterAll(() => h.close());
afterEach(() => h.upstream.clearFaults());

const example = sampleCustomer(0);
const query = `query($e: String!) { customer(by: { email: $e }) { userProfileId profile { ${FULL_PROFILE_FIELDS} } } }`;

describe('drift', () => {
  it('reads accent-less occasion keys as the same fields', async () => {
    h.upstream.addFault({ fault: { type: 'drift', variant: 'unaccented' } });
    const res = await h.query(query, { e: example.email });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.['customer'] as { profile: unknown }).profile).toEqual(EXAMPLE_PROFILE);
  });

  it('answers null for a missing section, without an error, and serves the others', async () => {
    h.upstream.addFault({ fault: { type: 'drift', variant: 'missing-section' } });
    const res = await h.query(query, { e: example.email });
    expect(res.body.errors).toBeUndefined();
    const profile = (res.body.data?.['customer'] as { profile: Record<string, unknown> }).profile;
    expect(profile['marketingBriefing']).toBeNull();
    expect(profile['summary']).toEqual(EXAMPLE_PROFILE.summary);
  });

  it('ignores an extra section', async () => {
    h.upstream.addFault({ fault: { type: 'drift', variant: 'extra-section' } });
    const res = await h.query(query, { e: example.email });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.['customer'] as { profile: unknown }).profile).toEqual(EXAMPLE_PROFILE);
  });

  it('turns a wrong-typed section into UPSTREAM_BAD_RESPONSE on that field only', async () => {
    h.upstream.addFault({ fault: { type: 'drift', variant: 'wrong-type' } });
    const res = await h.query(query, { e: example.email });
    const errors = res.body.errors ?? [];
    expect(errors.map((e) => e.path?.join('.')).sort()).toEqual([
      'customer.profile.contentHooks',
      'customer.profile.marketingBriefing',
    ]);
    for (const e of errors) expect(e.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    const profile = (res.body.data?.['customer'] as { profile: Record<string, unknown> }).profile;
    expect(profile['marketingBriefing']).toBeNull();
    expect(profile['contentHooks']).toBeNull();
    expect(profile['summary']).toEqual(EXAMPLE_PROFILE.summary);
    expect(profile['purchaseMoment']).toEqual(EXAMPLE_PROFILE.purchaseMoment);
  });
});
