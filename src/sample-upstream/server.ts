// The sample upstream's HTTP server (node:http, no framework): checks the token, routes the
// four profile endpoints, injects registered faults and answers from the sample catalogue.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleProfile } from './catalog.ts';
import { driftedBody } from './drift.ts';
import { answerWithFault } from './fault-responses.ts';
import { FaultBook } from './faults.ts';
import { SampleQuota } from './quota.ts';
import { MAX_CUSTOMER_COUNT, findCustomerIndex } from './identities.ts';
import { UNAUTHORIZED_MESSAGE, sendError, sendJson, waitUnlessClosed } from './responses.ts';
import { normalizeBasePath, routeProfileRequest } from './routing.ts';
import { StatsRecorder, TOKEN_HEADER } from './stats.ts';
import type { SampleUpstream, SampleUpstreamOptions } from './types.ts';

interface Settings {
  token: string;
  host: string;
  port: number;
  basePath: string;
  customerCount: number;
  latency: { min: number; max: number };
}

function resolveSettings(options: SampleUpstreamOptions): Settings {
  const { token, host = '127.0.0.1', port = 0, customerCount = 1000, latencyMs = 0 } = options;
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError('sample upstream needs a non-empty token');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError('port must be an integer in 0..65535');
  }
  if (!Number.isInteger(customerCount) || customerCount < 0 || customerCount > MAX_CUSTOMER_COUNT) {
    throw new RangeError(`customerCount must be an integer in 0..${MAX_CUSTOMER_COUNT}`);
  }
  const latency = typeof latencyMs === 'number' ? { min: latencyMs, max: latencyMs } : latencyMs;
  if (!(latency.min >= 0 && latency.max >= latency.min && Number.isFinite(latency.max))) {
    throw new RangeError('latencyMs must be non-negative (and min <= max)');
  }
  const basePath = normalizeBasePath(options.basePath ?? '/api/v1/crm');
  return { token, host, port, basePath, customerCount, latency: { ...latency } };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSampleUpstream(options: SampleUpstreamOptions): Promise<SampleUpstream> {
  const settings = resolveSettings(options);
  const recorder = new StatsRecorder();
  const faults = new FaultBook();
  const quota = new SampleQuota();
  if (options.quotaPerSecond !== undefined) quota.set(options.quotaPerSecond);

  const latencyFor = (): number => {
    const { min, max } = settings.latency;
    return min + Math.random() * (max - min);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    recorder.received(req, res);
    const route = routeProfileRequest(req.url ?? '/', settings.basePath);
    if (route.type === 'profile') recorder.profileCall(route.kind, route.identifier);
    else if (route.type !== 'outside') recorder.profileCall();

    if (!(await waitUnlessClosed(res, latencyFor()))) return;
    if (req.headers[TOKEN_HEADER] !== settings.token) {
      recorder.unauthorized();
      sendError(res, 401, UNAUTHORIZED_MESSAGE);
      return;
    }
    if (route.type === 'outside' || route.type === 'no-route') {
      sendError(res, 404, 'No such endpoint');
      return;
    }
    if (route.type === 'bad-encoding') {
      sendError(res, 400, 'The identifier is not a valid percent-encoded path segment');
      return;
    }
    if (req.method !== 'GET') {
      sendError(res, 405, 'Only GET is supported', { allow: 'GET' });
      return;
    }

    if (!quota.admit()) {
      sendError(res, 429, 'Rate limit exceeded, try again later', { 'retry-after': '1' });
      return;
    }

    const index = findCustomerIndex(route.kind, route.identifier, settings.customerCount);
    const body = index === undefined ? undefined : sampleProfile(index);
    const fault = faults.take(route.identifier);
    if (fault !== undefined) {
      if (await answerWithFault(fault, req, res, body ?? sampleProfile(0))) return;
      if (fault.type === 'slow' && !(await waitUnlessClosed(res, fault.delayMs))) return;
    }
    if (body === undefined) {
      sendError(res, 404, 'No profile found for this identifier');
      return;
    }
    sendJson(res, 200, fault?.type === 'drift' ? driftedBody(body, fault.variant) : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug here must not pass for an injected fault: say what went wrong.
      const reason = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.destroy();
      else sendError(res, 500, `Sample upstream failed to answer: ${reason}`);
    });
  });
  // Longer than typical client idle timeouts, so the gateway's pooled sockets are not cut under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const address = await listen(server, settings.host, settings.port);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}${settings.basePath}`,
    stats: recorder.stats,
    callsFor: (kind, value) => recorder.callsFor(kind, value),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setQuota: (callsPerSecond) => quota.set(callsPerSecond),
    quotaPerSecond: () => quota.perSecond(),
    resetStats: () => {
      recorder.reset();
      quota.reset();
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets and hanging requests would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
