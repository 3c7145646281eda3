// Every refusal made before GraphQL runs — a body over MAX_BODY_BYTES, a body that is not JSON,
// a content type the gateway does not read, an unknown route or method, a malformed URL or
// HTTP request, a request arriving while the server closes — answered in the GraphQL error
// shape (`{"errors":[{"message","extensions":{"code"}}]}`) like every other refusal, instead
// of Fastify's own `{"statusCode","code","error","message"}` JSON.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import type { GraphQLFormattedError } from 'graphql';

export interface RefusalOptions {
  /** The GraphQL route: other methods on it are 405 (with Allow), not 404. */
  graphqlPath: string;
  graphqlMethods: readonly string[];
  maxBodyBytes: number;
}

export interface Refusals {
  /** Fastify options that must be given at construction (they act before any route exists). */
  serverOptions: Pick<
    FastifyServerOptions,
    'frameworkErrors' | 'clientErrorHandler' | 'return503OnClosing'
  >;
  /** Installs the closing hooks and the error and not-found handlers: call before other hooks. */
  register(app: FastifyInstance): void;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

const graphqlErrorBody = (refusal: Refusal): { errors: GraphQLFormattedError[] } => ({
  errors: [{ message: refusal.message, extensions: { code: refusal.code } }],
});

/** What a Fastify error raised before any handler ran means to a GraphQL client. */
function refusalFor(error: FastifyError, options: RefusalOptions): Refusal {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is over ${options.maxBodyBytes} bytes (MAX_BODY_BYTES)`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the operation as JSON with content-type: application/json',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // Also a "__proto__" or "constructor" key: refused rather than parsed.
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'The request body does not match its content-length',
      };
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request URL is malformed' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's other client errors: the status says enough; its message may echo input.
    return { status, code: 'BAD_REQUEST', message: STATUS_CODES[status] ?? 'Bad request' };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error' };
}

function send(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.code(refusal.status).type(JSON_TYPE).send(graphqlErrorBody(refusal));
}

export function createRefusals(options: RefusalOptions): Refusals {
  let closing = false;
  const allowed = options.graphqlMethods.join(', ');
  return {
    serverOptions: {
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        void send(reply, refusalFor(error, options));
      },
      clientErrorHandler: clientError,
      // Answered by the onRequest hook below instead, in the GraphQL shape.
      return503OnClosing: false,
    },
    register(app) {
      // app.close() (the drain, after the readiness delay) runs this first: from then on a
      // request on a kept-alive connection is refused in our shape, not in Fastify's.
      app.addHook('preClose', async () => {
        closing = true;
      });
      app.addHook('onRequest', async (_request, reply) => {
        if (!closing) return;
        // This request belongs on another replica; the connection closes after the answer.
        return send(reply.header('connection', 'close'), {
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          message: 'The gateway is shutting down; retry the request',
        });
      });
      app.setErrorHandler((error: FastifyError, request, reply) => {
        const refusal = refusalFor(error, options);
        if (refusal.status >= 500) {
          request.log.error({ err: error }, 'Unexpected error before GraphQL');
        }
        // A body refused while it is still arriving: Fastify has set `connection: close`, so
        // the rest is not read (a client cannot make the gateway drain megabytes it won't use).
        return send(reply, refusal);
      });
      app.setNotFoundHandler((request, reply) => {
        if (request.url.split('?')[0] === options.graphqlPath) {
          return send(reply.header('allow', allowed), {
            status: 405,
            code: 'METHOD_NOT_ALLOWED',
            message: `${options.graphqlPath} accepts ${allowed}`,
          });
        }
        return send(reply, {
          status: 404,
          code: 'NOT_FOUND',
          message: `Nothing here: GraphQL is served at ${options.graphqlPath}`,
        });
      });
    },
  };
}

/**
 * A request Node's HTTP parser rejected (no Fastify request exists yet): answered on the raw
 * socket, which is then closed, as Node and Fastify do, but with a GraphQL-shaped body.
 */
function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal: Refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' }
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' }
        : { status: 400, code: 'BAD_REQUEST', message: 'The HTTP request is malformed' };
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(graphqlErrorBody(refusal));
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
      `content-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
