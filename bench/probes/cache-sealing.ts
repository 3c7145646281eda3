// What encryption at rest costs the shared cache: µs per write (seal) and per hit (open) for
// a typical profile, against the JSON work the same path does anyway. A script, not a test:
//   node bench/probes/cache-sealing.ts [iterations]
import { randomBytes } from 'node:crypto';
import { cacheKeyFactory } from '../../src/cache/profile-cache.ts';
import { createCacheSealer, parseSealingKey } from '../../src/cache/sealing.ts';
import { sampleProfile } from '../../src/sample-upstream/index.ts';

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
const parsed = profiles.map((p) => JSON.parse(p.text) as unknown);

/**
 * µs per call, as CPU time of this process (user + system): on a shared machine wall time
 * also counts the time other processes held the core. Median and best of 7 rounds, and the
 * wall-clock median for comparison.
 */
function perOperationMicros(run: (i: number) => unknown): string {
  for (let i = 0; i < 5000; i++) run(i); // warm up the JIT
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < 7; round++) {
    const started = process.hrtime.bigint();
    const usage = process.cpuUsage();
    for (let i = 0; i < iterations; i++) run(i);
    const spent = process.cpuUsage(usage);
    wall.push(Number(process.hrtime.bigint() - started) / 1000 / iterations);
    cpu.push((spent.user + spent.system) / iterations);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [c, w] = [sorted(cpu), sorted(wall)];
  return `CPU median ${c[3]?.toFixed(2)} µs, best ${c[0]?.toFixed(2)} µs (wall median ${w[3]?.toFixed(2)} µs)`;
}

const sizes = profiles.map((p) => Buffer.byteLength(p.text));
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const at = (i: number) => profiles[i % profiles.length] as { key: string; text: string };
const results = {
  iterations: `${iterations} per round, 7 rounds`,
  plaintext: `${mean(sizes)} bytes`,
  sealed: `${mean(sealed.map((s) => s.length))} bytes`,
  'seal (write)': perOperationMicros((i) => sealer.seal(at(i).key, at(i).text)),
  'open (hit)': perOperationMicros((i) =>
    sealer.open(at(i).key, sealed[i % sealed.length] as string),
  ),
  // For scale: what the write and hit paths already spend on JSON for the same value.
  'JSON.stringify': perOperationMicros((i) => JSON.stringify(parsed[i % parsed.length])),
  'JSON.parse': perOperationMicros((i) => JSON.parse(at(i).text)),
};
for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(15)} ${value}`);
