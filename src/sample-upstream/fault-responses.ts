// What each injected fault puts on the wire. A fault either answers the request itself or, for
// `slow` and `drift`, shapes the normal answer; the server decides which from the fault type.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  JSON_CONTENT_TYPE,
  UNAUTHORIZED_MESSAGE,
  drainedOrClosed,
  sendBody,
  sendError,
} from './responses.ts';
import type { Fault, ProfileBody } from './types.ts';

export const DEFAULT_HUGE_BODY_BYTES = 5 * 1024 * 1024;

const CHUNK = Buffer.alloc(64 * 1024, 'x');

const STATUS_MESSAGES: Record<number, string> = {
  401: UNAUTHORIZED_MESSAGE,
  403: 'Access to this resource is forbidden',
  429: 'Rate limit exceeded, try again later',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service temporarily unavailable',
  504: 'Gateway timeout',
};

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><title>Manutenção</title>' +
  '</head><body><h1>Serviço em manutenção</h1><p>Tente novamente em instantes.</p></body></html>';

function sendStatus(res: ServerResponse, status: number, retryAfter: string | undefined): void {
  const message = STATUS_MESSAGES[status] ?? `Injected fault with status ${status}`;
  sendError(res, status, message, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
}

/** A syntactically broken document that starts like a real profile. */
function sendMalformedJson(res: ServerResponse, body: ProfileBody): void {
  const text = JSON.stringify(body);
  sendBody(res, 200, JSON_CONTENT_TYPE, `${text.slice(0, Math.floor(text.length / 2))},,}`);
}

/**
 * A valid JSON profile padded to exactly `bytes` bytes (or the profile alone if it is already
 * longer), streamed in chunks with back-pressure so a client that stops reading costs nothing.
 */
async function sendHugeBody(res: ServerResponse, body: ProfileBody, bytes: number): Promise<void> {
  const head = `${JSON.stringify(body).slice(0, -1)},"_padding":"`;
  const tail = '"}';
  const fixedBytes = Buffer.byteLength(head) + tail.length;
  let padding = Math.max(0, bytes - fixedBytes);
  res.writeHead(200, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': fixedBytes + padding,
  });
  res.write(head);
  while (padding > 0 && !res.destroyed) {
    const size = Math.min(padding, CHUNK.length);
    padding -= size;
    if (!res.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) {
      await drainedOrClosed(res);
    }
  }
  if (!res.destroyed) res.end(tail);
}

/**
 * Answers the request according to a self-contained fault. `body` is what a correct answer
 * would carry (or a stand-in profile when the identifier is unknown). Returns false for faults
 * that only shape the normal answer (`slow`, `drift`).
 */
export async function answerWithFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  body: ProfileBody,
): Promise<boolean> {
  switch (fault.type) {
    case 'status':
      sendStatus(res, fault.status, fault.retryAfter);
      return true;
    case 'hang':
      // Deliberately never answered: the socket stays open until the client or close() ends it.
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'malformed-json':
      sendMalformedJson(res, body);
      return true;
    case 'wrong-content-type':
      sendBody(res, 200, 'text/html; charset=utf-8', MAINTENANCE_PAGE);
      return true;
    case 'huge-body':
      await sendHugeBody(res, body, fault.bytes ?? DEFAULT_HUGE_BODY_BYTES);
      return true;
    case 'slow':
    case 'drift':
      return false;
  }
}
