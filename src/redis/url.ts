// CACHE_URL in the grammar of the `fred` Redis client (the one Apollo Router's Redis settings
// use), so an operator who runs both writes the same URLs:
//   redis[s]://[user:password@]host:port[/db]                          one Redis
//   redis[s]-cluster://[user:password@]host:port[?node=host:port…]      Redis Cluster (seeds)
//   redis[s]-sentinel://[user:password@]host:port[/db][?node=host:port…]&sentinelServiceName=NAME
// Further hosts are `node=` query parameters (the URL stays RFC 3986-valid); the comma list
// many other clients use (`host:port,host:port`) means the same. Pure: no I/O, no logging;
// error messages name the host list, never a password.

export interface RedisHost {
  host: string;
  port: number;
}

interface Credentials {
  username: string | undefined;
  password: string | undefined;
}

export type RedisTopology =
  | ({ kind: 'single'; url: string; tls: boolean; where: string } & Credentials)
  | ({ kind: 'cluster'; tls: boolean; nodes: RedisHost[]; where: string } & Credentials)
  | ({
      kind: 'sentinel';
      tls: boolean;
      sentinels: RedisHost[];
      serviceName: string;
      database: number;
      sentinelUsername: string | undefined;
      sentinelPassword: string | undefined;
      where: string;
    } & Credentials);

export class RedisUrlError extends Error {}

const SCHEME = /^(rediss?)(-cluster|-sentinel)?:\/\/(.*)$/i;
const DEFAULT_PORT = { single: 6379, cluster: 6379, sentinel: 26379 } as const;
const SENTINEL_PARAMS = new Set(['sentinelServiceName', 'sentinelUsername', 'sentinelPassword']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RedisUrlError('has a user name or password that is not valid percent-encoding');
  }
}

function parseHost(text: string, defaultPort: number): RedisHost {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/?#@\s]+)(?::(\d{1,5}))?$/.exec(text);
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65_535)) {
    throw new RedisUrlError(`has "${text}" where a host:port belongs`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

const show = (h: RedisHost) =>
  h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;

/** Parses CACHE_URL; throws RedisUrlError whose message never carries a credential. */
export function parseRedisUrl(raw: string): RedisTopology {
  const scheme = SCHEME.exec(raw.trim());
  if (!scheme) {
    throw new RedisUrlError(
      'must be a redis://, rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel:// URL',
    );
  }
  const tls = scheme[1]!.toLowerCase() === 'rediss';
  const kind = scheme[2] ? (scheme[2].slice(1).toLowerCase() as 'cluster' | 'sentinel') : 'single';
  const rest = scheme[3]!;
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const hostList = at < 0 ? authority : authority.slice(at + 1);
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon)) || undefined;
    password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1)) || undefined;
  }
  const hashAt = tail.indexOf('#');
  const beforeHash = hashAt < 0 ? tail : tail.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : beforeHash.slice(queryAt + 1));

  if (!hostList) throw new RedisUrlError('names no host');
  const hosts = [...hostList.split(','), ...query.getAll('node').flatMap((n) => n.split(','))].map(
    (h) => parseHost(h.trim(), DEFAULT_PORT[kind]),
  );
  const where = hosts.map(show).join(',');
  const unknown = [...new Set(query.keys())].filter(
    (k) => k !== 'node' && !(kind === 'sentinel' && SENTINEL_PARAMS.has(k)),
  );
  if (unknown.length > 0) {
    throw new RedisUrlError(`has query parameters this form does not take: ${unknown.join(', ')}`);
  }
  let database = 0;
  if (path && path !== '/') {
    if (!/^\/\d{1,2}$/.test(path) || kind === 'cluster') {
      throw new RedisUrlError(
        kind === 'cluster'
          ? 'names a database, but Redis Cluster has only database 0'
          : `has path "${path}" where a database number (/0 … /15) belongs`,
      );
    }
    database = Number(path.slice(1));
  }

  if (kind === 'single') {
    if (hosts.length > 1) {
      throw new RedisUrlError(
        `names several hosts (${where}): write redis-cluster://… for a Redis Cluster or redis-sentinel://…&sentinelServiceName=NAME for Sentinel`,
      );
    }
    return { kind, url: raw.trim(), tls, where, username, password };
  }
  if (kind === 'cluster') return { kind, tls, nodes: hosts, where, username, password };
  const serviceName = query.get('sentinelServiceName');
  if (!serviceName) {
    throw new RedisUrlError(
      'is a Sentinel URL without sentinelServiceName=NAME (the name the sentinels monitor)',
    );
  }
  return {
    kind,
    tls,
    sentinels: hosts,
    serviceName,
    database,
    where: `${serviceName}@${where}`,
    username,
    password,
    sentinelUsername: query.get('sentinelUsername') ?? undefined,
    sentinelPassword: query.get('sentinelPassword') ?? undefined,
  };
}

/** CACHE_URL as it may be shown: passwords (in the user info or as sentinelPassword) masked. */
export function redactRedisUrl(raw: string): string {
  return raw
    .replace(/^([a-z-]+:\/\/[^:@/?#]*:)[^@]*@/i, '$1***@')
    .replace(/([?&]sentinelPassword=)[^&#]*/gi, '$1***');
}
