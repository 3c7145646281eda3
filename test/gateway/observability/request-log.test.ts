// The one log line per GraphQL request and the request id: fields an operator relies on,
// identifiers masked, the upstream token never written, the id echoed and sent upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../../src/sample-upstream/index.ts';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type LogLine = Record<string, unknown>;

function requestLines(): LogLine[] {
  return h.logs
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line['msg'] === 'graphql request');
}

function lineFor(requestId: string): LogLine {
  const found = requestLines().filter((line) => line['requestId'] === requestId);
  expect(found).toHaveLength(1);
  return found[0] as LogLine;
}

describe('request log line', () => {
  it('has one line per request with the operation, cost, outcome and client, identifiers masked', async () => {
    const c = sampleCustomer(21);
    const res = await h.query(
      `query ProductPage($email: String!, $phone: String!) {
        a: customer(by: { email: $email }) { userProfileId }
        b: customer(by: { phone: $phone }) { userProfileId }
      }`,
      { email: c.email, phone: c.phone },
      { 'x-request-id': 'log-test-1', 'apollographql-client-name': 'storefront-web' },
    );
    expect(res.body.errors).toBeUndefined();
    const line = lineFor('log-test-1');
    expect(line).toMatchObject({
      level: 30,
      operation: 'ProductPage',
      operationType: 'query',
      client: 'storefront-web',
      status: 200,
      outcome: 'ok',
      lookups: 2,
      upstreamCalls: 2,
      cacheHits: 0,
      cacheMisses: 2,
      stale: false,
    });
    expect(line['durationMs']).toEqual(expect.any(Number));
    const masked = line['customers'] as string[];
    expect(masked).toHaveLength(2);
    expect(masked[0]).toMatch(/^email:.\*\*\*@/);
    expect(masked[1]).toBe(`phone:***${c.phone.slice(-4)}`);

    const all = h.logs.join('\n');
    expect(all).not.toContain(c.email);
    expect(all).not.toContain(c.phone);
    expect(all).not.toContain(h.token);
  });

  it('falls back to the caller name as client and records error codes and outcome', async () => {
    const c = sampleCustomer(22);
    // Not retryable, whatever the resilience policy: the error reaches the client.
    h.upstream.addFault({ fault: { type: 'wrong-content-type' }, match: c.email });
    const res = await h.query(
      `{ ok: customer(by: { email: "customer@example.com" }) { userProfileId }
         limited: customer(by: { email: "${c.email}" }) { userProfileId } }`,
      undefined,
      { 'x-request-id': 'log-test-2' },
    );
    h.upstream.clearFaults();
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_BAD_RESPONSE');
    const line = lineFor('log-test-2');
    expect(line).toMatchObject({
      operation: 'anonymous',
      client: 'anonymous',
      outcome: 'partial',
      errors: ['UPSTREAM_BAD_RESPONSE'],
    });
    expect(h.logs.join('\n')).not.toContain(h.token);
  });

  it('logs requests refused before execution as errors', async () => {
    await h.query('{ customer(by: {}) { userProfileId } ', undefined, {
      'x-request-id': 'log-test-3',
    });
    expect(lineFor('log-test-3')).toMatchObject({
      operation: 'invalid',
      outcome: 'error',
      errors: ['GRAPHQL_PARSE_FAILED'],
    });
  });
});

describe('client name', () => {
  it('is the API key’s name when the client sends no apollographql-client-name', async () => {
    const KEY = 'crm-key-0123456789abcdef';
    const keyed = await startHarness({ env: { GATEWAY_API_KEYS: `crm:${KEY}` } });
    try {
      await keyed.query('{ __typename }', undefined, { 'x-api-key': KEY, 'x-request-id': 'k-1' });
      await keyed.query('{ __typename }', undefined, { 'x-request-id': 'k-2' });
      const lines = keyed.logs
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line['msg'] === 'graphql request');
      expect(lines.find((l) => l['requestId'] === 'k-1')).toMatchObject({
        client: 'crm',
        outcome: 'ok',
      });
      // Refused before any operation ran: still one line, with the code the client saw.
      expect(lines.find((l) => l['requestId'] === 'k-2')).toMatchObject({
        client: 'anonymous',
        status: 401,
        outcome: 'error',
      });
      expect(keyed.logs.join('\n')).not.toContain(KEY);
    } finally {
      await keyed.close();
    }
  });
});

describe('request id', () => {
  const ping = '{ customer(by: { userProfileId: "ddsd23223" }) { userProfileId } }';

  it('echoes a sane x-request-id and sends it to the upstream', async () => {
    h.upstream.resetStats();
    const c = sampleCustomer(23);
    const res = await h.query(
      `{ customer(by: { userProfileId: "${c.userProfileId}" }) { userProfileId } }`,
      undefined,
      { 'x-request-id': 'order-7f3a:retry.2' },
    );
    expect(res.headers.get('x-request-id')).toBe('order-7f3a:retry.2');
    expect(h.upstream.stats.requestHeaders.map((headers) => headers['x-request-id'])).toEqual([
      'order-7f3a:retry.2',
    ]);
  });

  it('replaces an id that is too long or has unsafe characters with a generated one', async () => {
    for (const bad of ['x'.repeat(129), 'a b', 'id\u00e9', '<script>']) {
      const res = await h.query(ping, undefined, { 'x-request-id': bad });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(h.logs.join('\n')).not.toContain(bad);
    }
  });

  it('lets browser code read it (CORS exposes x-request-id)', async () => {
    const res = await h.query(ping, undefined, { origin: 'https://shop.example.com' });
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id/i);
  });

  it('generates a fresh id per request when none is sent, and logs it', async () => {
    const first = (await h.query(ping)).headers.get('x-request-id');
    const second = (await h.query(ping)).headers.get('x-request-id');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    lineFor(first as string);
  });
});

describe('request id under queueing', () => {
  it('sends each request’s own id even when its upstream call waited for a free slot', async () => {
    const q = await startHarness({
      env: { UPSTREAM_MAX_CONCURRENCY: '1' },
      upstream: { latencyMs: 20 },
    });
    try {
      const customers = [61, 62, 63, 64].map((i) => sampleCustomer(i));
      await Promise.all(
        customers.map((c, i) =>
          q.query(`{ customer(by: { document: "${c.document}" }) { userProfileId } }`, undefined, {
            'x-request-id': `queued-${i}`,
          }),
        ),
      );
      expect(q.upstream.stats.maxInFlight).toBe(1);
      const { rawPaths, requestHeaders } = q.upstream.stats;
      expect(rawPaths).toHaveLength(4);
      const sent = rawPaths.map(
        (path, i) => [path.split('/').pop(), requestHeaders[i]?.['x-request-id']] as const,
      );
      expect(new Map(sent)).toEqual(new Map(customers.map((c, i) => [c.document, `queued-${i}`])));
    } finally {
      await q.close();
    }
  });
});
