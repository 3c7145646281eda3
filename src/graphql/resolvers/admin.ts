// Mutation.invalidateCustomer: an admin drops a customer's cached profile on every replica.
// Thin: check the scope, validate the lookup, hand it to the service (the cache does the rest).
import { SCOPE_ADMIN } from '../../auth/caller.ts';
import type { Resolvers } from '../../generated/resolvers-types.ts';
import { parseLookup } from '../../profiles/lookup.ts';
import type { LookupInput } from '../../profiles/lookup.ts';
import { forbidden } from '../errors.ts';

export const adminResolvers: Resolvers = {
  Mutation: {
    invalidateCustomer: async (_root, { by }, ctx) => {
      // Checked here even when a policy plugin refused the operation earlier: the resolver
      // must be safe on its own.
      if (!ctx.caller.scopes.has(SCOPE_ADMIN)) {
        throw forbidden(`invalidateCustomer needs the ${SCOPE_ADMIN} scope`);
      }
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
