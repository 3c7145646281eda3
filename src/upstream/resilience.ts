// ResilientFashionAiClient: FashionAiClient behind cockatiel policies, composed as
//   deadline (UPSTREAM_TIMEOUT_MS) ⊃ retry ⊃ fleet rate ⊃ circuit breaker ⊃ bulkhead ⊃
//   rate-limit gate ⊃ one attempt (per-attempt timeout),
// so retries never outlive the caller's budget and the breaker sees every attempt once.
import { AsyncResource } from 'node:async_hooks';
import {
  BulkheadRejectedError,
  DelegateBackoff,
  bulkhead,
  handleWhen,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  retry,
} from 'cockatiel';
import type { BulkheadPolicy, CircuitBreakerPolicy, IRetryBackoffContext } from 'cockatiel';
import type { UpstreamRate } from '../fleet/rate.ts';
import type { CustomerLookup } from '../profiles/lookup.ts';
import { breakerStateName, createBreaker } from './breaker.ts';
import type { FashionAiClient } from './client.ts';
import { Deadline } from './deadline.ts';
import {
  UpstreamCircuitOpenError,
  UpstreamError,
  UpstreamOverloadedError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthorizedError,
} from './errors.ts';
import { notify } from './observer.ts';
import type { BreakerState, UpstreamGauges, UpstreamObserver } from './observer.ts';
import { MIN_ATTEMPT_MS, RateLimitGate } from './rate-limit-gate.ts';
import type { UpstreamCustomer } from './types.ts';

export interface ResilienceOptions {
  /** Whole budget of one call, retries and waits included (UPSTREAM_TIMEOUT_MS). */
  budgetMs: number;
  /** Most time one attempt may take (it also never exceeds what is left of the budget). */
  attemptTimeoutMs: number;
  /** Retries after the first attempt (UPSTREAM_MAX_RETRIES). */
  maxRetries: number;
  /** Back-off before retry n is uniform in [0, base × 2^(n-1)) (full jitter). */
  retryBaseDelayMs: number;
  maxConcurrency: number;
  maxQueue: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one probe may pass. */
  breakerHalfOpenAfterMs: number;
  observer?: UpstreamObserver;
  logger?: ResilienceLogger;
  /** The fleet's shared rate and 429 signal (src/fleet/rate.ts); absent: this process alone. */
  rate?: UpstreamRate;
}

export interface ResilienceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Longest single back-off, whatever the attempt number. */
const MAX_BACKOFF_MS = 2000;
/** A wrong token is logged at most this often (with how many 401s were not logged). */
const UNAUTHORIZED_LOG_INTERVAL_MS = 60_000;

const codeOf = (error: unknown) => (error instanceof UpstreamError ? error.code : 'INTERNAL');

export class ResilientFashionAiClient implements UpstreamGauges {
  readonly #client: Pick<FashionAiClient, 'fetchProfile' | 'close'>;
  readonly #options: ResilienceOptions;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #bulkhead: BulkheadPolicy;
  readonly #gate: RateLimitGate;
  #unauthorizedLoggedAt = 0;
  #unauthorizedSuppressed = 0;

