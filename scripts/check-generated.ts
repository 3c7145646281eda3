// Fails when a committed generated file is stale: regenerates in place and compares. Run by
// `npm test` so CI catches a schema or operation change without `npm run codegen` (the
// gateway's resolver types) or `npm run codegen:storefront` (the storefront example's typed
// documents and persisted-documents manifest).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Target {
  command: string;
  cwd: string;
  files: string[];
}

const STOREFRONT = 'examples/storefront';
const storefrontFiles = () =>
  readdirSync(join(STOREFRONT, 'src/gql')).map((f) => join(STOREFRONT, 'src/gql', f));

const targets: Target[] = [
  { command: 'npm run codegen', cwd: '.', files: ['src/generated/resolvers-types.ts'] },
  { command: 'npm run codegen:storefront', cwd: STOREFRONT, files: storefrontFiles() },
];

let stale = false;
for (const target of targets) {
  const before = target.files.map((f) => readFileSync(f, 'utf8'));
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
    cwd: target.cwd,
    stdio: 'inherit',
  });
  target.files.forEach((file, i) => {
    if (readFileSync(file, 'utf8') === before[i]) {
      process.stdout.write(`${file} is up to date.\n`);
      return;
    }
    stale = true;
    process.stderr.write(
      `${file} was stale and has been regenerated: run \`${target.command}\` and commit the result.\n`,
    );
  });
}
if (stale) process.exit(1);
