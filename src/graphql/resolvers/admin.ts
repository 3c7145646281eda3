// Admin mutations: an admin erases a shopper from every cache on every replica
// (forgetCustomer; invalidateCustomer is its older, Boolean-answering alias). Thin: check the
// scope, validate the lookup, hand it to the service, and write the audit line either way.
import { authorise } from '../../auth/policy.ts';
import type { MutationResolvers } from '../../generated/resolvers-types.ts';
import { InvalidLookupError, parseLookup } from '../../customer/lookup.ts';
import type { LookupInput } from '../../customer/lookup.ts';
import type { ErasureReport } from '../../cache/profile-cache.ts';
import { maskLookup } from '../../customer/mask.ts';
import { maskedArgument } from '../audit.ts';
import type { AuditEvent } from '../audit.ts';
import type { GatewayContext } from '../context.ts';
import { accessDenied } from '../errors.ts';

export interface ErasureAnswer extends ErasureReport {
  complete: boolean;
}

/** Runs one erasure with its checks, recording the audit line whatever happens. */
async function erase(operation: string, by: unknown, ctx: GatewayContext): Promise<ErasureAnswer> {
  const event: AuditEvent = {
    caller: ctx.caller.name,
    operation,
    identifier: maskedArgument(by),
    result: 'failed',
    requestId: ctx.requestId,
  };
  try {
    // The authorisation plugin has refused non-admins already; this keeps the resolver safe
    // on its own (profiles:admin).
    const decision = authorise(ctx.caller, 'admin', operation);
    if (!decision.allowed) {
      Object.assign(event, { result: 'refused', code: decision.code });
      throw accessDenied(decision);
    }
    const lookup = parseLookup(by as LookupInput);
    event.identifier = maskLookup(lookup);
    const report = await ctx.forgetCustomer(lookup);
    const complete =
      report.sharedCacheConfirmed !== false && report.replicasConfirmed >= report.replicasReached;
    Object.assign(event, { result: 'ok', outcome: { ...report, complete } });
    return { ...report, complete };
  } catch (error) {
    if (error instanceof InvalidLookupError)
      Object.assign(event, { result: 'invalid', code: error.code });
    throw error;
  } finally {
    ctx.audit.record(event);
  }
}

export const adminResolvers: { Mutation: MutationResolvers } = {
  Mutation: {
    forgetCustomer: (_root, { by }, ctx) => erase('forgetCustomer', by, ctx),
    invalidateCustomer: async (_root, { by }, ctx) =>
      (await erase('invalidateCustomer', by, ctx)).sharedCacheConfirmed !== false,
  },
};
