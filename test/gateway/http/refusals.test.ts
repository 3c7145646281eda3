// Refusals made before GraphQL runs are GraphQL-shaped like every other refusal:
// `{"errors":[{"message","extensions":{"code"}}]}` with the right HTTP status, never Fastify's
// `{"statusCode","code","error","message"}`; a body over the limit closes the connection
// instead of being read to its end; nothing reaches the upstream.
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../support/harness.ts';
import type { Harness } from '../../support/harness.ts';

const LIMIT = 4096;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_BODY_BYTES: String(LIMIT) } });
});
afterAll(() => h.close());
beforeEach(() => h.upstream.resetStats());

async function send(path: string, init: RequestInit) {
  const res = await fetch(`${h.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

/** Exactly one GraphQL error with this code, and nothing of Fastify's own error shape. */
function expectGraphQLError(body: unknown, code: string): void {
  expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
}

interface RawExchange {
  response: string;
  /** The server closed the connection (rather than waiting for more of the body). */
  closedByServer: boolean;
  bytesSent: number;
}

/** Writes `head`, then keeps offering body chunks until the server answers and hangs up. */
function rawExchange(head: string, chunk: () => string, maxBytes: number): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
    let response = '';
    let bytesSent = 0;
    let closedByServer = false;
    const pump = () => {
      while (!socket.destroyed && bytesSent < maxBytes) {
        const piece = chunk();
        bytesSent += piece.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data: Buffer) => (response += data.toString('utf8')));
    socket.on('end', () => (closedByServer = true));
    socket.on('error', () => (closedByServer = true)); // EPIPE/ECONNRESET: the server hung up
    socket.on('close', () => resolve({ response, closedByServer, bytesSent }));
    // Generous for a loaded machine; a server draining 50 MB would still be reading.
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 15 s; got: ${response.slice(0, 200)}`));
    }, 15_000).unref();
  });
}

const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('a body over MAX_BODY_BYTES', () => {
  it('is HTTP 413 with PAYLOAD_TOO_LARGE, and no upstream call', async () => {
    const res = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($by: CustomerLookup!) { customer(by: $by) { userProfileId } }',
        variables: { by: { email: 'customer@example.com' }, padding: 'x'.repeat(LIMIT) },
      }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('connection')).toBe('close');
    expectGraphQLError(res.body, 'PAYLOAD_TOO_LARGE');
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('announced by content-length: answered at once and the connection closed, the body unread', async () => {
    const total = 50_000_000;
    const exchange = await rawExchange(
      `POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n` +
        `content-length: ${total}\r\n\r\n`,
      () => 'x'.repeat(64 * 1024),
      total,
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.response).toMatch(/\r\nconnection: close\r\n/i);
    expectGraphQLError(bodyOf(exchange.response), 'PAYLOAD_TOO_LARGE');
    expect(exchange.closedByServer).toBe(true);
    // Hung up long before the 50 MB: socket buffers hold a few MB at most.
    expect(exchange.bytesSent).toBeLessThan(total / 4);
  });

  it('sent chunked (no length announced): refused once over the limit, the connection closed', async () => {
    const piece = 'x'.repeat(16 * 1024);
    const exchange = await rawExchange(
      `POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n` +
        `transfer-encoding: chunked\r\n\r\n`,
      () => `${piece.length.toString(16)}\r\n${piece}\r\n`,
      50_000_000,
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 413 /);
    expectGraphQLError(
      bodyOf(exchange.response.replace(/\r\n[0-9a-f]+\r\n/, '\r\n')),
      'PAYLOAD_TOO_LARGE',
    );
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.bytesSent).toBeLessThan(50_000_000 / 4);
  });

  it('is logged and counted as PAYLOAD_TOO_LARGE', async () => {
    await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(LIMIT) }),
    });
    const line = h.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .findLast((l) => l['msg'] === 'graphql request');
    expect(line).toMatchObject({ status: 413, errors: ['PAYLOAD_TOO_LARGE'] });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_graphql_errors_total\{code="PAYLOAD_TOO_LARGE"\} [1-9]/);
  });
});

