// Refuses, before anything executes, an operation whose root fields the caller may not use
// (src/auth/policy.ts): FORBIDDEN (HTTP 403) or UNAUTHENTICATED (HTTP 401). The whole
// operation is refused, so a forbidden field cannot ride along with an allowed one and no
// upstream call is made. A refused admin field leaves an audit line (graphql/audit.ts).
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Kind } from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { authorise, requirementFor } from '../../auth/policy.ts';
import { maskedArgument, rootFieldArguments } from '../audit.ts';
import type { GatewayContext } from '../context.ts';
import { accessDenied, unsupportedOperation } from '../errors.ts';

/** Root field names, through fragment spreads and inline fragments (@skip/@include ignored: the stricter reading). */
export function rootFieldNames(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  names = new Set<string>(),
  seen = new Set<string>(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFieldNames(selection.selectionSet, fragments, names, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootFieldNames(fragment.selectionSet, fragments, names, seen);
    }
  }
  return names;
}

function rootFieldsOf(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  return [...rootFieldNames(operation.selectionSet, fragments)];
}

export function authorisationPlugin(): ApolloServerPlugin<GatewayContext> {
  // Root fields per parsed operation: walked once, then only the caller is checked.
  const rootFields = new WeakMap<OperationDefinitionNode, string[]>();
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ operation, document, contextValue, schema, request }) {
      if (!operation) return;
      // graphql-js 16 only notices a missing root type when executing; say it plainly first.
      if (!schema.getRootType(operation.operation)) {
        throw unsupportedOperation(operation.operation);
      }
      let fields = rootFields.get(operation);
      if (fields === undefined) {
        fields = rootFieldsOf(operation, document);
        rootFields.set(operation, fields);
      }
      let refusal: GraphQLError | undefined;
      for (const field of fields) {
        const requirement = requirementFor(operation.operation, field);
        const decision = authorise(contextValue.caller, requirement, field);
        if (decision.allowed) continue;
        refusal ??= accessDenied(decision);
        if (requirement !== 'admin') break;
        // Every refused admin field is recorded, not only the first one.
        for (const by of rootFieldArguments(operation, field, request.variables)) {
          contextValue.audit.record({
            caller: contextValue.caller.name,
            operation: field,
            identifier: maskedArgument(by),
            result: 'refused',
            code: decision.code,
            requestId: contextValue.requestId,
          });
        }
      }
      if (refusal) throw refusal;
    },
  };
  return { requestDidStart: async () => listener };
}
