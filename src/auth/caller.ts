// Who is calling the gateway, as the resolvers and plugins see it. Authentication (API keys,
// end-user JWTs) produces a Caller; authorisation checks its scopes. Demo mode and an
// explicit GATEWAY_AUTH=none produce the open caller.

export const SCOPE_READ = 'profiles:read';
export const SCOPE_ADMIN = 'profiles:admin';
/** Responses carry the cost counters in `extensions.gateway` even where DEBUG_EXTENSIONS is off. */
export const SCOPE_DEBUG = 'gateway:debug';

export interface Caller {
  /** How the caller proved who they are. */
  kind: 'open' | 'apiKey' | 'user';
  /** What logs show: the API key's name, the token's subject, or `anonymous`. */
  name: string;
  scopes: ReadonlySet<string>;
  /** The end user's e-mail, from a verified token: the only identifier `Query.me` uses. */
  email?: string;
}

export const OPEN_CALLER: Caller = {
  kind: 'open',
  name: 'anonymous',
  scopes: new Set([SCOPE_READ]),
};
