// The audit trail of admin operations: one structured line per admin root field asked for,
// allowed or refused, under its own logger name (`audit`) so operators can route it to a
// separate sink. It names who, what, which shopper (masked), the result and the request id.
import { Kind, valueFromASTUntyped } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import { parseLookup } from '../customer/lookup.ts';
import type { LookupInput } from '../customer/lookup.ts';
import { maskLookup } from '../customer/mask.ts';

/** The pino `name` of audit lines: route `name == "audit"` to the audit sink. */
export const AUDIT_LOGGER_NAME = 'audit';

export interface AuditEvent {
  /** The caller's name (API key name, token subject, or `anonymous`), never a credential. */
  caller: string;
  /** The root field, e.g. `forgetCustomer`. */
  operation: string;
  /** `kind:masked` (maskLookup), or `invalid` when the argument was not an identifier. */
  identifier: string | undefined;
  /** `ok`, `refused` (with the code), `invalid` (bad identifier) or `failed`. */
  result: 'ok' | 'refused' | 'invalid' | 'failed';
  requestId: string;
  /** Why it was refused or failed: an error code. */
  code?: string;
  /** What the operation did, e.g. entries dropped and how far it was confirmed. */
  outcome?: Record<string, unknown>;
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

export function createAuditLog(logger: Logger): AuditLog {
  const audit = logger.child({ name: AUDIT_LOGGER_NAME });
  return {
    record(event) {
      const level = event.result === 'ok' ? 'info' : 'warn';
      audit[level]({ audit: event }, `Admin operation ${event.operation}: ${event.result}`);
    },
  };
}

/** The lookup argument (`by`) as an audit line may show it: masked, never in full. */
export function maskedArgument(by: unknown): string | undefined {
  if (by === undefined || by === null) return undefined;
  try {
    return maskLookup(parseLookup(by as LookupInput));
  } catch {
    return 'invalid';
  }
}

/** The `by` argument of each root field named `field`, read from the document and variables. */
export function rootFieldArguments(
  operation: OperationDefinitionNode,
  field: string,
  variables: Record<string, unknown> | undefined,
): unknown[] {
  const found: unknown[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== field) continue;
    const by = selection.arguments?.find((a) => a.name.value === 'by');
    found.push(by ? valueFromASTUntyped(by.value, variables) : undefined);
  }
  return found.length > 0 ? found : [undefined];
}
