// How callers are authenticated, as configured: the API keys, the JWT verification settings,
// or an open gateway (demo mode, or GATEWAY_AUTH=none). config.ts hands over the validated
// variables; errors name the variable and never quote a secret. No process.env here.
import { createPublicKey } from 'node:crypto';

export interface ApiKeySpec {
  /** What logs show for this caller; never the key itself. */
  name: string;
  key: string;
  /** May also use admin operations (scope profiles:admin). */
  admin: boolean;
  /** Gets the debug extension in every response (scope gateway:debug). */
  debug?: boolean;
}

export interface JwtSettings {
  /** Remote key set (JWKS), cached and refetched when a token names an unknown key id. */
  jwksUrl: string | undefined;
  /** Or one PEM public key (SPKI or X.509 certificate). */
  publicKeyPem: string | undefined;
  issuer: string;
  audience: string[];
  /** The claim holding the end user's e-mail, the only identifier `Query.me` uses. */
  emailClaim: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  jwksCooldownSeconds: number;
  jwksCacheSeconds: number;
}

export type AuthSettings =
  | {
      mode: 'open';
      /** Why nobody is asked for credentials: shown in the start-up line. */
      reason: 'demo' | 'explicit' | 'unconfigured';
    }
  | { mode: 'enforced'; apiKeys: ApiKeySpec[]; jwt: JwtSettings | undefined };

/** Asymmetric algorithms only: a shared-secret (HS*) token could be minted by anyone holding the verification key. */
export const DEFAULT_JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MIN_API_KEY_LENGTH = 16;

/**
 * Parses GATEWAY_API_KEYS: comma-separated `name:key` or `name:key:flags`, flags being `admin`,
 * `debug` or both joined by `+`. Errors never quote a key, only its position and name.
 */
export function parseApiKeys(raw: string): ApiKeySpec[] {
  const specs: ApiKeySpec[] = [];
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const parts = entry.split(':');
    const [name = '', key = '', flag] = parts;
    const where = `entry ${index + 1}`;
    if (parts.length < 2 || parts.length > 3) {
      throw new Error(`${where} must be name:key or name:key:admin (or :debug, :admin+debug)`);
    }
    if (!KEY_NAME.test(name)) {
      throw new Error(`${where} has an invalid name (letters, digits, _ . - only)`);
    }
    if (key.length < MIN_API_KEY_LENGTH) {
      throw new Error(`the key named ${name} is shorter than ${MIN_API_KEY_LENGTH} characters`);
    }
    const flags = flag === undefined ? [] : flag.split('+');
    if (flags.some((f) => f !== 'admin' && f !== 'debug')) {
      throw new Error(`the key named ${name} has an unknown flag (only "admin" and "debug")`);
    }
    if (specs.some((s) => s.name === name)) throw new Error(`the name ${name} is used twice`);
    if (specs.some((s) => s.key === key)) throw new Error(`the key named ${name} is used twice`);
    const spec: ApiKeySpec = { name, key, admin: flags.includes('admin') };
    if (flags.includes('debug')) spec.debug = true;
    specs.push(spec);
  });
  if (specs.length === 0) throw new Error('no name:key entry');
  return specs;
}

/** Accepts a PEM with real newlines or with `\n` escapes (as env files often carry it). */
export function parsePublicKeyPem(raw: string): string {
  const pem = raw.replace(/\\n/g, '\n').trim();
  const key = createPublicKey(pem); // throws on anything that is not a public key
  if (key.type !== 'public') throw new Error('not a public key');
  return pem;
}

/** The auth variables, as config.ts validated them (strings trimmed, numbers parsed). */
export interface AuthVariables {
  GATEWAY_AUTH?: 'none' | undefined;
  GATEWAY_API_KEYS?: string | undefined;
  JWT_JWKS_URL?: string | undefined;
  JWT_PUBLIC_KEY?: string | undefined;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
  JWT_EMAIL_CLAIM: string;
  JWT_ALGORITHMS?: string | undefined;
  JWT_CLOCK_TOLERANCE_SECONDS: number;
  JWT_JWKS_COOLDOWN_SECONDS: number;
  JWT_JWKS_CACHE_SECONDS: number;
}

/**
 * Secure by default: credentials configured → required; none configured → refused in
 * production unless GATEWAY_AUTH=none says "open" on purpose; open elsewhere (demo, tests).
 */
