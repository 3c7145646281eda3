// `npm run bench:executor`: what execution alone costs per storefront request, graphql-js's
// interpreter against graphql-jit's compiled query, in one process with no HTTP and no other
// traffic: the same schema and resolvers, a context whose loader answers from memory. The two
// take turns in short rounds, so a busy machine slows both alike; CPU time, not wall time.
import { execute, parse } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import type { GatewayContext } from '../../src/graphql/context.ts';
import { newLookupStats } from '../../src/profiles/loader.ts';
import { sampleProfile } from '../../src/sample-upstream/index.ts';
import { batchQuery, emailOf } from '../customers.ts';
import { sectionSubsets, storefrontQuery } from '../storefront.ts';

const schema = buildGatewaySchema();
const customer = sampleProfile(7);
// A loader that always has the profile: execution is all that is measured.
const context = {
  profiles: { load: async () => ({ customer, source: 'cache' }) },
  stats: newLookupStats(),
} as unknown as GatewayContext;

interface Case {
  name: string;
  document: DocumentNode;
  variables: Record<string, unknown>;
}

const cases: Case[] = [
  ...sectionSubsets.map((sections) => ({
    name: 'hot-varied',
    document: parse(storefrontQuery(sections)),
    variables: { by: { email: emailOf(7) } },
  })),
  {
    name: 'batch (20 lookups)',
    document: parse(batchQuery),
    variables: { by: Array.from({ length: 20 }, () => ({ email: emailOf(7) })) },
  },
];

type Run = (item: Case) => Promise<unknown>;

const interpreted: Run = async (item) =>
  execute({
    schema,
    document: item.document,
    variableValues: item.variables,
    contextValue: context,
  });

const compiledQueries = new Map<DocumentNode, CompiledQuery | ExecutionResult>();
const compiled: Run = async (item) => {
  let query = compiledQueries.get(item.document);
  if (query === undefined) {
    query = compileQuery(schema, item.document) as CompiledQuery | ExecutionResult;
    compiledQueries.set(item.document, query);
  }
  if (!isCompiledQuery(query)) throw new Error('did not compile');
  return query.query(undefined, context, item.variables);
};

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

async function round(run: Run, items: Case[], repeat: number): Promise<number> {
  const before = cpuMicros();
  for (let i = 0; i < repeat; i += 1) for (const item of items) await run(item);
  return (cpuMicros() - before) / (repeat * items.length);
}

async function compare(name: string, items: Case[], repeat: number): Promise<void> {
  // Warm both (and compile every document) before measuring.
  await round(interpreted, items, 50);
  await round(compiled, items, 50);
  const results = { interpreted: [] as number[], compiled: [] as number[] };
  for (let turn = 0; turn < 10; turn += 1) {
    results.interpreted.push(await round(interpreted, items, repeat));
    results.compiled.push(await round(compiled, items, repeat));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[5] ?? NaN;
  const a = median(results.interpreted);
  const b = median(results.compiled);
  console.log(
    `| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)}× | ${(a - b).toFixed(1)} |`,
  );
}

// Both must answer without errors, or the figures would time a short cut.
for (const item of cases) {
  for (const run of [interpreted, compiled]) {
    const result = (await run(item)) as { errors?: unknown[]; data?: unknown };
    if (result.errors || !result.data) throw new Error(`${item.name}: ${JSON.stringify(result)}`);
  }
}

console.log('| operation | graphql-js µs | graphql-jit µs | speed-up | saved µs/request |');
console.log('|---|--:|--:|--:|--:|');
await compare(
  'hot-varied (31 documents)',
  cases.filter((c) => c.name === 'hot-varied'),
  40,
);
await compare(
  'batch (20 lookups)',
  cases.filter((c) => c.name !== 'hot-varied'),
  100,
);
