// What encryption at rest costs the shared cache: µs per write (seal) and per hit (open) for
// a typical profile, against the JSON work the same path does anyway. A script, not a test:
//   node bench/cache-sealing.ts [iterations]
import { randomBytes } from 'node:crypto';
import { cacheKeyFactory } from '../src/profiles/cache.ts';
import { createCacheSealer, parseSealingKey } from '../src/profiles/cache-sealing.ts';
import { sampleProfile } from '../src/sample-upstream/index.ts';

const iterations = Number(process.argv[2] ?? 50_000);
const sealer = createCacheSealer([parseSealingKey(randomBytes(32).toString('base64'))]);
const keyOf = cacheKeyFactory('bench-token');

// A typical cached value: the entry as the two-layer cache writes it (Keyv's envelope aside).
const profiles = Array.from({ length: 64 }, (_, i) => {
  const now = Date.now();
  const entry = {
    customer: sampleProfile(i + 1),
    freshUntil: now + 300_000,
    staleUntil: now + 3_900_000,
  };
  return { key: keyOf(`email:shopper${i}@example.com`), text: JSON.stringify(entry) };
});
const sealed = profiles.map((p) => sealer.seal(p.key, p.text));

function perOperationMicros(run: (i: number) => unknown): number {
  for (let i = 0; i < 5000; i++) run(i); // warm up the JIT
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run(i);
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

const sizes = profiles.map((p) => Buffer.byteLength(p.text));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const results = {
  iterations,
  plaintextBytes: Math.round(mean(sizes)),
  sealedBytes: Math.round(mean(sealed.map((s) => s.length))),
  sealMicros: perOperationMicros((i) => sealer.seal(profiles[i % 64]!.key, profiles[i % 64]!.text)),
  openMicros: perOperationMicros((i) => sealer.open(profiles[i % 64]!.key, sealed[i % 64]!)),
  // For scale: what the write and hit paths already spend on JSON for the same value.
  stringifyMicros: perOperationMicros((i) => JSON.stringify(JSON.parse(profiles[i % 64]!.text))),
  parseMicros: perOperationMicros((i) => JSON.parse(profiles[i % 64]!.text)),
};
for (const [name, value] of Object.entries(results)) {
  console.log(
    `${name.padEnd(16)} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`,
  );
}
