// The building blocks of the environment schema: whole numbers in a range, booleans in the
// spellings operators use, http(s) URLs; each carries the type text docs/configuration.md shows.
import { z } from 'zod';

export const DEFAULT_API_URL = 'https://catalog.api.fashionai.dev/api/v1/crm';

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({
      typeText: max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${min}` : `integer ${min}–${max}`,
    });

export const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
  .meta({ typeText: 'boolean' });

export const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .transform((u) => u.replace(/\/+$/, ''))
  .meta({ typeText: 'http(s) URL' });
