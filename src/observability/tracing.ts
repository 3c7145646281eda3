// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test hands in
// an exporter). Off, nothing is created or registered and callers skip span work entirely.
// The provider is kept here, not registered globally: the gateway's own code holds the tracer.
import { ROOT_CONTEXT, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Tests: export synchronously to this exporter (e.g. InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** W3C trace context of the active span, as headers for an outgoing request. */
  inject(headers: Record<string, string>): void;
  /** The parent context a client sent in `traceparent`/`tracestate`, if any. */
  extract(headers: Record<string, string | string[] | undefined>): Context;
  /** Runs fn with span as the active span (so children and `inject` see it). */
  withSpan<T>(span: Span, fn: () => T): T;
  /** Starts a span under the active one, runs fn in it and ends it, recording a thrown error. */
  inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T>;
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
let contextManagerInstalled = false;

/** Async context is what makes a span "active" across awaits; the API needs one, globally. */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = context.setGlobalContextManager(
    new AsyncLocalStorageContextManager().enable(),
  );
}

/** undefined when tracing is off: no provider, no exporter, no context manager. */
export function createTracing(options: TracingOptions): Tracing | undefined {
  let processor: SpanProcessor;
  if (options.exporter) processor = new SimpleSpanProcessor(options.exporter);
  else if (options.otlpEndpoint)
    processor = new BatchSpanProcessor(
      new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }),
    );
  else return undefined;

  installContextManager();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('fashionai-profile-gateway');

  return {
    tracer,
    inject(headers) {
      propagator.inject(context.active(), headers, {
        set: (carrier, key, value) => {
          carrier[key] = value;
        },
      });
    },
    extract(headers) {
      return propagator.extract(ROOT_CONTEXT, headers, {
        get: (carrier, key) => carrier[key],
        keys: (carrier) => Object.keys(carrier),
      });
    },
    withSpan: (span, fn) => context.with(trace.setSpan(context.active(), span), fn),
    inSpan: (name, spanOptions, fn) =>
      tracer.startActiveSpan(name, spanOptions, async (span) => {
        try {
          return await fn(span);
        } catch (error) {
          recordError(span, error);
          throw error;
        } finally {
          span.end();
        }
      }),
    async shutdown() {
      await provider.shutdown();
    },
  };
}

/** Marks the span failed with the error's class name and contract code. */
export function recordError(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: typeof code === 'string' ? code : undefined,
  });
  span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
}
