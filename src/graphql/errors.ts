// The one place where gateway errors become GraphQL errors: typed upstream and input errors
// keep their contract code and our own message; anything unexpected is masked so internals
// (and never the upstream token or body) reach a client.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { InvalidLookupError } from '../profiles/lookup.ts';
import { UpstreamError, UpstreamRateLimitedError } from '../upstream/errors.ts';

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** The caller lacks the scope this field needs (HTTP 403). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

export function createErrorFormatter(options: { exposeDetails: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof UpstreamError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (
        original instanceof UpstreamRateLimitedError &&
        original.retryAfterSeconds !== undefined
      ) {
        extensions['retryAfterSeconds'] = original.retryAfterSeconds;
      }
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions,
      };
    }
    if (original instanceof InvalidLookupError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code },
      };
    }
    if (original instanceof GraphQLError) return formatted;
    if (options.exposeDetails) return formatted;
    return {
      message: 'Unexpected error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
