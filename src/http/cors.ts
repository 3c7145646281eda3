// CORS for browsers calling /graphql: an exact allow-list with credentials (CORS_ORIGINS), or,
// outside production with no list, any origin without credentials; nothing otherwise.
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { splitList } from '../auth/settings.ts';

/** Which browser origins may call: an exact allow-list, any (development only, no credentials), or none. */
export type CorsSettings = { mode: 'list'; origins: string[] } | { mode: 'any' } | { mode: 'none' };

const COMMON = {
  methods: ['GET', 'POST'],
  // Browser code may read the request id, to quote it in a support ticket.
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
};

export async function registerCors(app: FastifyInstance, cors: CorsSettings): Promise<void> {
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

/** CORS_ORIGINS: exact origins like https://shop.example.com; errors name the variable. */
export function corsSettings(raw: string | undefined, production: boolean): CorsSettings {
  if (!raw?.trim()) return production ? { mode: 'none' } : { mode: 'any' };
  const origins = splitList(raw);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // Exact origins only: scheme://host[:port], no path, no wildcard.
    const exact = parsed?.origin === origin && !origin.includes('*');
    if (!parsed || !exact || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(
        `Invalid CORS_ORIGINS: ${JSON.stringify(origin)} is not an exact origin like https://shop.example.com`,
      );
    }
  }
  return { mode: 'list', origins };
}
