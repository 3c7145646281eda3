// Limits on the shape of an operation, checked on the parsed document before anything runs:
// graphql-armor's validation rules for depth, aliases and directives, graphql-js's own parser
// limit for tokens (one parse, not a second one). Rejections are BAD_USER_INPUT with
// `extensions.limit` naming the limit; nothing executes, so no upstream call is made.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import type { GraphQLError } from 'graphql';
import { operationLimitError } from '../errors.ts';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/** Reports the rule's rejection under our code instead of letting it throw. */
function reportAs(limit: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        context?.reportError(
          operationLimitError(limit, error.message.replace(/^Syntax Error: /, '')),
        );
      },
    ],
  };
}

export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    // Fragments do not add depth: depth is how deep fields nest (our schema has no cycles,
    // so real operations stay shallow; deep ones are introspection abuse or noise).
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reportAs('depth') }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs('aliases') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('directives') }),
  ];
}

export function operationParseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}