export function resolveAuthSettings(
  v: AuthVariables,
  env: { production: boolean; demoMode: boolean },
): AuthSettings {
  const raw = v.GATEWAY_API_KEYS;
  let apiKeys: ApiKeySpec[] = [];
  if (raw?.trim()) {
    try {
      apiKeys = parseApiKeys(raw);
    } catch (error) {
      throw new Error(`Invalid GATEWAY_API_KEYS: ${(error as Error).message}`, { cause: error });
    }
  }
  const jwt = jwtSettings(v, env.production);
  const configured = apiKeys.length > 0 || jwt !== undefined;
  if (v.GATEWAY_AUTH === 'none') {
    if (configured) {
      throw new Error(
        'GATEWAY_AUTH=none contradicts GATEWAY_API_KEYS / JWT_JWKS_URL / JWT_PUBLIC_KEY: remove one or the other',
      );
    }
    return { mode: 'open', reason: 'explicit' };
  }
  if (configured) return { mode: 'enforced', apiKeys, jwt };
  if (env.production) {
    throw new Error(
      'No caller authentication is configured and NODE_ENV=production: set GATEWAY_API_KEYS (service keys) and/or JWT_JWKS_URL or JWT_PUBLIC_KEY (with JWT_ISSUER and JWT_AUDIENCE) for end-user tokens, or GATEWAY_AUTH=none to run an open gateway on purpose',
    );
  }
  return { mode: 'open', reason: env.demoMode ? 'demo' : 'unconfigured' };
}

function jwtSettings(v: AuthVariables, production: boolean): JwtSettings | undefined {
  const { JWT_JWKS_URL: jwksUrl, JWT_PUBLIC_KEY: pem } = v;
  if (!jwksUrl && !pem) {
    const stray = (['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ALGORITHMS'] as const).find((n) => v[n]);
    if (stray) throw new Error(`${stray} is set but neither JWT_JWKS_URL nor JWT_PUBLIC_KEY is`);
    return undefined;
  }
  if (jwksUrl && pem) throw new Error('Set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both');
  if (production && jwksUrl && !jwksUrl.startsWith('https:')) {
    throw new Error(`Invalid JWT_JWKS_URL=${JSON.stringify(jwksUrl)}: must be https in production`);
  }
  if (!v.JWT_ISSUER) throw new Error('JWT_ISSUER is required with JWT_JWKS_URL or JWT_PUBLIC_KEY');
  if (!v.JWT_AUDIENCE) {
    throw new Error('JWT_AUDIENCE is required with JWT_JWKS_URL or JWT_PUBLIC_KEY');
  }
  const algorithms = v.JWT_ALGORITHMS ? splitList(v.JWT_ALGORITHMS) : DEFAULT_JWT_ALGORITHMS;
  const refused = algorithms.find((a) => !DEFAULT_JWT_ALGORITHMS.includes(a));
  if (refused) {
    throw new Error(
      `Invalid JWT_ALGORITHMS: ${refused} is not allowed (asymmetric only: ${DEFAULT_JWT_ALGORITHMS.join(', ')})`,
    );
  }
  let publicKeyPem: string | undefined;
  if (pem) {
    try {
      publicKeyPem = parsePublicKeyPem(pem);
    } catch (error) {
      throw new Error('Invalid JWT_PUBLIC_KEY: not a PEM public key (SPKI or certificate)', {
        cause: error,
      });
    }
  }
  return {
    jwksUrl,
    publicKeyPem,
    issuer: v.JWT_ISSUER,
    audience: splitList(v.JWT_AUDIENCE),
    emailClaim: v.JWT_EMAIL_CLAIM,
    algorithms,
    clockToleranceSeconds: v.JWT_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownSeconds: v.JWT_JWKS_COOLDOWN_SECONDS,
    jwksCacheSeconds: v.JWT_JWKS_CACHE_SECONDS,
  };
}

/** A comma-separated list, trimmed, empties dropped. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** One line for the start-up log: how callers are (or are not) authenticated. */
export function describeAuth(auth: AuthSettings): string {
  if (auth.mode === 'open') {
    if (auth.reason === 'demo') return 'Authentication is off (demo mode): any caller may query';
    if (auth.reason === 'explicit') {
      return 'Authentication is off (GATEWAY_AUTH=none): any caller who reaches this port may read customer profiles';
    }
    return 'Authentication is off: set GATEWAY_API_KEYS and/or JWT_JWKS_URL or JWT_PUBLIC_KEY to require credentials';
  }
  const parts: string[] = [];
  if (auth.apiKeys.length > 0) {
    parts.push(`API keys ${auth.apiKeys.map(describeKey).join(', ')}`);
  }
  if (auth.jwt) {
    const source = auth.jwt.jwksUrl ? `JWKS ${auth.jwt.jwksUrl}` : 'JWT_PUBLIC_KEY';
    parts.push(`end-user JWTs from ${auth.jwt.issuer} (${source})`);
  }
  return `Authentication required: ${parts.join('; ')}`;
}

function describeKey(spec: ApiKeySpec): string {
  const flags = [spec.admin ? 'admin' : '', spec.debug ? 'debug' : ''].filter(Boolean);
  return flags.length > 0 ? `${spec.name} (${flags.join(', ')})` : spec.name;
}
