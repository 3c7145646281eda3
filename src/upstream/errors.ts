// Typed failures of the Fashion.AI upstream. Each carries the GraphQL error code of
// CONTRACT.md; src/graphql/errors.ts is the one place that turns them into GraphQL errors.
// Messages are written by us: never the upstream body, never the token.

export abstract class UpstreamError extends Error {
  abstract readonly code: string;
  /** Whether another attempt could succeed (5xx, reset, one attempt timing out). */
  readonly retryable: boolean = false;
  /** The HTTP status Fashion.AI answered with, when the failure is one (for observers). */
  status: number | undefined;
}

export class UpstreamUnauthorizedError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAUTHORIZED';
  override name = 'UpstreamUnauthorizedError';
  constructor() {
    super('Fashion.AI refused the gateway’s credentials (HTTP 401); check FASHIONAI_APP_TOKEN');
  }
}

export class UpstreamRateLimitedError extends UpstreamError {
  readonly code = 'UPSTREAM_RATE_LIMITED';
  override name = 'UpstreamRateLimitedError';
  readonly retryAfterSeconds: number | undefined;
  constructor(retryAfterSeconds: number | undefined) {
    super(
      retryAfterSeconds === undefined
        ? 'Fashion.AI is rate limiting the gateway (HTTP 429)'
        : `Fashion.AI is rate limiting the gateway (HTTP 429); retry after ${retryAfterSeconds} s`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The gateway's own throttle held the call back: Fashion.AI was not called at all. */
export class UpstreamThrottledError extends UpstreamRateLimitedError {
  override name = 'UpstreamThrottledError';
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds);
    this.message = `The gateway is holding back calls to Fashion.AI after its 429s; retry after ${retryAfterSeconds} s`;
  }
}

export class UpstreamTimeoutError extends UpstreamError {
  readonly code = 'UPSTREAM_TIMEOUT';
  override name = 'UpstreamTimeoutError';
  override readonly retryable: boolean = true;
  constructor(timeoutMs: number) {
    super(`Fashion.AI did not answer within ${timeoutMs} ms`);
  }
}

/**
 * The caller's whole budget (UPSTREAM_TIMEOUT_MS) ran out, wherever the call was: queued,
 * waiting for its turn, or in flight. The gateway gave up; it says nothing about Fashion.AI's
 * health, so the circuit breaker does not count it.
 */
export class UpstreamBudgetSpentError extends UpstreamTimeoutError {
  override name = 'UpstreamBudgetSpentError';
  override readonly retryable = false;
}

export class UpstreamUnavailableError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  override name = 'UpstreamUnavailableError';
  override readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? true;
  }
}

/** The circuit breaker is open: Fashion.AI was not called at all. */
export class UpstreamCircuitOpenError extends UpstreamUnavailableError {
  override name = 'UpstreamCircuitOpenError';
  constructor() {
    super('Fashion.AI is failing; the gateway is not calling it for a while (circuit open)', {
      retryable: false,
    });
  }
}

/** The bulkhead's queue is full: failing fast instead of queueing without bound. */
export class UpstreamOverloadedError extends UpstreamUnavailableError {
  override name = 'UpstreamOverloadedError';
  constructor() {
    super('Too many Fashion.AI calls are waiting; try again shortly', { retryable: false });
  }
}

export class UpstreamBadResponseError extends UpstreamError {
  readonly code = 'UPSTREAM_BAD_RESPONSE';
  override name = 'UpstreamBadResponseError';
  override readonly retryable: boolean;
  /** Retryable only when the body was cut or garbled in transit (e.g. malformed JSON). */
  constructor(message: string, options: { retryable?: boolean } = {}) {
    super(message);
    this.retryable = options.retryable ?? false;
  }
}

/**
 * The caller has spent its own budget of upstream calls (UPSTREAM_BUDGETS): Fashion.AI was not
 * called. Only lookups that need the vendor fail this way; cache hits still succeed.
 */
export class UpstreamBudgetExceededError extends UpstreamError {
  readonly code = 'UPSTREAM_BUDGET_EXCEEDED';
  override name = 'UpstreamBudgetExceededError';
  readonly retryAfterSeconds: number;
  /** The budget group refused (for the gateway's own use: never sent to clients). */
  readonly group: string;
  constructor(group: string, retryAfterSeconds: number) {
    super(
      `This caller has used its budget of Fashion.AI calls for now; cached profiles are still served, new lookups again in ${retryAfterSeconds} s`,
    );
    this.group = group;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
