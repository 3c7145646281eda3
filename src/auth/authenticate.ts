// Turns a request's credentials into a Caller: `x-api-key: <key>` or
// `Authorization: Bearer <key or JWT>`. On an open gateway everyone is the open caller; else a
// missing, ambiguous or invalid credential is an AuthFailure (HTTP 401, or 503 if the key set
// cannot be fetched) and nothing else happens for that request.
import type { IncomingHttpHeaders } from 'node:http';
import { createApiKeyVerifier } from './api-keys.ts';
import { OPEN_CALLER } from './caller.ts';
import type { Caller } from './caller.ts';
import { AuthFailure, createJwtVerifier } from './jwt.ts';
import type { AuthSettings } from './settings.ts';

export type Authenticator = (headers: IncomingHttpHeaders) => Promise<Caller>;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_CREDENTIAL_LENGTH = 8192;

interface Credential {
  type: 'apiKey' | 'bearer';
  value: string;
}

function credentialOf(headers: IncomingHttpHeaders): Credential {
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;
  if (Array.isArray(apiKey)) {
    throw new AuthFailure('Send one x-api-key header', 'several x-api-key headers');
  }
  if (apiKey !== undefined && authorization !== undefined) {
    throw new AuthFailure(
      'Send one credential: Authorization or x-api-key, not both',
      'two credentials',
    );
  }
  if (apiKey !== undefined) {
    if (apiKey === '' || apiKey.length > MAX_CREDENTIAL_LENGTH) {
      throw new AuthFailure('Unknown API key', 'malformed x-api-key');
    }
    return { type: 'apiKey', value: apiKey };
  }
  if (authorization !== undefined) {
    const match = authorization.length <= MAX_CREDENTIAL_LENGTH ? BEARER.exec(authorization) : null;
    if (!match?.[1]) {
      throw new AuthFailure('Authorization must be "Bearer <token>"', 'malformed authorization');
    }
    return { type: 'bearer', value: match[1] };
  }
  throw new AuthFailure(
    'Credentials required: send Authorization: Bearer <token> or x-api-key: <key>',
    'no credentials',
  );
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.mode === 'open') return async () => OPEN_CALLER;
  const apiKey = createApiKeyVerifier(settings.apiKeys);
  const jwt = settings.jwt ? createJwtVerifier(settings.jwt) : undefined;
  return async (headers) => {
    const credential = credentialOf(headers);
    if (credential.type === 'bearer' && jwt && JWT_SHAPE.test(credential.value)) {
      return jwt(credential.value);
    }
    const caller = apiKey(credential.value);
    if (!caller) {
      throw new AuthFailure(
        jwt ? 'Unknown API key or invalid token' : 'Unknown API key',
        'unknown api key',
      );
    }
    return caller;
  };
}
