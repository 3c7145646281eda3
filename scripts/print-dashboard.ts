// Writes the Grafana dashboard built by scripts/dashboard/ to deploy/grafana/ (`npm run
// dashboard:print`), or with --check fails when the committed file is stale (run by `npm test`,
// like the other generated files).
import { readFileSync, writeFileSync } from 'node:fs';
import { dashboardJson } from './dashboard/build.ts';

export const DASHBOARD_FILE = 'deploy/grafana/fashionai-gateway.json';

const fresh = dashboardJson();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(DASHBOARD_FILE, 'utf8');
  } catch {
    // missing: stale
  }
  if (committed !== fresh) {
    process.stderr.write(
      `${DASHBOARD_FILE} is stale: run \`npm run dashboard:print\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${DASHBOARD_FILE} is up to date.\n`);
} else {
  writeFileSync(DASHBOARD_FILE, fresh);
  process.stdout.write(`Wrote ${DASHBOARD_FILE}.\n`);
}
