// Authorisation: what each root field of an operation asks of the caller. Deny by default: a
// query field not named here needs `profiles:read`, any mutation or subscription field needs
// `profiles:admin`; only introspection and the federation `_service` are open to every caller.
import { SCOPE_ADMIN, SCOPE_READ } from './caller.ts';
import type { Caller } from './caller.ts';

export type Requirement = 'none' | 'read' | 'user' | 'admin';

export type Decision =
  { allowed: true } | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

export function requirementFor(operation: string, field: string): Requirement {
  if (field.startsWith('__')) return 'none';
  if (operation !== 'query') return 'admin';
  if (field === '_service') return 'none';
  if (field === 'me') return 'user';
  return 'read';
}

const ALLOWED: Decision = { allowed: true };

export function authorise(
  caller: Caller,
  requirement: Requirement,
  field = 'this field',
): Decision {
  switch (requirement) {
    case 'none':
      return ALLOWED;
    case 'read':
      return caller.scopes.has(SCOPE_READ)
        ? ALLOWED
        : { allowed: false, code: 'FORBIDDEN', message: `${field} needs the ${SCOPE_READ} scope` };
    case 'admin':
      return caller.scopes.has(SCOPE_ADMIN)
        ? ALLOWED
        : { allowed: false, code: 'FORBIDDEN', message: `${field} needs the ${SCOPE_ADMIN} scope` };
    case 'user':
      if (caller.kind === 'open') {
        return {
          allowed: false,
          code: 'UNAUTHENTICATED',
          message: `${field} needs a signed-in end user (a JWT); authentication is off on this gateway`,
        };
      }
      if (caller.kind !== 'user') {
        return {
          allowed: false,
          code: 'FORBIDDEN',
          message: `${field} is for end-user tokens, not API keys`,
        };
      }
      if (!caller.email) {
        return {
          allowed: false,
          code: 'FORBIDDEN',
          message: `${field} needs a token with a verified e-mail claim`,
        };
      }
      return ALLOWED;
  }
}