  constructor(client: Pick<FashionAiClient, 'fetchProfile' | 'close'>, options: ResilienceOptions) {
    this.#client = client;
    this.#options = options;
    const { observer, logger } = options;
    this.#breaker = createBreaker({
      threshold: options.breakerThreshold,
      halfOpenAfterMs: options.breakerHalfOpenAfterMs,
      observer,
      logger,
    });
    this.#bulkhead = bulkhead(options.maxConcurrency, options.maxQueue);
    this.#gate = new RateLimitGate((untilMs, retryAfterSeconds) => {
      logger?.warn(
        { retryAfterSeconds },
        'Fashion.AI is rate limiting (HTTP 429): pausing every upstream call',
      );
      notify(() => observer?.rateLimitPaused?.({ untilMs, retryAfterSeconds }));
    });
    // A 429 seen by another replica pauses this one too.
    options.rate?.onFleetPause((seconds) => this.#gate.pause(seconds));
  }

  get inFlight(): number {
    return this.#options.maxConcurrency - this.#bulkhead.executionSlots;
  }

  get queued(): number {
    return this.#options.maxQueue - this.#bulkhead.queueSlots;
  }

  get breakerState(): BreakerState {
    return breakerStateName(this.#breaker.state);
  }

  get rateLimitedUntil(): number {
    return this.#gate.pausedUntil;
  }

  /** The customer, null for a 404, or a typed UpstreamError — always within the budget. */
  async fetchProfile(lookup: CustomerLookup): Promise<UpstreamCustomer | null> {
    const deadline = new Deadline(this.#options.budgetMs);
    try {
      return await deadline.race(this.#withRetries(lookup, deadline));
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      // Cancelled inside a policy because the budget ran out (e.g. while queued).
      if (deadline.signal.aborted) throw new UpstreamTimeoutError(this.#options.budgetMs);
      throw error;
    } finally {
      deadline.dispose();
    }
  }

  #withRetries(lookup: CustomerLookup, deadline: Deadline): Promise<UpstreamCustomer | null> {
    // One policy per call: whether to retry, and how long to wait, depend on this call's budget.
    const policy = retry(
      handleWhen((error) => this.#worthRetrying(error, deadline)),
      {
        maxAttempts: this.#options.maxRetries,
        backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
          this.#backoffMs(context, deadline),
        ),
      },
    );
    const { observer } = this.#options;
    if (observer?.retryScheduled) {
      policy.onRetry((event) => {
        const reason = 'error' in event ? codeOf(event.error) : 'INTERNAL';
        notify(() =>
          observer.retryScheduled?.({
            kind: lookup.kind,
            attempt: event.attempt + 1,
            delayMs: event.delay,
            reason,
          }),
        );
      });
    }
    return policy.execute(
      ({ attempt }) => this.#attempt(lookup, deadline, attempt + 1),
      deadline.signal,
    );
  }

  #worthRetrying(error: unknown, deadline: Deadline): boolean {
    if (error instanceof UpstreamRateLimitedError) return this.#gate.fits(deadline);
    if (!(error instanceof UpstreamError) || !error.retryable) return false;
    return deadline.remaining() >= MIN_ATTEMPT_MS;
  }

  #backoffMs(context: IRetryBackoffContext<unknown>, deadline: Deadline): number {
    // After a 429 the gate does the waiting (until Retry-After), for every call at once.
    if ('error' in context.result && context.result.error instanceof UpstreamRateLimitedError) {
      return 0;
    }
    const ceiling = Math.min(
      MAX_BACKOFF_MS,
      this.#options.retryBaseDelayMs * 2 ** (context.attempt - 1),
    );
    const jittered = Math.floor(Math.random() * ceiling);
    // Never sleep into the time the retry itself needs.
    return Math.max(0, Math.min(jittered, deadline.remaining() - MIN_ATTEMPT_MS));
  }

  async #attempt(
    lookup: CustomerLookup,
    deadline: Deadline,
    attempt: number,
  ): Promise<UpstreamCustomer | null> {
    // Wait out a 429 pause, then the fleet's rate, before taking a queue slot or the probe.
    await this.#gate.ready(deadline);
    await this.#options.rate?.acquire(deadline);
    try {
      // A queued call is started by the call that frees its slot: bound to its own async
      // context, it keeps its request's id and trace parent rather than borrowing that one's.
      const fire = AsyncResource.bind(() => this.#fire(lookup, deadline, attempt));
      return await this.#breaker.execute(
        () => this.#bulkhead.execute(fire, deadline.signal),
        deadline.signal,
      );
    } catch (error) {
      if (isBrokenCircuitError(error) || isIsolatedCircuitError(error)) {
        throw new UpstreamCircuitOpenError();
      }
      if (error instanceof BulkheadRejectedError) {
        notify(() => this.#options.observer?.bulkheadRejected?.({ kind: lookup.kind }));
        throw new UpstreamOverloadedError();
      }
      throw error;
    }
  }

  /** One HTTP request, holding a bulkhead slot. */
  async #fire(
    lookup: CustomerLookup,
    deadline: Deadline,
    attempt: number,
  ): Promise<UpstreamCustomer | null> {
    // Queued while a 429 arrived: wait again rather than firing into the limit.
    await this.#gate.ready(deadline);
    const { observer } = this.#options;
    const kind = lookup.kind;
    notify(() => observer?.attemptStarted?.({ kind, attempt }));
    const started = performance.now();
    try {
      const customer = await this.#client.fetchProfile(lookup, {
        signal: deadline.signal,
        timeoutMs: Math.min(this.#options.attemptTimeoutMs, deadline.remaining()),
      });
      const outcome = customer ? 'ok' : 'not-found';
      const status = customer ? 200 : 404;
      const durationMs = performance.now() - started;
      notify(() => observer?.attemptFinished?.({ kind, attempt, outcome, status, durationMs }));
      return customer;
    } catch (error) {
      const durationMs = performance.now() - started;
      const status = error instanceof UpstreamError ? error.status : undefined;
      const outcome = codeOf(error);
      notify(() => observer?.attemptFinished?.({ kind, attempt, outcome, status, durationMs }));
      if (error instanceof UpstreamRateLimitedError) {
        // With a fleet quota a short Retry-After cuts the shared rate instead of stopping.
        const absorbed = this.#options.rate?.rateLimited(error.retryAfterSeconds) ?? false;
        if (!absorbed) this.#gate.pause(error.retryAfterSeconds);
      }
      if (error instanceof UpstreamUnauthorizedError) this.#reportUnauthorized();
      throw error;
    }
  }

  /** A 401 is the operator's configuration error, not flakiness: say so loudly (not per call). */
  #reportUnauthorized(): void {
    const now = Date.now();
    if (now - this.#unauthorizedLoggedAt < UNAUTHORIZED_LOG_INTERVAL_MS) {
      this.#unauthorizedSuppressed += 1;
      return;
    }
    this.#options.logger?.error(
      { suppressedSinceLastLog: this.#unauthorizedSuppressed },
      'Fashion.AI refused the gateway’s token (HTTP 401): FASHIONAI_APP_TOKEN is wrong or revoked',
    );
    this.#unauthorizedLoggedAt = now;
    this.#unauthorizedSuppressed = 0;
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
