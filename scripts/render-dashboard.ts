// Draws the dashboard's panels from a live Prometheus run into a PNG, so docs/operations.md
// shows what on call sees during a vendor outage. The series come from the live test, which
// evaluates every panel's queries with query_range on a real Prometheus scraping the gateway
// through an outage and records them:
//   npx vitest run test/process/prometheus-alerts.test.ts   # writes test/artifacts/prometheus-run.json
//   npm run dashboard:render                                # → docs/dashboard-vendor-outage.png
// The panels are plain SVG (the shape of Grafana's time series panels: rows, titles, legends,
// the outage shaded); headless chromium (Debian's, offline) turns the page into a PNG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROWS } from './dashboard/panels.ts';
import type { Panel } from './dashboard/panels.ts';

interface Recording {
  start: number;
  end: number;
  timeline: Record<
    'limitedAt' | 'failedAt' | 'pendingAt' | 'firingAt' | 'healedAt' | 'resolvedAt',
    string
  >;
  panels: Array<{
    title: string;
    targets: Array<{
      legend: string;
      series: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    }>;
  }>;
}

const [input = 'test/artifacts/prometheus-run.json', output = 'docs/dashboard-vendor-outage.png'] =
  process.argv.slice(2);
const rec = JSON.parse(readFileSync(input, 'utf8')) as Recording;

const WIDTH = 1500;
const PANEL_H = 200;
const ROW_TITLE_H = 30;
const GAP = 10;
const COLORS = [
  '#7eb26d',
  '#eab839',
  '#6ed0e0',
  '#ef843c',
  '#e24d42',
  '#1f78c1',
  '#ba43a9',
  '#705da0',
];

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function legendOf(template: string, metric: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, l: string) => metric[l] ?? '');
}

function formatValue(v: number, unit: string): string {
  if (unit === 'percentunit') return `${Math.round(v * 100)}%`;
  if (unit === 'bytes') return `${(v / 2 ** 20).toFixed(0)} MiB`;
  if (unit === 's') return v >= 1 ? `${v.toFixed(1)} s` : `${Math.round(v * 1000)} ms`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0);
}

const at = (iso: string) => Date.parse(iso) / 1000;

function panelSvg(panel: Panel, x: number, y: number, w: number, h: number): string {
  const recorded = rec.panels.find((p) => p.title === panel.title);
  const lines = (recorded?.targets ?? []).flatMap((t) =>
    t.series.map((s) => ({
      name: legendOf(t.legend, s.metric),
      points: s.values
        .map(([ts, v]) => [ts, Number(v)] as const)
        .filter(([, v]) => Number.isFinite(v)),
    })),
  );
  const plot = { x: x + 52, y: y + 28, w: w - 64, h: h - 72 };
  // Stacked panels draw cumulative sums, like Grafana's "normal" stacking.
  if (panel.stacked) {
    const totals = new Map<number, number>();
    for (const line of lines) {
      line.points = line.points.map(([ts, v]) => {
        const sum = (totals.get(ts) ?? 0) + v;
        totals.set(ts, sum);
        return [ts, sum] as const;
      });
    }
  }
  const peak = Math.max(0, ...lines.flatMap((l) => l.points.map(([, v]) => v)));
  const yMax = panel.max ?? (peak > 0 ? peak * 1.1 : 1);
  const sx = (ts: number) => plot.x + ((ts - rec.start) / (rec.end - rec.start)) * plot.w;
  const sy = (v: number) => plot.y + plot.h - (Math.min(v, yMax) / yMax) * plot.h;
  const parts = [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#181b1f" stroke="#2c3235"/>`,
    `<text x="${x + 10}" y="${y + 18}" fill="#ccccdc" font-size="13" font-weight="600">${esc(panel.title)}</text>`,
    // The 429 phase (amber) and the outage (red), up to the heal.
    `<rect x="${sx(at(rec.timeline.limitedAt))}" y="${plot.y}" width="${sx(at(rec.timeline.failedAt)) - sx(at(rec.timeline.limitedAt))}" height="${plot.h}" fill="#eab839" fill-opacity="0.08"/>`,
    `<rect x="${sx(at(rec.timeline.failedAt))}" y="${plot.y}" width="${sx(at(rec.timeline.healedAt)) - sx(at(rec.timeline.failedAt))}" height="${plot.h}" fill="#e24d42" fill-opacity="0.08"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${sy(v)}" y2="${sy(v)}" stroke="#2c3235"/>`,
      `<text x="${plot.x - 6}" y="${sy(v) + 4}" fill="#8e8e8e" font-size="10" text-anchor="end">${formatValue(v, panel.unit)}</text>`,
    );
  }
  for (let t = 0; t <= rec.end - rec.start; t += 10) {
    parts.push(
      `<text x="${sx(rec.start + t)}" y="${plot.y + plot.h + 13}" fill="#8e8e8e" font-size="10" text-anchor="middle">${t}s</text>`,
    );
  }
  const drawn = [...lines].reverse();
  drawn.forEach((line, i) => {
    const color = COLORS[(lines.length - 1 - i) % COLORS.length] as string;
    const pts = line.points.map(([ts, v]) => `${sx(ts).toFixed(1)},${sy(v).toFixed(1)}`);
    if (pts.length === 0) return;
    if (panel.stacked) {
      const first = line.points[0] as readonly [number, number];
      const last = line.points[line.points.length - 1] as readonly [number, number];
      parts.push(
        `<polygon points="${sx(first[0])},${sy(0)} ${pts.join(' ')} ${sx(last[0])},${sy(0)}" fill="${color}" fill-opacity="0.35" stroke="none"/>`,
      );
    }
    parts.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"/>`,
    );
  });
  let lx = plot.x;
  lines.forEach((line, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const label = esc(line.name || '(value)');
    parts.push(
      `<rect x="${lx}" y="${y + h - 20}" width="10" height="3" fill="${color}"/>`,
      `<text x="${lx + 14}" y="${y + h - 15}" fill="#ccccdc" font-size="10">${label}</text>`,
    );
    lx += 24 + label.length * 5.6;
  });
  if (lines.length === 0) {
    parts.push(
      `<text x="${plot.x + plot.w / 2}" y="${plot.y + plot.h / 2}" fill="#8e8e8e" font-size="12" text-anchor="middle">No data</text>`,
    );
  }
  return parts.join('\n');
}

