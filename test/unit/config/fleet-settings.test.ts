// The fleet settings (UPSTREAM_BUDGETS, UPSTREAM_QUOTA_PER_SECOND, FLEET_LEASE_MS,
// FLEET_SINGLE_FLIGHT): parsed with their defaults, and a bad value stops the start with a
// message naming the variable (and never quoting an API key).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { AUDIENCE, ISSUER, newSigningKey } from '../../support/auth.ts';

const KEY = 'batch-key-0123456789abcdef';
const base = {
  FASHIONAI_APP_TOKEN: 'token-for-config-tests',
  GATEWAY_API_KEYS: `batch:${KEY},web:${KEY}x`,
};

describe('fleet settings', () => {
  it('defaults: no budgets, no quota, fleet single-flight on, 2 s leases', () => {
    const { fleet } = loadConfig(base);
    expect(fleet).toEqual({
      budgets: [],
      quotaPerSecond: undefined,
      singleFlight: true,
      leaseMs: 2000,
      maxWaitMs: 5000 + 250,
    });
  });

  it('parses budgets per API key name and for JWT callers together', () => {
    const env = {
      ...base,
      UPSTREAM_BUDGETS: ' batch:600/min , web:50/min ',
      UPSTREAM_QUOTA_PER_SECOND: '12.5',
      FLEET_LEASE_MS: '1500',
      FLEET_SINGLE_FLIGHT: 'false',
    };
    expect(loadConfig(env).fleet).toMatchObject({
      budgets: [
        { name: 'batch', perMinute: 600 },
        { name: 'web', perMinute: 50 },
      ],
      quotaPerSecond: 12.5,
      leaseMs: 1500,
      singleFlight: false,
    });
  });

  it('accepts a budget for all JWT callers when end-user tokens are configured', async () => {
    const { publicPem } = await newSigningKey('k1');
    const jwt = { JWT_PUBLIC_KEY: publicPem, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };
    const env = { ...base, ...jwt, UPSTREAM_BUDGETS: 'jwt:300/min' };
    expect(loadConfig(env).fleet.budgets).toEqual([{ name: 'jwt', perMinute: 300 }]);
  });

  it.each([
    ['batch:600', 'must be name:N/min'],
    ['batch:600/hour', 'must be name:N/min'],
    ['batch:0/min', 'at least 1/min'],
    ['batch:1/min,batch:2/min', 'listed twice'],
    ['nightly:10/min', 'nightly is not the name of an API key in GATEWAY_API_KEYS'],
    ['jwt:10/min', '"jwt" needs end-user tokens to be configured'],
  ])('refuses UPSTREAM_BUDGETS=%s, naming the variable', (value, reason) => {
    const load = () => loadConfig({ ...base, UPSTREAM_BUDGETS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('Invalid UPSTREAM_BUDGETS');
    expect(load).toThrow(reason);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY);
    }
  });

  it.each([
    ['UPSTREAM_QUOTA_PER_SECOND', '0'],
    ['UPSTREAM_QUOTA_PER_SECOND', '-5'],
    ['UPSTREAM_QUOTA_PER_SECOND', 'fast'],
    ['FLEET_LEASE_MS', '10'],
    ['FLEET_SINGLE_FLIGHT', 'maybe'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(`Invalid ${name}=`);
  });
});
