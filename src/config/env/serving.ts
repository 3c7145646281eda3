// The environment variables of serving GraphQL: logs, limits, shutdown, introspection and
// explorer, metrics and tracing, caller authentication, persisted documents, CORS.
import { z } from 'zod';
import { bool, httpUrl, int } from './kit.ts';

export const servingEnv = {
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  MAX_LOOKUPS_PER_REQUEST: int(1)
    .default(100)
    .describe(
      'most customer lookups one operation may ask for (aliases × list items × `_entities` representations)',
    ),
  MAX_BODY_BYTES: int(1).default(102_400).describe('largest HTTP request body; over it: HTTP 413'),
  SHUTDOWN_TIMEOUT_MS: int(0, 60_000)
    .default(7000)
    .describe(
      "how long SIGTERM waits for in-flight requests before cutting them; with the 1 s that follows, a drain ends inside `docker stop`'s 10 s ([operations.md](operations.md#docker))",
    ),
  SHUTDOWN_READINESS_DELAY_MS: int(0, 60_000)
    .default(0)
    .describe(
      'after SIGTERM, how long `/readyz` answers 503 while the listener still serves (set ~5000 behind a load balancer)',
    ),
  GRAPHQL_INTROSPECTION: bool.optional().meta({
    description: 'allow introspection (and, by default, serve the explorer page)',
    defaultText: 'on outside production (and with `GRAPHQL_EXPLORER=true`)',
  }),
  GRAPHQL_EXPLORER: bool.optional().meta({
    description: 'serve the GraphiQL explorer on `GET /graphql` to browsers',
    defaultText: 'follows `GRAPHQL_INTROSPECTION`',
  }),
  DEBUG_EXTENSIONS: bool.optional().meta({
    description:
      'add `extensions.gateway` (upstream calls, cache hits/misses, stale, duration) to every response',
    defaultText: 'on outside production',
  }),
  METRICS_ENABLED: bool
    .default(true)
    .describe('`false` turns `GET /metrics` and all metric bookkeeping off'),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl
    .optional()
    .describe(
      'OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`); set: OpenTelemetry tracing on, spans sent to `<url>/v1/traces`',
    ),
  OTEL_SERVICE_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default('fashionai-profile-gateway')
    .describe('`service.name` of the spans'),
  // Caller authentication (src/auth/): service API keys, end-user JWTs, or explicitly none.
  GATEWAY_AUTH: z
    .enum(['none'], { error: 'must be "none" or unset' })
    .optional()
    .describe('`none`: run without authentication on purpose (required for that in production)'),
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .describe(
      'service API keys, comma-separated `name:key` (key ≥ 16 characters); `name:key:admin` also grants `profiles:admin`, `name:key:debug` the debug extension (`gateway:debug`), `name:key:admin+debug` both. The name is what logs show',
    ),
  JWT_JWKS_URL: httpUrl
    .optional()
    .describe(
      "end-user JWTs: the issuer's key set (https in production), cached and refetched when a token names an unknown key",
    ),
  JWT_PUBLIC_KEY: z
    .string()
    .optional()
    .describe('or one PEM public key (`\\n` escapes accepted) instead of a key set'),
  JWT_ISSUER: z
    .string()
    .trim()
    .optional()
    .describe('required with either JWT setting: the `iss` tokens must carry'),
  JWT_AUDIENCE: z
    .string()
    .trim()
    .optional()
    .describe(
      'required with either JWT setting: the accepted `aud`; may be a comma-separated list',
    ),
  JWT_EMAIL_CLAIM: z
    .string()
    .trim()
    .min(1)
    .default('email')
    .describe('the claim `Query.me` looks the profile up by'),
  JWT_ALGORITHMS: z.string().trim().optional().meta({
    description:
      'accepted signature algorithms, comma-separated; `HS*` and `none` are never accepted',
    defaultText: 'all asymmetric (`RS*`, `PS*`, `ES*`, `EdDSA`)',
  }),
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300)
    .default(30)
    .describe('clock skew allowed on `exp` and `nbf`'),
  JWT_JWKS_COOLDOWN_SECONDS: int(0, 3600)
    .default(30)
    .describe('least time between two key-set fetches triggered by unknown key ids'),
  JWT_JWKS_CACHE_SECONDS: int(1, 86_400)
    .default(600)
    .describe('how long a fetched key set is used before it is fetched again'),
  // Operation limits, checked on the parsed document before anything executes.
  MAX_DEPTH: int(1, 1000)
    .default(8)
    .describe('deepest field nesting of an operation (fragments do not count)'),
  MAX_ALIASES: int(0, 10_000)
    .default(20)
    .describe('most aliases in an operation (`__typename` aliases excepted)'),
  MAX_TOKENS: int(10, 1_000_000)
    .default(1000)
    .describe('most lexical tokens in an operation document'),
  MAX_DIRECTIVES: int(0, 10_000).default(20).describe('most directives in an operation'),
  GRAPHQL_BATCHING: bool
    .default(false)
    .describe('accept a JSON array of operations in one request'),
  GRAPHQL_MAX_BATCH_SIZE: int(1, 1000)
    .default(10)
    .describe('most operations in one batch (they share `MAX_LOOKUPS_PER_REQUEST`)'),
  // Trusted documents and browsers.
  PERSISTED_QUERIES_MANIFEST: z
    .string()
    .trim()
    .optional()
    .describe(
      "path of a persisted-query manifest: Apollo's format or client-preset's `{ hash: document }` map, detected by shape ([frontend.md](frontend.md#the-typed-path-from-the-schema-to-a-safelisted-request))",
    ),
  PERSISTED_QUERIES_ONLY: bool
    .default(false)
    .describe('`true`: run only operations of the manifest (needs `PERSISTED_QUERIES_MANIFEST`)'),
  CORS_ORIGINS: z.string().optional().meta({
    description:
      'comma-separated exact browser origins, e.g. `https://shop.example.com`; credentials are allowed for these only',
    defaultText: 'none in production; any (without credentials) elsewhere',
  }),
  BENCH_EXPOSE_GC: bool
    .default(false)
    .describe(
      'benchmark only: `true` serves `GET /debug/heap`, which collects garbage and reports the heap (the process needs `--expose-gc`)',
    ),
};