const parts: string[] = [];
let y = 58;
for (const row of ROWS) {
  parts.push(
    `<text x="${GAP}" y="${y + 20}" fill="#ccccdc" font-size="15" font-weight="600">${esc(row.title)}</text>`,
  );
  y += ROW_TITLE_H;
  const w = (WIDTH - GAP * (row.panels.length + 1)) / row.panels.length;
  row.panels.forEach((panel, i) => parts.push(panelSvg(panel, GAP + i * (w + GAP), y, w, PANEL_H)));
  y += PANEL_H + GAP;
}
const t0 = (iso: string) => `${Math.round(at(iso) - rec.start)} s`;
const header =
  'Fashion.AI profile gateway — a vendor outage, live on Prometheus (one replica, no Redis)';
const subheader = `Sample upstream answers 40 % 429 from ${t0(rec.timeline.limitedAt)} (amber: the throttle paces), fails (70 % 503, some 429) from ${t0(rec.timeline.failedAt)} to ${t0(rec.timeline.healedAt)} (red). GatewayVendorFailing (windows ÷ 30): pending ${t0(rec.timeline.pendingAt)}, firing ${t0(rec.timeline.firingAt)}, resolved ${t0(rec.timeline.resolvedAt)}.`;
const height = y + GAP;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif">
<rect width="${WIDTH}" height="${height}" fill="#111217"/>
<text x="${GAP}" y="24" fill="#ffffff" font-size="17" font-weight="600">${esc(header)}</text>
<text x="${GAP}" y="46" fill="#ccccdc" font-size="13">${esc(subheader)}</text>
${parts.join('\n')}
</svg>`;

const dir = mkdtempSync(join(tmpdir(), 'dashboard-render-'));
try {
  const page = join(dir, 'dashboard.html');
  writeFileSync(page, `<!doctype html><body style="margin:0">${svg}</body>`);
  const shot = join(dir, 'shot.png');
  execFileSync(
    process.env.CHROMIUM ?? 'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--window-size=${WIDTH},${height}`,
      `--screenshot=${shot}`,
      `file://${page}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  writeFileSync(resolve(output), readFileSync(shot));
  process.stdout.write(`Wrote ${output} (${WIDTH}×${height}).\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
