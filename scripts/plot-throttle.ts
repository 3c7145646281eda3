// Draws the adaptive throttle converging under a vendor quota, from samples recorded by a real
// run of the quota soak:
//   SOAK_SECONDS=30 SOAK_RECORD=/tmp/quota-run.json npx vitest run test/soak/quota.test.ts
//   node scripts/plot-throttle.ts /tmp/quota-run.json docs/throttle-under-quota.svg
// Plain SVG, no dependency: accepted and refused calls per second at the sample upstream, the
// throttle's allowed rate, the quota, and the moment the quota was lifted.
import { readFileSync, writeFileSync } from 'node:fs';

interface Recording {
  quota: number;
  liftedAtMs: number;
  samples: Array<{ t: number; throttleRate: number | null }>;
  perSecond: Array<{ t: number; accepted: number; refused: number }>;
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/plot-throttle.ts RECORDING.json OUTPUT.svg');
  process.exit(2);
}
const rec = JSON.parse(readFileSync(input, 'utf8')) as Recording;

const W = 760;
const H = 360;
const M = { left: 56, right: 200, top: 30, bottom: 44 };
const seconds = Math.ceil(
  Math.max(...rec.perSecond.map((s) => s.t / 1000 + 1), rec.liftedAtMs / 1000 + 1),
);
const perSecond = rec.perSecond.filter((s) => s.t >= 0 && s.t / 1000 < seconds);
const yMax =
  Math.ceil(Math.max(rec.quota * 2, ...perSecond.map((s) => s.accepted + s.refused)) / 50) * 50;
const x = (sec: number) => M.left + (sec / seconds) * (W - M.left - M.right);
const y = (v: number) => H - M.bottom - (Math.min(v, yMax) / yMax) * (H - M.top - M.bottom);
const barW = Math.max(1, x(1) - x(0) - 2);

const parts: string[] = [];
parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
for (let v = 0; v <= yMax; v += 50) {
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
  parts.push(
    `<text x="${M.left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${v}</text>`,
  );
}
for (let s = 0; s <= seconds; s += 5) {
  parts.push(
    `<text x="${x(s)}" y="${H - M.bottom + 16}" font-size="11" text-anchor="middle">${s}</text>`,
  );
}
parts.push(
  `<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" font-size="12" text-anchor="middle">seconds into the run</text>`,
);
parts.push(
  `<text x="14" y="${(H - M.bottom + M.top) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(H - M.bottom + M.top) / 2})">calls per second</text>`,
);
for (const s of perSecond) {
  const sec = s.t / 1000;
  parts.push(
    `<rect x="${x(sec) + 1}" y="${y(s.accepted)}" width="${barW}" height="${y(0) - y(s.accepted)}" fill="#7fb3d5"/>`,
  );
  parts.push(
    `<rect x="${x(sec) + 1}" y="${y(s.accepted + s.refused)}" width="${barW}" height="${y(s.accepted) - y(s.accepted + s.refused)}" fill="#e6a0a0"/>`,
  );
}
const quotaEnd = x(rec.liftedAtMs / 1000);
parts.push(
  `<line x1="${M.left}" x2="${quotaEnd}" y1="${y(rec.quota)}" y2="${y(rec.quota)}" stroke="#555" stroke-dasharray="6 4"/>`,
);
parts.push(
  `<line x1="${quotaEnd}" x2="${quotaEnd}" y1="${M.top}" y2="${H - M.bottom}" stroke="#555" stroke-dasharray="2 3"/>`,
);
parts.push(`<text x="${quotaEnd + 4}" y="${M.top + 12}" font-size="11">quota lifted</text>`);
const points = rec.samples
  .filter((s) => s.t / 1000 <= seconds)
  .map(
    (s) =>
      `${x(s.t / 1000).toFixed(1)},${(s.throttleRate === null ? y(yMax) : y(s.throttleRate)).toFixed(1)}`,
  );
parts.push(
  `<polyline points="${points.join(' ')}" fill="none" stroke="#1f4e79" stroke-width="2"/>`,
);
const legend: Array<[string, string]> = [
  ['#7fb3d5', 'accepted by Fashion.AI'],
  ['#e6a0a0', 'answered 429'],
  ['#1f4e79', 'throttle rate (top: unlimited)'],
  ['#555', `quota (${rec.quota}/s)`],
];
legend.forEach(([colour, label], i) => {
  const ly = M.top + 20 + i * 20;
  parts.push(
    `<rect x="${W - M.right + 12}" y="${ly - 9}" width="12" height="10" fill="${colour}"/>`,
  );
  parts.push(`<text x="${W - M.right + 30}" y="${ly}" font-size="11">${label}</text>`);
});
parts.push(
  `<text x="${M.left}" y="18" font-size="13" font-weight="bold">Adaptive throttle under a quota of ${rec.quota} calls/s (recorded run)</text>`,
);

writeFileSync(
  output,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`,
);
console.log(`wrote ${output}`);
