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
import type { CustomerLookup } from '../customer/lookup.ts';
import { breakerStateName, createBreaker } from './circuit-breaker.ts';
import { codeOf, retryWithinBudget } from './call-retries.ts';
import type { FashionAiClient } from './client.ts';
import { Deadline } from './deadline.ts';
import {
  UpstreamCircuitOpenError,
  UpstreamError,
  UpstreamOverloadedError,
  UpstreamRateLimitedError,
  UpstreamThrottledError,
  UpstreamTimeoutError,
  UpstreamUnauthorizedError,
} from './errors.ts';
import { notify } from './observer.ts';
import type { BreakerState, UpstreamGauges, UpstreamObserver } from './observer.ts';
import { RetryBudget } from './retry-budget.ts';
import { AdaptiveThrottle } from './throttle.ts';
import type { ThrottleMode } from './throttle.ts';
import type { ResilienceSettings } from './settings.ts';
import type { UpstreamRate } from './shared-rate.ts';
import type { UpstreamCustomer } from './types.ts';

export interface ResilienceOptions {
  settings: ResilienceSettings;
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
    const { observer, logger, settings } = options;
    this.#breaker = createBreaker(settings.breaker, observer, logger);
    this.#bulkhead = bulkhead(settings.maxConcurrency, settings.maxQueue);
    this.#throttle = new AdaptiveThrottle(settings.throttle, (untilMs, retryAfterSeconds) => {
      logger?.warn(
        { retryAfterSeconds },
        'Fashion.AI is rate limiting (HTTP 429) and means it: pausing every upstream call',
      );
      notify(() => observer?.rateLimitPaused?.({ untilMs, retryAfterSeconds }));
      // Tell the other replicas, unless this pause came from them.
      if (!this.#relayingFleetPause) options.rate?.paused(retryAfterSeconds);
    });
    this.#retryBudget = new RetryBudget({
      ...settings.retryBudget,
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
    return this.#options.settings.maxConcurrency - this.#bulkhead.executionSlots;
  }

  get queued(): number {
    return this.#options.settings.maxQueue - this.#bulkhead.queueSlots;
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
    const deadline = new Deadline(this.#options.settings.timeoutMs);
    this.#retryBudget.recordCall();
    try {
      const { observer } = this.#options;
      const { maxRetries, retryBaseDelayMs } = this.#options.settings;
      const call = retryWithinBudget(
        lookup.kind,
        deadline,
        { maxRetries, retryBaseDelayMs, budget: this.#retryBudget, observer },
        (attempt) => this.#attempt(lookup, deadline, attempt),
      );
      return await deadline.race(call);
    } catch (error) {
      const refusal =
        error instanceof UpstreamCircuitOpenError
          ? 'circuit_open'
          : error instanceof UpstreamThrottledError
            ? 'throttled'
            : undefined;
      if (refusal) {
        const { observer } = this.#options;
        notify(() => observer?.callRefused?.({ kind: lookup.kind, reason: refusal }));
      }
      if (error instanceof UpstreamError) throw error;
      // Cancelled inside a policy because the budget ran out (e.g. while queued).
      if (deadline.signal.aborted) throw new UpstreamTimeoutError(this.#options.settings.timeoutMs);
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
        timeoutMs: Math.min(this.#options.settings.attemptTimeoutMs, deadline.remaining()),
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
