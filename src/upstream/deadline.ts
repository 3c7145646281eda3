// The overall time budget of one upstream call (UPSTREAM_TIMEOUT_MS), retries, back-off,
// rate-limit pauses and queueing included. Every policy reads the same deadline, so no layer
// can spend time the caller does not have.
import { UpstreamBudgetSpentError } from './errors.ts';

/** Less time than this left for an attempt is not worth making it (every wait keeps it free). */
export const MIN_ATTEMPT_MS = 50;

export class Deadline {
  readonly budgetMs: number;
  readonly at: number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(budgetMs: number) {
    this.budgetMs = budgetMs;
    this.at = Date.now() + budgetMs;
    // The abort reason is what a caller cut off by the deadline receives.
    this.#timer = setTimeout(
      () => this.#controller.abort(new UpstreamBudgetSpentError(budgetMs)),
      budgetMs,
    );
    this.#timer.unref();
  }

  /** Aborted (with an UpstreamBudgetSpentError as reason) when the budget is spent. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  remaining(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  /**
   * Settles with `work`, or rejects with UpstreamBudgetSpentError when the budget runs out first,
   * whatever `work` is waiting on (a queue slot, a half-open probe, a pause).
   */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) {
      work.catch(() => undefined);
      return Promise.reject(signal.reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }

  /** Frees the timer once the call is over (a call usually ends well before its deadline). */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
