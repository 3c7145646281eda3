import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../../src/config/config.ts';
import { parseRedisUrl, RedisUrlError } from '../../../src/redis/url.ts';

describe('CACHE_URL grammar (fred form)', () => {
  it('keeps one Redis as today, ACL user and TLS included', () => {
    const t = parseRedisUrl('rediss://gw:s3cr%40t@cache.internal:6380/2');
    expect(t).toMatchObject({ kind: 'single', tls: true, username: 'gw', password: 's3cr@t' });
    expect(t.where).toBe('cache.internal:6380');
  });

  it('reads a cluster from node= parameters and from a comma list alike', () => {
    const fred = parseRedisUrl(
      'redis-cluster://u:p@10.0.0.1:7000?node=10.0.0.2:7001&node=10.0.0.3',
    );
    const comma = parseRedisUrl('redis-cluster://u:p@10.0.0.1:7000,10.0.0.2:7001,10.0.0.3');
    expect(fred).toEqual(comma);
    expect(fred).toMatchObject({
      kind: 'cluster',
      tls: false,
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '10.0.0.3', port: 6379 },
      ],
    });
    expect(parseRedisUrl('rediss-cluster://[::1]:7000')).toMatchObject({
      tls: true,
      nodes: [{ host: '::1', port: 7000 }],
    });
  });

  it('reads sentinels, the service name and the sentinels’ own credentials', () => {
    const t = parseRedisUrl(
      'rediss-sentinel://gw:pw@s1:26379/3?node=s2&sentinelServiceName=gateway&sentinelUsername=sen&sentinelPassword=spw',
    );
    expect(t).toEqual({
      kind: 'sentinel',
      tls: true,
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      serviceName: 'gateway',
      database: 3,
      where: 'gateway@s1:26379,s2:26379',
      username: 'gw',
      password: 'pw',
      sentinelUsername: 'sen',
      sentinelPassword: 'spw',
    });
    expect(parseRedisUrl('redis-sentinel://s1:26379,s2:26380?sentinelServiceName=m')).toMatchObject(
      { sentinels: [{ port: 26379 }, { port: 26380 }] },
    );
  });

  it.each([
    ['http://x:1', /must be a redis:\/\//],
    ['redis://a:1,b:2', /several hosts .*redis-cluster:\/\//],
    ['redis-sentinel://s1:26379', /without sentinelServiceName/],
    ['redis-cluster://a:7000/1', /only database 0/],
    ['redis-cluster://a:99999', /host:port/],
    ['redis-cluster://a:7000?foo=1', /foo/],
    ['redis://host/abc', /database number/],
  ])('refuses %s clearly', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('names CACHE_URL at start and never repeats the password', () => {
    const env = { CACHE_URL: 'redis://gw:hunter2-secret@a:1,b:2', CACHE_ENCRYPTION: 'off' };
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/CACHE_URL/);
    expect(message).toMatch(/redis-cluster:\/\//);
    expect(message).not.toContain('hunter2');
  });

  it('accepts every topology in the configuration', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'rediss-cluster://gw:pw@127.0.0.1:7000?node=127.0.0.1:7001',
      'redis-sentinel://127.0.0.1:26379?sentinelServiceName=gw',
    ]) {
      expect(loadConfig({ CACHE_URL: url, CACHE_ENCRYPTION: 'off' }).cache.url).toBe(url);
    }
  });
});
