// Reads a persisted-query manifest in Apollo's format (what
// `@apollo/generate-persisted-query-manifest` writes): the operations a frontend ships,
// each with the id its client sends instead of the query text. Checked at start-up.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';

export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

/** Throws an Error whose message says what is wrong with the file (config.ts names the variable). */
export function loadPersistedQueryManifest(path: string): PersistedOperation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${path} is not an Apollo persisted-query manifest (${issue?.path.join('.') || 'root'}: ${issue?.message})`,
    );
  }
  const ids = new Set<string>();
  for (const op of parsed.data.operations) {
    if (ids.has(op.id)) throw new Error(`${path} lists the id ${op.id} twice`);
    ids.add(op.id);
    try {
      parse(op.body);
    } catch (error) {
      throw new Error(
        `${path}: operation ${op.name || op.id} does not parse: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return parsed.data.operations;
}
