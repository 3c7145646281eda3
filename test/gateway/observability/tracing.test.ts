// OpenTelemetry: the span tree of one query (request → root resolvers, loader batch →
// upstream call), exported to an in-memory exporter, and W3C trace context sent upstream.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracing } from '../../../src/observability/tracing.ts';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const exporter = new InMemorySpanExporter();
let h: Harness;
beforeAll(async () => {
  const tracing = createTracing({ serviceName: 'gateway-test', exporter });
  h = await startHarness({ build: tracing ? { tracing } : {} });
});
afterAll(() => h.close());
beforeEach(() => {
  exporter.reset();
  h.upstream.resetStats();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';

describe('tracing', () => {
  it('records the span tree of one query and propagates the trace upstream', async () => {
    const c = sampleCustomer(41);
    const res = await h.query(
      `query TraceProbe {
        a: customer(by: { email: "${c.email}" }) { userProfileId }
        b: customer(by: { email: "${c.email}" }) { profile { summary { style } } }
      }`,
      undefined,
      { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    );
    expect(res.body.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const tree = (parent: string | undefined) =>
      spans.filter((s) => parentOf(s) === parent).map((s) => s.name);

    // The client's trace continues: its span is the parent of the gateway's request span.
    const [root] = spans.filter((s) => parentOf(s) === CLIENT_SPAN);
    expect(root?.name).toBe('query TraceProbe');
    expect(root?.kind).toBe(SpanKind.SERVER);
    expect(root?.attributes['graphql.operation.name']).toBe('TraceProbe');
    expect(spans.every((s) => s.spanContext().traceId === CLIENT_TRACE)).toBe(true);

    const rootId = idOf(root as ReadableSpan);
    expect(tree(rootId).sort()).toEqual([
      'graphql.resolve Query.customer',
      'graphql.resolve Query.customer',
      'profiles.load_batch',
    ]);
    const batch = spans.find((s) => s.name === 'profiles.load_batch') as ReadableSpan;
    expect(batch.attributes['gateway.batch_size']).toBe(1);
    // One upstream call (retries and waits included), then its HTTP attempt(s).
    expect(tree(idOf(batch))).toEqual(['fashionai.fetch_profile']);
    const fetch = spans.find((s) => s.name === 'fashionai.fetch_profile') as ReadableSpan;
    expect(fetch.attributes['fashionai.endpoint']).toBe('email');
    const attempts = spans.filter((s) => parentOf(s) === idOf(fetch));
    expect(attempts.map((s) => s.name)).toEqual(['GET /protected/profile/email/{identifier}']);
    const call = attempts[0] as ReadableSpan;
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes['http.response.status_code']).toBe(200);
    expect(call.attributes['http.request.resend_count']).toBe(0);
    expect(tree(idOf(call))).toEqual([]);
    // Aliases resolved in their own spans, with their path.
    const paths = spans
      .filter((s) => s.name === 'graphql.resolve Query.customer')
      .map((s) => s.attributes['graphql.field.path'])
      .sort();
    expect(paths).toEqual(['a', 'b']);

    // The upstream received the W3C trace context of the upstream call's span.
    expect(h.upstream.stats.requestHeaders.map((r) => r['traceparent'])).toEqual([
      `00-${CLIENT_TRACE}-${idOf(call)}-01`,
    ]);
    // No identifier or token in any span.
    const dump = JSON.stringify(spans.map((s) => ({ n: s.name, a: s.attributes })));
    expect(dump).not.toContain(c.email);
    expect(dump).not.toContain(h.token);
  });

  it('shows each retry attempt as its own span, each sending its own traceparent', async () => {
    const c = sampleCustomer(43);
    h.upstream.addFault({ fault: { type: 'status', status: 503 }, match: c.phone, times: 1 });
    const res = await h.query(`{ customer(by: { phone: "${c.phone}" }) { userProfileId } }`);
    expect(res.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const fetch = spans.find((s) => s.name === 'fashionai.fetch_profile') as ReadableSpan;
    const resends = (s: ReadableSpan) => Number(s.attributes['http.request.resend_count']);
    const attempts = spans
      .filter((s) => parentOf(s) === idOf(fetch))
      .sort((a, b) => resends(a) - resends(b));
    expect(attempts.map((s) => [resends(s), s.attributes['http.response.status_code']])).toEqual([
      [0, 503],
      [1, 200],
    ]);
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    const sent = h.upstream.stats.requestHeaders.map((r) => r['traceparent']);
    expect(sent).toEqual(attempts.map((s) => `00-${s.spanContext().traceId}-${idOf(s)}-01`));
  });

  it('starts a new trace without a client traceparent and marks failed upstream calls', async () => {
    const c = sampleCustomer(42);
    h.upstream.addFault({ fault: { type: 'malformed-json' }, match: c.document });
    await h.query(`{ customer(by: { document: "${c.document}" }) { userProfileId } }`);
    h.upstream.clearFaults();
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'query (anonymous)') as ReadableSpan;
    expect(parentOf(root)).toBeUndefined();
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    const call = spans.find((s) => s.kind === SpanKind.CLIENT) as ReadableSpan;
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: 'UPSTREAM_BAD_RESPONSE' });
    expect(call.spanContext().traceId).toBe(root.spanContext().traceId);
  });
});

describe('tracing off', () => {
  it('creates nothing when no endpoint is configured', () => {
    expect(createTracing({ serviceName: 'x' })).toBeUndefined();
  });
});
