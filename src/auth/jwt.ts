// End-user JWTs: verified with jose against a remote key set (JWKS: cached, refetched at most
// once per cooldown when a token names an unknown key id, so rotation just works) or one PEM
// key, with issuer, audience, expiry and not-before enforced. A valid token becomes a Caller.
import { createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { lookupOf } from '../customer/lookup.ts';
import { maskIdentifier } from '../customer/mask.ts';
import type { Caller } from './caller.ts';
import type { JwtSettings } from './settings.ts';

/** Why a credential was refused: `status` for the HTTP answer, `reason` for the log only. */
export class AuthFailure extends Error {
  override name = 'AuthFailure';
  readonly status: 401 | 503;
  readonly reason: string;
  constructor(message: string, reason: string, status: 401 | 503 = 401) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}

export type JwtVerifier = (token: string) => Promise<Caller>;

/** OAuth's space-separated `scope`, or a `scp` list (as some identity providers send it). */
function scopesOf(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload['scope'], payload['scp']]) {
    const list = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
    for (const s of list) if (typeof s === 'string' && s !== '') scopes.add(s);
  }
  return scopes;
}

/** The e-mail `Query.me` will use: only a well-formed one, and never one the issuer says is unverified. */
function emailOf(payload: JWTPayload, claim: string): string | undefined {
  const raw = payload[claim];
  if (typeof raw !== 'string' || payload['email_verified'] === false) return undefined;
  try {
    return lookupOf('email', raw).value;
  } catch {
    return undefined;
  }
}

function nameOf(payload: JWTPayload): string {
  const sub = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : 'user';
  // Some issuers use the e-mail as subject; logs show callers, never personal data.
  return sub.includes('@') ? maskIdentifier('email', sub) : sub.slice(0, 128);
}

/** Whether fetching or reading the remote key set failed: not the caller's fault (503). */
function keySetFailed(error: unknown): boolean {
  if (!(error instanceof joseErrors.JOSEError)) return true; // a network error from fetch
  return (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC' // non-200 or unparsable key set response
  );
}

function failureOf(error: unknown, remote: boolean): AuthFailure {
  if (error instanceof joseErrors.JWTExpired) {
    return new AuthFailure('The token has expired', 'expired');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new AuthFailure(
      'The token is not valid for this gateway',
      `claim ${error.claim}: ${error.reason}`,
    );
  }
  if (remote && keySetFailed(error)) {
    return new AuthFailure('The token cannot be verified right now', 'key set unavailable', 503);
  }
  const code = error instanceof joseErrors.JOSEError ? error.code : 'unreadable token';
  return new AuthFailure('The token is not valid', code);
}

export function createJwtVerifier(settings: JwtSettings): JwtVerifier {
  const key: JWTVerifyGetKey | ReturnType<typeof createPublicKey> = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), {
        cooldownDuration: settings.jwksCooldownSeconds * 1000,
        cacheMaxAge: settings.jwksCacheSeconds * 1000,
        timeoutDuration: 5000,
      })
    : createPublicKey(settings.publicKeyPem as string);
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: settings.algorithms,
    clockTolerance: settings.clockToleranceSeconds,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp'],
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      // Two calls: jwtVerify's overloads take a key or a key resolver, not their union.
      ({ payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options));
    } catch (error) {
      throw failureOf(error, settings.jwksUrl !== undefined);
    }
    const email = emailOf(payload, settings.emailClaim);
    return {
      kind: 'user',
      name: nameOf(payload),
      scopes: scopesOf(payload),
      ...(email === undefined ? {} : { email }),
    };
  };
}
