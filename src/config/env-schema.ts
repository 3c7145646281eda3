// The environment variables the gateway reads, as one zod schema: each with its type, range,
// default and description, declared by area in env/. src/config/config.ts applies it to the
// environment and turns the result into Config; scripts/print-config-docs.ts prints
// docs/configuration.md from it.
import { z } from 'zod';
import { cacheEnv } from './env/cache.ts';
import { servingEnv } from './env/serving.ts';
import { vendorEnv } from './env/vendor.ts';

export const envSchema = z.object({ ...vendorEnv, ...cacheEnv, ...servingEnv });

/** Values that must never be echoed in an error message. */
export const SECRET_VARIABLES = new Set([
  'FASHIONAI_APP_TOKEN',
  'GATEWAY_API_KEYS',
  'JWT_PUBLIC_KEY',
  'CACHE_ENCRYPTION_KEY',
  'CACHE_ENCRYPTION_KEYS',
]);
