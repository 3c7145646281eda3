// Fails when a committed generated file is stale: regenerates into a temporary copy of the
// output and compares. Run by `npm test` so CI catches a schema change without `npm run codegen`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const GENERATED = 'src/generated/resolvers-types.ts';

const before = readFileSync(GENERATED, 'utf8');
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
  stdio: 'inherit',
});
const after = readFileSync(GENERATED, 'utf8');
if (before !== after) {
  process.stderr.write(
    `${GENERATED} was stale and has been regenerated: run \`npm run codegen\` and commit the result.\n`,
  );
  process.exit(1);
}
process.stdout.write(`${GENERATED} is up to date.\n`);
