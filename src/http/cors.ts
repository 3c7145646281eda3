// CORS for browsers calling /graphql: an exact allow-list with credentials (CORS_ORIGINS), or,
// outside production with no list, any origin without credentials; nothing otherwise.
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

const COMMON = {
  methods: ['GET', 'POST'],
  // Browser code may read the request id, to quote it in a support ticket.
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
};

export async function registerCors(app: FastifyInstance, cors: Config['cors']): Promise<void> {
  if (cors.mode === 'list') {
    const allowed = new Set(cors.origins);
    await app.register(fastifyCors, {
      ...COMMON,
      origin: (origin, callback) =>
        callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
      credentials: true,
    });
  } else if (cors.mode === 'any') {
    await app.register(fastifyCors, { ...COMMON, origin: '*' });
  }
}
