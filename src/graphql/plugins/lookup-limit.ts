// Caps how many customer lookups one operation may ask for (MAX_LOOKUPS_PER_REQUEST), counted
// on the parsed operation and its variables before anything executes: aliases of `customer`
// and `me`, items of `customers(by:)`, and `_entities` representations. Over the cap the
// operation is refused with BAD_USER_INPUT and no upstream call is made. When HTTP batching is
// on, the operations of one batch share one budget (and one ProfileLoader).
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { FragmentDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';

const SINGLE_LOOKUP_FIELDS = new Set(['customer', 'me']);
const LIST_LOOKUP_FIELDS: Readonly<Record<string, string>> = {
  customers: 'by',
  _entities: 'representations',
};

function listLength(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  if (!value) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    if (Array.isArray(v)) return v.length;
    return v === undefined || v === null ? 0 : 1;
  }
  return 1; // a single value is coerced to a one-item list
}

export function countLookups(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (SINGLE_LOOKUP_FIELDS.has(name)) count += 1;
      const argName = LIST_LOOKUP_FIELDS[name];
      if (argName) {
        const arg = selection.arguments?.find((a) => a.name.value === argName);
        count += listLength(arg?.value, variables);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countLookups(selection.selectionSet, fragments, variables, seen);
    } else {
      const fragment = fragments[selection.name.value];
      // A fragment spread twice at the root counts twice; a cycle is a validation error anyway.
      if (fragment && !seen.has(fragment.name.value)) {
        const inner = new Set(seen).add(fragment.name.value);
        count += countLookups(fragment.selectionSet, fragments, variables, inner);
      }
    }
  }
  return count;
}

export function lookupLimitPlugin(maxLookups: number): ApolloServerPlugin<GatewayContext> {
  // Lookups already granted per HTTP request. Apollo gives each operation of a batch a shallow
  // copy of the context, so the key is the request's loader, which the copies share.
  const spent = new WeakMap<object, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'query') return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of document.definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          }
          const count = countLookups(operation.selectionSet, fragments, request.variables ?? {});
          const total = (spent.get(contextValue.profiles) ?? 0) + count;
          if (total > maxLookups) {
            throw badUserInput(
              `${total === count ? 'This operation' : 'This batch'} asks for ${total} customer lookups; at most ${maxLookups} are allowed per request`,
            );
          }
          spent.set(contextValue.profiles, total);
        },
      };
    },
  };
}
