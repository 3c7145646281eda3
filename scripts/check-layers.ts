// Checks the house layering of src/ (docs: README "Layout"): each room may import only rooms
// on a lower floor, never a sibling on its own floor or one above, and no import loop exists
// anywhere in src/, test/, bench/ or scripts/. Run by `npm test`; prints each offending import.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Floors, lowest first; a room imports only rooms of lower floors (and itself). */
const FLOORS: readonly (readonly string[])[] = [
  ['customer', 'explorer'],
  ['upstream', 'redis', 'auth'],
  ['cache', 'fleet'],
  ['profiles'],
  ['observability'],
  ['graphql'],
  ['http'],
  ['config'],
  ['app'],
];
/**
 * Another party (the vendor API in demo and tests): it may use the upstream's vocabulary only,
 * and only the entry point (demo mode) may start it.
 */
const APART: Readonly<Record<string, readonly string[]>> = {
  'sample-upstream': ['upstream', 'customer'],
};
const MAY_START_APART = new Set(['app']);
const TOP_FILES: Readonly<Record<string, string>> = {
  'src/main.ts': 'app',
  'src/logging.ts': 'customer',
  'src/node-version-check.cjs': 'customer',
};

const root = process.cwd();
const floorOf = new Map<string, number>();
FLOORS.forEach((rooms, i) => rooms.forEach((room) => floorOf.set(room, i)));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.includes('node_modules') && !f.includes('/gql/'));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    found.push(relative(root, resolve(dirname(join(root, file)), match[1]!)));
  }
  return found;
}

function roomOf(file: string): string | undefined {
  if (TOP_FILES[file]) return TOP_FILES[file];
  const [top, room] = file.split('/');
  if (top !== 'src' || !room || room.includes('.')) return undefined;
  // The generated resolver types are the GraphQL layer's own (mappers into its models).
  return room === 'generated' ? 'graphql' : room;
}

const problems: string[] = [];
const graph = new Map<string, string[]>();
for (const dir of ['src', 'test', 'bench', 'scripts']) {
  for (const file of filesUnder(dir)) graph.set(file, importsOf(file));
}
for (const [file, targets] of graph) {
  const from = roomOf(file);
  if (!from) continue;
  for (const target of targets) {
    const to = roomOf(target);
    if (!to || to === from) continue;
    if (from in APART || to in APART) {
      const allowed =
        (APART[from] ?? []).includes(to) || (to in APART && MAY_START_APART.has(from));
      if (!allowed) problems.push(`${file} → ${target}: ${from} may not import ${to}`);
      continue;
    }
    const a = floorOf.get(from);
    const b = floorOf.get(to);
    if (a === undefined || b === undefined)
      problems.push(`${file}: room ${from} or ${to} has no floor`);
    else if (b >= a) problems.push(`${file} → ${target}: ${from} may not import ${to}`);
  }
}

// Import loops (type-only imports count: they bind the modules' designs together).
const state = new Map<string, 'visiting' | 'done'>();
const stack: string[] = [];
function visit(file: string): void {
  state.set(file, 'visiting');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 'visiting') {
      problems.push(`import loop: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length > 0) {
  process.stderr.write(`Layering check failed:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
console.log(`Layering holds: ${graph.size} files, no upward import, no loop.`);
