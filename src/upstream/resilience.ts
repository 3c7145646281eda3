// ResilientFashionAiClient: FashionAiClient behind its upstream policies, composed as
//   deadline (UPSTREAM_TIMEOUT_MS) ⊃ retry (within the retry budget) ⊃ adaptive throttle ⊃
//   fleet rate ⊃ circuit breaker ⊃ bulkhead ⊃ one attempt (per-attempt timeout),
// so retries never outlive the caller's budget and the breaker sees every attempt once.
import { AsyncResource } from 'node:async_hooks';
import {
  BulkheadRejectedError,
  bulkhead,
  isBrokenCircuitError,
  isIsolatedCircuitError,
} from 'cockatiel';
import type { BulkheadPolicy, CircuitBreakerPolicy } from 'cockatiel';
import type { UpstreamRate } from '../fleet/rate.ts';
import type { CustomerLookup } from '../profiles/lookup.ts';
import { breakerStateName, createBreaker } from './breaker.ts';
import { codeOf, retryWithinBudget } from './call-retries.ts';
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
import { RetryBudget } from './retry-budget.ts';
import { AdaptiveThrottle } from './throttle.ts';
import type { ThrottleMode } from './throttle.ts';
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
  /** Retries may add at most this share (0..1) of the calls over the last 10 s… */
  retryBudgetRatio: number;
  /** …plus this many per second, so light traffic can still retry. */
  retryBudgetMinPerSecond: number;
  /** A Retry-After at least this long stops every call until it has passed. */
  throttleLongPauseSeconds: number;
  /** Longest a call waits for its turn while the throttle limits the rate. */
  throttleMaxWaitMs: number;
  /** Share (0..1) of failed attempts over the window that opens the breaker… */
  breakerFailureRate: number;
  breakerWindowMs: number;
  /** …when the window holds at least this many attempts. */
  breakerMinCalls: number;
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

/** How far back the retry budget counts calls and retries. */
const RETRY_BUDGET_WINDOW_MS = 10_000;
/** A wrong token is logged at most this often (with how many 401s were not logged). */
const UNAUTHORIZED_LOG_INTERVAL_MS = 60_000;

export class ResilientFashionAiClient implements UpstreamGauges {
  readonly #client: Pick<FashionAiClient, 'fetchProfile' | 'close'>;
  readonly #options: ResilienceOptions;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #bulkhead: BulkheadPolicy;
  readonly #throttle: AdaptiveThrottle;
  #relayingFleetPause = false;
  readonly #retryBudget: RetryBudget;
  #unauthorizedLoggedAt = 0;
  #unauthorizedSuppressed = 0;

  constructor(client: Pick<FashionAiClient, 'fetchProfile' | 'close'>, options: ResilienceOptions) {
    this.#client = client;
    this.#options = options;
    const { observer, logger } = options;
    this.#breaker = createBreaker({
      failureRate: options.breakerFailureRate,
      windowMs: options.breakerWindowMs,
      minCalls: options.breakerMinCalls,
      halfOpenAfterMs: options.breakerHalfOpenAfterMs,
      observer,
      logger,
    });
    this.#bulkhead = bulkhead(options.maxConcurrency, options.maxQueue);
    this.#throttle = new AdaptiveThrottle(
      {
        longPauseSeconds: options.throttleLongPauseSeconds,
        maxWaitMs: options.throttleMaxWaitMs,
      },
      (untilMs, retryAfterSeconds) => {
        logger?.warn(
          { retryAfterSeconds },
          'Fashion.AI is rate limiting (HTTP 429) and means it: pausing every upstream call',
        );
        notify(() => observer?.rateLimitPaused?.({ untilMs, retryAfterSeconds }));
        // Tell the other replicas, unless this pause came from them.
        if (!this.#relayingFleetPause) options.rate?.paused(retryAfterSeconds);
      },
    );
    this.#retryBudget = new RetryBudget({
      ratio: options.retryBudgetRatio,
      minPerSecond: options.retryBudgetMinPerSecond,
      windowMs: RETRY_BUDGET_WINDOW_MS,
    });
    // A pause decided by another replica's throttle holds this one too.
    options.rate?.onFleetPause((seconds) => {
      this.#relayingFleetPause = true;
      try {
        this.#throttle.pauseFor(seconds);
      } finally {
        this.#relayingFleetPause = false;
      }
    });
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
    return this.#throttle.pausedUntil;
  }

  get throttleRate(): number {
    return this.#throttle.rate;
  }

  get throttleMode(): ThrottleMode {
    return this.#throttle.mode;
  }

  get retryBudgetAvailable(): number {
    return this.#retryBudget.available();
  }

  /** The customer, null for a 404, or a typed UpstreamError — always within the budget. */
  async fetchProfile(lookup: CustomerLookup): Promise<UpstreamCustomer | null> {
    const deadline = new Deadline(this.#options.budgetMs);
    this.#retryBudget.recordCall();
    try {
      const { maxRetries, retryBaseDelayMs, observer } = this.#options;
      const call = retryWithinBudget(
        lookup.kind,
        deadline,
        { maxRetries, retryBaseDelayMs, budget: this.#retryBudget, observer },
        (attempt) => this.#attempt(lookup, deadline, attempt),
      );
      return await deadline.race(call);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      // Cancelled inside a policy because the budget ran out (e.g. while queued).
      if (deadline.signal.aborted) throw new UpstreamTimeoutError(this.#options.budgetMs);
      throw error;
    } finally {
      deadline.dispose();
    }
  }

  async #attempt(
    lookup: CustomerLookup,
    deadline: Deadline,
    attempt: number,
  ): Promise<UpstreamCustomer | null> {
    // Wait for a send slot (this process's throttle, then the fleet's rate) before taking a
    // queue slot or the half-open probe, so that time spent held back is never counted by the
    // breaker.
    await this.#throttle.acquire(deadline);
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
    const { observer } = this.#options;
    const kind = lookup.kind;
    notify(() => observer?.attemptStarted?.({ kind, attempt }));
    const started = performance.now();
    this.#throttle.onSent();
    try {
      const customer = await this.#client.fetchProfile(lookup, {
        signal: deadline.signal,
        timeoutMs: Math.min(this.#options.attemptTimeoutMs, deadline.remaining()),
      });
      const outcome = customer ? 'ok' : 'not-found';
      const status = customer ? 200 : 404;
      const durationMs = performance.now() - started;
      notify(() => observer?.attemptFinished?.({ kind, attempt, outcome, status, durationMs }));
      this.#throttle.onAccepted();
      return customer;
    } catch (error) {
      const durationMs = performance.now() - started;
      const status = error instanceof UpstreamError ? error.status : undefined;
      const outcome = codeOf(error);
      notify(() => observer?.attemptFinished?.({ kind, attempt, outcome, status, durationMs }));
      if (error instanceof UpstreamRateLimitedError) {
        this.#throttle.onThrottled(error.retryAfterSeconds);
        // With a fleet quota, every replica's 429 cuts the shared rate.
        this.#options.rate?.rateLimited();
      } else if (!deadline.signal.aborted) {
        // Any other answer (or failure) is not a refusal: it counts toward what was accepted.
        this.#throttle.onAccepted();
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
