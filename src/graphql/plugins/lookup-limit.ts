// Caps how many customer lookups one operation may ask for (MAX_LOOKUPS_PER_REQUEST), counted
// on the parsed operation and its variables before anything executes: aliases of `customer`
// and `me`, items of `customers(by:)`, and `_entities` representations. Over the cap the
// operation is refused with BAD_USER_INPUT and no upstream call is made. When HTTP batching is
// on, the operations of one batch share one budget (and one ProfileLoader).
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Kind } from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';

const SINGLE_LOOKUP_FIELDS = new Set(['customer', 'me']);
const LIST_LOOKUP_FIELDS: Readonly<Record<string, string>> = {
  customers: 'by',
  _entities: 'representations',
};

/**
 * How many lookups an operation asks for, as far as the document alone says: a fixed count
 * plus, for each list argument given as a variable, that variable's length at request time.
 * Worked out once per parsed operation (Apollo reuses the parsed document of a known query),
 * so a request only reads its variables.
 */
interface LookupShape {
  fixed: number;
  listVariables: string[];
}

function variableLength(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null ? 0 : 1; // a single value becomes a one-item list
}

function addShape(
  shape: LookupShape,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (SINGLE_LOOKUP_FIELDS.has(name)) shape.fixed += 1;
      const argName = LIST_LOOKUP_FIELDS[name];
      if (argName) {
        const value = selection.arguments?.find((a) => a.name.value === argName)?.value;
        if (value?.kind === Kind.LIST) shape.fixed += value.values.length;
        else if (value?.kind === Kind.VARIABLE) shape.listVariables.push(value.name.value);
        else if (value) shape.fixed += 1;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      addShape(shape, selection.selectionSet, fragments, seen);
    } else {
      const fragment = fragments[selection.name.value];
      // A fragment spread twice at the root counts twice; a cycle is a validation error anyway.
      if (fragment && !seen.has(fragment.name.value)) {
        addShape(shape, fragment.selectionSet, fragments, new Set(seen).add(fragment.name.value));
      }
    }
  }
}

function shapeOf(operation: OperationDefinitionNode, document: DocumentNode): LookupShape {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  const shape: LookupShape = { fixed: 0, listVariables: [] };
  addShape(shape, operation.selectionSet, fragments, new Set());
  return shape;
}

export function countLookups(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  shapes?: WeakMap<OperationDefinitionNode, LookupShape>,
): number {
  let shape = shapes?.get(operation);
  if (shape === undefined) {
    shape = shapeOf(operation, document);
    shapes?.set(operation, shape);
  }
  let count = shape.fixed;
  for (const name of shape.listVariables) count += variableLength(variables[name]);
  return count;
}

export function lookupLimitPlugin(maxLookups: number): ApolloServerPlugin<GatewayContext> {
  // Lookups already granted per HTTP request. Apollo gives each operation of a batch a shallow
  // copy of the context, so the key is the request's loader, which the copies share.
  const spent = new WeakMap<object, number>();
  // Keyed by the parsed operation: a document Apollo no longer caches takes its shape along.
  const shapes = new WeakMap<OperationDefinitionNode, LookupShape>();
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ operation, document, request, contextValue }) {
      if (operation?.operation !== 'query') return;
      const count = countLookups(operation, document, request.variables ?? {}, shapes);
      const total = (spent.get(contextValue.profiles) ?? 0) + count;
      if (total > maxLookups) {
        throw badUserInput(
          `${total === count ? 'This operation' : 'This batch'} asks for ${total} customer lookups; at most ${maxLookups} are allowed per request`,
        );
      }
      spent.set(contextValue.profiles, total);
    },
  };
  return { requestDidStart: async () => listener };
}
