// The one place where gateway errors become GraphQL errors: typed upstream and input errors
// keep their contract code and our own message; anything unexpected is masked so internals
// (and never the upstream token or body) reach a client.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import type { AuthFailure } from '../auth/jwt.ts';
import type { Decision } from '../auth/policy.ts';
import { InvalidLookupError } from '../customer/lookup.ts';
import {
  UpstreamBudgetExceededError,
  UpstreamError,
  UpstreamRateLimitedError,
} from '../upstream/errors.ts';

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** The caller may not do this: UNAUTHENTICATED (HTTP 401) or FORBIDDEN (HTTP 403). */
export function accessDenied(decision: Extract<Decision, { allowed: false }>): GraphQLError {
  const status = decision.code === 'UNAUTHENTICATED' ? 401 : 403;
  return new GraphQLError(decision.message, {
    extensions: { code: decision.code, http: { status } },
  });
}

/** An operation type the schema does not have (e.g. a subscription). */
export function unsupportedOperation(type: string): GraphQLError {
  return new GraphQLError(`This gateway has no ${type} operations`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

/** A refused credential, answered by the HTTP layer before any GraphQL work. */
export function authFailureResponse(failure: AuthFailure): {
  status: number;
  body: { errors: GraphQLFormattedError[] };
} {
  const code = failure.status === 503 ? 'AUTH_UNAVAILABLE' : 'UNAUTHENTICATED';
  return {
    status: failure.status,
    body: { errors: [{ message: failure.message, extensions: { code } }] },
  };
}

/** An HTTP-level refusal of a request body (e.g. a batch too large), shaped like a GraphQL error. */
export function badRequestBody(message: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] };
}

/** PERSISTED_QUERIES_ONLY: the operation is not in the manifest. */
export function notInPersistedList(): GraphQLError {
  return new GraphQLError(
    'This gateway only runs operations from its persisted-query manifest; send the operation id (extensions.persistedQuery.sha256Hash)',
    { extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } } },
  );
}

/** Marks a rejection by an operation limit (depth, aliases, directives, tokens). */
export function operationLimitError(limit: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit } });
}

// graphql-js's own token limit (parseOptions.maxTokens) fails the parse with this message.
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * Apollo files operation-limit rejections under GRAPHQL_VALIDATION_FAILED (validation rules) or
 * GRAPHQL_PARSE_FAILED (token limit); clients get one code for "over a limit" and its name.
 */
function limitRejection(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const limit = formatted.extensions?.['limit'];
  if (typeof limit === 'string') {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT', limit } };
  }
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (formatted.extensions?.['code'] === 'GRAPHQL_PARSE_FAILED' && tokens) {
    return {
      message: `Token limit of ${tokens[1]} exceeded.`,
      extensions: { code: 'BAD_USER_INPUT', limit: 'tokens' },
    };
  }
  return undefined;
}

export function createErrorFormatter(options: { exposeDetails: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const rejection = limitRejection(formatted);
    if (rejection) return rejection;
    const original = unwrapResolverError(error);
    if (original instanceof UpstreamError) {
      const extensions: Record<string, unknown> = { code: original.code };
      const waits =
        original instanceof UpstreamRateLimitedError ||
        original instanceof UpstreamBudgetExceededError;
      if (waits && original.retryAfterSeconds !== undefined) {
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
