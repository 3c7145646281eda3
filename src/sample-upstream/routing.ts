// Routing of the sample upstream: only `{base}/protected/profile/{kind}/{id}` with the id as
// exactly one percent-encoded segment; anything else (extra segments, `%2F` tricks) is no route.
import type { IdentifierKind } from './types.ts';

export type ProfileRoute =
  | { type: 'outside' }
  | { type: 'no-route' }
  | { type: 'bad-encoding'; kind: IdentifierKind }
  | { type: 'profile'; kind: IdentifierKind; identifier: string };

const KIND_BY_SEGMENT: ReadonlyMap<string, IdentifierKind> = new Map([
  ['email', 'email'],
  ['phone', 'phone'],
  ['document', 'document'],
  ['user-profile-id', 'userProfileId'],
]);

/** `basePath` as given by the operator, reduced to '' or '/a/b' (no trailing slash). */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Classifies a raw request target (req.url); the query string never takes part in routing. */
export function routeProfileRequest(rawUrl: string, basePath: string): ProfileRoute {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const prefix = `${basePath}/protected/profile/`;
  if (!path.startsWith(prefix)) return { type: 'outside' };
  const segments = path.slice(prefix.length).split('/');
  const [kindSegment, idSegment] = segments;
  const kind = kindSegment === undefined ? undefined : KIND_BY_SEGMENT.get(kindSegment);
  if (segments.length !== 2 || kind === undefined || !idSegment) return { type: 'no-route' };
  try {
    return { type: 'profile', kind, identifier: decodeURIComponent(idSegment) };
  } catch {
    return { type: 'bad-encoding', kind };
  }
}
