// Drives one stretch of load with autocannon: each request is built on the fly (so every request
// can name a never-seen customer), every response is screened for GraphQL errors, and every
// Nth body is kept, with what it should contain, for the data check done after the run.
import autocannon from 'autocannon';
import type { Expectation, Sample } from './oracle.ts';

export interface NextRequest {
  path?: string;
  body?: string | Buffer;
  expect: Expectation;
}

export interface LoadSpec {
  /** Origin of the target, e.g. http://127.0.0.1:4000 */
  origin: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds of load; ignored when `amount` is given. */
  duration?: number;
  /** Exact number of requests, all awaited (no request is cut off at the end). */
  amount?: number;
  next(): NextRequest;
  /** Called with the count of responses so far, after each response. */
  onCompleted?(completed: number): void;
}

export interface LoadOutcome {
  completed: number;
  sent: number;
  seconds: number;
  reqPerSec: number;
  latencyMs: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  /** Connection errors and timeouts as autocannon counts them. */
  transportErrors: number;
  /** 2xx responses whose body carried a GraphQL `errors` entry. */
  graphqlErrors: number;
  samples: Sample[];
}

const sampleEvery = 10;
const sampleCap = 400;
const safetyStopSeconds = 600;

/** Reservoir sampling: the kept bodies are spread over the whole run, not just its start. */
function keepSample(samples: Sample[], seen: number, sample: Sample): void {
  if (samples.length < sampleCap) samples.push(sample);
  else {
    const slot = Math.floor(Math.random() * seen);
    if (slot < sampleCap) samples[slot] = sample;
  }
}

export async function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  let completed = 0;
  let graphqlErrors = 0;
  let lastResponseAt = 0;
  let candidates = 0;
  const samples: Sample[] = [];
  const startedAt = performance.now();
  const instance = autocannon({
    url: spec.origin,
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
    ...(spec.amount === undefined ? { duration: spec.duration ?? 10 } : { amount: spec.amount }),
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        setupRequest(request, context) {
          const next = spec.next();
          // With pipelining 1 a client's context belongs to its one outstanding request, so the
          // response handler below can tell which customer the body should describe.
          context['expect'] = next.expect;
          return { ...request, path: next.path ?? spec.path, body: next.body ?? '' };
        },
        onResponse(status, body, context) {
          completed += 1;
          lastResponseAt = performance.now();
          if (body.includes('"errors":')) graphqlErrors += 1;
          if (completed % sampleEvery === 0) {
            keepSample(samples, (candidates += 1), {
              expect: context['expect'] as Expectation,
              status,
              body,
            });
          }
          spec.onCompleted?.(completed);
        },
      },
    ],
  });
  const guard = setTimeout(() => instance.stop(), safetyStopSeconds * 1000);
  const result = await instance;
  clearTimeout(guard);
  const seconds = ((lastResponseAt || performance.now()) - startedAt) / 1000;
  return {
    completed,
    sent: result.requests.sent,
    seconds,
    reqPerSec: seconds > 0 ? completed / seconds : 0,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
    },
    non2xx: result.non2xx,
    transportErrors: result.errors + result.timeouts,
    graphqlErrors,
    samples,
  };
}
