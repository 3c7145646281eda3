// FashionAiClient: the only code that talks HTTP to Fashion.AI. One keep-alive undici Pool
// per process, the two required headers, one percent-encoded path segment per identifier,
// a bounded body, and HTTP status → typed error (404 is "not found": null, not an error).
import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import type { CustomerLookup, LookupKind } from '../customer/lookup.ts';
import {
  UpstreamBadResponseError,
  UpstreamError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnauthorizedError,
  UpstreamUnavailableError,
} from './errors.ts';
import { parseUpstreamCustomer } from './parse.ts';
import type { UpstreamCustomer } from './types.ts';

export interface FashionAiClientOptions {
  /** Base URL, e.g. https://catalog.api.fashionai.dev/api/v1/crm (no trailing slash). */
  url: string;
  token: string;
  /** Most connections (so requests in flight) to the upstream at once. */
  maxConcurrency: number;
  /** Time budget of one attempt. */
  attemptTimeoutMs: number;
  maxBodyBytes: number;
}

export const ENDPOINT_SEGMENT: Readonly<Record<LookupKind, string>> = {
  email: 'email',
  phone: 'phone',
  document: 'document',
  userProfileId: 'user-profile-id',
};

/** Parses Retry-After: delta seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export interface FetchOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Time budget of this attempt (the caller's remaining budget); default attemptTimeoutMs. */
  timeoutMs?: number;
}

function errorForStatus(status: number, retryAfter: string | string[] | undefined): UpstreamError {
  if (status === 401 || status === 403) return new UpstreamUnauthorizedError();
  if (status === 429) return new UpstreamRateLimitedError(parseRetryAfter(retryAfter));
  if (status >= 500) {
    return new UpstreamUnavailableError(`Fashion.AI answered HTTP ${status}`, { retryable: true });
  }
  return new UpstreamUnavailableError(`Fashion.AI answered an unexpected HTTP ${status}`, {
    retryable: false,
  });
}

function withStatus(error: UpstreamError, status: number): UpstreamError {
  error.status = status;
  return error;
}

export class FashionAiClient {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #headers: Record<string, string>;
  readonly #options: FashionAiClientOptions;

  constructor(options: FashionAiClientOptions) {
    const url = new URL(options.url);
    this.#options = options;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-fashionai-app-token': options.token,
    };
    this.#pool = new Pool(url.origin, {
      connections: options.maxConcurrency,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      connectTimeout: Math.min(options.attemptTimeoutMs, 10_000),
    });
  }

  pathFor(lookup: CustomerLookup): string {
    // encodeURIComponent makes the identifier exactly one segment: `/`, `?`, `#`, `%` and
    // dot segments can never reach another path.
    return `${this.#basePath}/protected/profile/${ENDPOINT_SEGMENT[lookup.kind]}/${encodeURIComponent(lookup.value)}`;
  }

  /** One attempt: the customer, null when Fashion.AI has no profile (404), or a typed error. */
  async fetchProfile(
    lookup: CustomerLookup,
    options: FetchOptions = {},
  ): Promise<UpstreamCustomer | null> {
    const timeoutMs = Math.max(1, options.timeoutMs ?? this.#options.attemptTimeoutMs);
    // One controller and one timer per attempt, linked to the caller's deadline by hand:
    // AbortSignal.timeout + AbortSignal.any do the same at a higher cost on every call.
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, timeoutMs);
    const outer = options.signal;
    const onOuterAbort = () => attempt.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#pool.request({
        method: 'GET',
        path: this.pathFor(lookup),
        headers: options.headers ? { ...options.headers, ...this.#headers } : this.#headers,
        signal: attempt.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return await this.#read(response);
    } catch (error) {
      throw this.#translate(error, timedOut ? timeoutMs : undefined, outer);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }

  async #read(response: Dispatcher.ResponseData): Promise<UpstreamCustomer | null> {
    const { statusCode, headers, body } = response;
    if (statusCode !== 200) {
      await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      if (statusCode === 404) return null;
      throw withStatus(errorForStatus(statusCode, headers['retry-after']), statusCode);
    }
    const type = String(headers['content-type'] ?? '');
    if (!/\bjson\b/i.test(type)) {
      await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      throw new UpstreamBadResponseError('Fashion.AI answered with a body that is not JSON');
    }
    const text = await this.#readBounded(body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A cut or garbled body is a transfer fault: another attempt usually reads it whole.
      throw new UpstreamBadResponseError('Fashion.AI answered with malformed JSON', {
        retryable: true,
      });
    }
    return parseUpstreamCustomer(json);
  }

  async #readBounded(body: Dispatcher.ResponseData['body']): Promise<string> {
    const limit = this.#options.maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        body.destroy();
        throw new UpstreamBadResponseError(`Fashion.AI answered with a body over ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }

  #translate(error: unknown, timedOutAfterMs: number | undefined, signal?: AbortSignal): unknown {
    if (error instanceof UpstreamError) return error;
    if (
      timedOutAfterMs !== undefined ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError
    ) {
      return new UpstreamTimeoutError(timedOutAfterMs ?? this.#options.attemptTimeoutMs);
    }
    // Cancelled by the caller: hand back the caller's reason (e.g. its overall deadline).
    if (signal?.aborted) return signal.reason ?? error;
    return new UpstreamUnavailableError('Fashion.AI could not be reached', {
      retryable: true,
      cause: error,
    });
  }

  /**
   * Lets requests in flight finish for up to `graceMs`, then destroys the rest: at shutdown an
   * upstream call that outlived its HTTP request (cut by the drain) has no one to answer.
   */
  async close(graceMs = 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      timer = setTimeout(() => resolve('grace-over'), graceMs);
    });
    const closed = this.#pool.close().then(() => 'closed' as const);
    try {
      if ((await Promise.race([closed, graceOver])) === 'grace-over') await this.#pool.destroy();
    } finally {
      clearTimeout(timer);
    }
  }
}
