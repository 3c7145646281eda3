// Mutation.invalidateCustomer: an admin drops a customer's cached profile on every replica.
// Thin: check the scope, validate the lookup, hand it to the service (the cache does the rest).
import { authorise } from '../../auth/policy.ts';
import type { Resolvers } from '../../generated/resolvers-types.ts';
import { parseLookup } from '../../profiles/lookup.ts';
import type { LookupInput } from '../../profiles/lookup.ts';
import { accessDenied } from '../errors.ts';

export const adminResolvers: Resolvers = {
  Mutation: {
    invalidateCustomer: async (_root, { by }, ctx) => {
      // The authorisation plugin has refused non-admins already; this keeps the resolver safe
      // on its own (profiles:admin).
      const decision = authorise(ctx.caller, 'admin', 'invalidateCustomer');
      if (!decision.allowed) throw accessDenied(decision);
      const lookup = parseLookup(by as LookupInput);
      const everywhere = await ctx.invalidateCustomer(lookup);
      // Who did it and by which kind of identifier; never the identifier itself.
      ctx.logger.info(
        { caller: ctx.caller.name, lookupKind: lookup.kind, everywhere },
        'Customer profile invalidated',
      );
      return everywhere;
    },
  },
};
