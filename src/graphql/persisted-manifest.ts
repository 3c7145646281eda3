// Reads a persisted-query manifest: the operations a frontend ships, each with the id its
// client sends instead of the query text. Two formats are recognised by their shape: Apollo's
// (`@apollo/generate-persisted-query-manifest`) and client-preset's `{ hash: document }` map
// (`@graphql-codegen/client-preset` with `persistedDocuments`). Checked at start-up.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import { z } from 'zod';

export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

const apolloManifestSchema = z.object({
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

/** client-preset's persisted-documents.json: document hash → document text. */
const documentMapSchema = z.record(z.string().min(1), z.string().min(1));

const FORMATS =
  "neither an Apollo persisted-query manifest nor client-preset's { hash: document } map";

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
  const operations = isApolloManifest(json)
    ? fromApolloManifest(path, json)
    : fromDocumentMap(path, json);
  const ids = new Set<string>();
  for (const op of operations) {
    if (ids.has(op.id)) throw new Error(`${path} lists the id ${op.id} twice`);
    ids.add(op.id);
  }
  return operations;
}

/** Apollo's format says what it is; anything else is taken for a document map. */
const isApolloManifest = (json: unknown) =>
  typeof json === 'object' && json !== null && !Array.isArray(json) && 'format' in json;

function fromApolloManifest(path: string, json: unknown): PersistedOperation[] {
  const parsed = apolloManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${path} is not an Apollo persisted-query manifest (${issue?.path.join('.') || 'root'}: ${issue?.message})`,
    );
  }
  for (const op of parsed.data.operations) operationOf(path, op.name || op.id, op.body);
  return parsed.data.operations;
}

function fromDocumentMap(path: string, json: unknown): PersistedOperation[] {
  const parsed = documentMapSchema.safeParse(json);
  if (!parsed.success || Array.isArray(json)) {
    const issue = parsed.error?.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'root'}: ${issue.message})` : '';
    throw new Error(`${path} is ${FORMATS}${where}`);
  }
  return Object.entries(parsed.data).map(([key, body]) => {
    const operation = operationOf(path, key, body);
    return {
      id: idOf(path, key, body),
      name: operation.name?.value ?? '',
      type: operation.operation,
      body,
    };
  });
}

const SHA256_PREFIX = 'sha256:';

/**
 * client-preset writes `sha256:<hex>` keys (with hashAlgorithm 'sha256'); APQ clients send the
 * bare hex, so that is the id (persisted-queries.ts accepts the prefixed form too). A hash
 * that is not its document's is a manifest built from other documents: the start stops.
 */
function idOf(path: string, key: string, body: string): string {
  if (!key.startsWith(SHA256_PREFIX)) return key;
  const hash = key.slice(SHA256_PREFIX.length);
  if (hash !== createHash('sha256').update(body).digest('hex')) {
    throw new Error(`${path}: ${key} is not the sha256 hash of its document`);
  }
  return hash;
}

/** The id a client sent, as the manifest stores it. */
export const manifestIdOf = (sent: string) =>
  sent.startsWith(SHA256_PREFIX) ? sent.slice(SHA256_PREFIX.length) : sent;

/** The document's one operation; a document that does not parse or holds no operation stops the start. */
function operationOf(path: string, label: string, body: string): OperationDefinitionNode {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(body).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch (error) {
    throw new Error(`${path}: operation ${label} does not parse: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const [operation] = operations;
  if (!operation) throw new Error(`${path}: document ${label} holds no operation`);
  return operation;
}