describe('other refusals before GraphQL', () => {
  const post = (body: string, contentType = 'application/json') =>
    send('/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });

  it.each([
    ['a body that is not JSON', () => post('{"query": "{ customer(by'), 400, 'BAD_REQUEST'],
    ['an empty JSON body', () => post(''), 400, 'BAD_REQUEST'],
    [
      'a __proto__ key',
      () => post('{"query":"{ __typename }","__proto__":{"x":1}}'),
      400,
      'BAD_REQUEST',
    ],
    ['XML', () => post('<query/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a form post',
      () => post('query=%7B__typename%7D', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a route that does not exist', () => send('/graphq', { method: 'POST' }), 404, 'NOT_FOUND'],
    ['GET of an unknown page', () => send('/nothing/here', {}), 404, 'NOT_FOUND'],
    [
      'PUT on /graphql',
      () => send('/graphql', { method: 'PUT', body: '{}' }),
      405,
      'METHOD_NOT_ALLOWED',
    ],
    ['DELETE on /graphql', () => send('/graphql', { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED'],
    ['a malformed URL', () => send('/graphql%zz', {}), 400, 'BAD_REQUEST'],
  ] as const)('%s: HTTP %i, %s', async (_name, request, status, code) => {
    const res = await request();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectGraphQLError(res.body, code);
    expect(h.upstream.stats.calls).toBe(0);
  });

  it('a wrong method on /graphql says which methods are allowed', async () => {
    const res = await send('/graphql', { method: 'PATCH', body: '{}' });
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });

  it('headers too large (HTTP 431) and a request HTTP cannot parse (400) are GraphQL-shaped too', async () => {
    const huge = await rawExchange(
      `POST /graphql HTTP/1.1\r\nhost: gateway\r\nauthorization: Bearer ${'a'.repeat(32 * 1024)}\r\n\r\n`,
      () => '',
      0,
    );
    expect(huge.response).toMatch(/^HTTP\/1\.1 431 /);
    expectGraphQLError(bodyOf(huge.response), 'HEADERS_TOO_LARGE');
    const garbled = await rawExchange('HELLO GATEWAY\r\n\r\n', () => '', 0);
    expect(garbled.response).toMatch(/^HTTP\/1\.1 400 /);
    expectGraphQLError(bodyOf(garbled.response), 'BAD_REQUEST');
  });

  it('the gateway still serves afterwards', async () => {
    const res = await h.query(
      '{ customer(by: { email: "customer@example.com" }) { userProfileId } }',
    );
    expect(res.body).toEqual({ data: { customer: { userProfileId: 'ddsd23223' } } });
  });
});

describe('a request arriving while the gateway drains', () => {
  it('is HTTP 503 SERVICE_UNAVAILABLE on its kept-alive connection, while the request before it finishes', async () => {
    const slow = await startHarness({ upstream: { latencyMs: 600 } });
    try {
      const socket = connect(Number(new URL(slow.url).port), '127.0.0.1');
      let response = '';
      socket.on('data', (data: Buffer) => (response += data.toString('utf8')));
      const closed = new Promise((resolve) => socket.on('close', resolve));
      const request = (body: string) =>
        `POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      socket.write(
        request(
          JSON.stringify({
            query: '{ customer(by: { email: "customer@example.com" }) { userProfileId } }',
          }),
        ),
      );
      // The first request is in flight once the upstream has it.
      const start = Date.now();
      while (slow.upstream.stats.calls === 0 && Date.now() - start < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const drained = slow.gateway.close();
      socket.write(request(JSON.stringify({ query: '{ __typename }' })));
      await closed;
      await drained;
      const [first, second] = response.split(/(?=HTTP\/1\.1 )/);
      expect(first).toMatch(/^HTTP\/1\.1 200 /);
      expect(bodyOf(first ?? '')).toEqual({ data: { customer: { userProfileId: 'ddsd23223' } } });
      expect(second).toMatch(/^HTTP\/1\.1 503 /);
      expect(second).toMatch(/\r\nconnection: close\r\n/i);
      expectGraphQLError(bodyOf(second ?? ''), 'SERVICE_UNAVAILABLE');
    } finally {
      await slow.close();
    }
  });
});
