// Query.customer, Query.customers and the Customer entity. Thin: validate the lookup, ask the
// request's ProfileLoader, shape the parent value. No HTTP, no caching here.
import { authorise } from '../../auth/policy.ts';
import type { Resolvers } from '../../generated/resolvers-types.ts';
import { lookupOf, parseLookup } from '../../customer/lookup.ts';
import type { CustomerLookup, LookupInput } from '../../customer/lookup.ts';
import type { GatewayContext } from '../context.ts';
import { accessDenied } from '../errors.ts';
import type { CustomerModel } from '../models.ts';

export async function loadCustomer(
  lookup: CustomerLookup,
  ctx: GatewayContext,
): Promise<CustomerModel | null> {
  const { customer } = await ctx.profiles.load(lookup);
  return customer ? { lookup, customer } : null;
}

const echo = (model: CustomerModel, kind: CustomerLookup['kind']) =>
  model.lookup.kind === kind ? model.lookup.value : null;

/** The vendor's answer for this customer; a deferred vendor failure fails the field asking. */
function vendorCustomer(model: CustomerModel): CustomerModel['customer'] {
  if (model.failure) throw model.failure;
  return model.customer;
}

type CustomerReference = { userProfileId?: string | null; email?: string | null };

function referenceLookup(ref: CustomerReference): CustomerLookup {
  return ref.userProfileId != null
    ? lookupOf('userProfileId', ref.userProfileId)
    : lookupOf('email', ref.email ?? '');
}

export const customerResolvers: Resolvers = {
  Query: {
    // The identifier comes from the verified token only; the authorisation plugin has already
    // refused other callers, and this check keeps the resolver safe on its own.
    me: (_root, _args, ctx) => {
      const decision = authorise(ctx.caller, 'user', 'me');
      if (!decision.allowed) throw accessDenied(decision);
      return loadCustomer(lookupOf('email', ctx.caller.email ?? ''), ctx);
    },
    customer: (_root, { by }, ctx) => loadCustomer(parseLookup(by as LookupInput), ctx),
    // Each item resolves (or fails) on its own: one bad lookup is an error at its index only.
    customers: (_root, { by }, ctx) =>
      by.map((input) => {
        try {
          return loadCustomer(parseLookup(input as LookupInput), ctx).catch(
            (error: Error) => error,
          );
        } catch (error) {
          return error as Error;
        }
      }) as unknown as CustomerModel[],
  },
  Customer: {
    // Federation: `_entities` calls this once per representation; the loader batches them.
    // Every well-formed reference resolves: an unprofiled shopper is still a customer (profile
    // null), and a vendor failure fails only the fields that need the vendor (see CustomerModel).
    // Async so that a malformed key rejects its own item instead of the whole batch.
    __resolveReference: async (reference, ctx) => {
      const lookup = referenceLookup(reference as CustomerReference);
      try {
        const { customer } = await ctx.profiles.load(lookup);
        return { lookup, customer };
      } catch (error) {
        return { lookup, customer: null, failure: error as Error };
      }
    },
    // A key field: known from the vendor's answer or from a reference by id; a reference by
    // e-mail to a shopper Fashion.AI has not profiled has no id yet.
    userProfileId: (m) => {
      if (m.lookup.kind === 'userProfileId' && !m.customer) return m.lookup.value;
      return vendorCustomer(m)?.userProfileId ?? null;
    },
    email: (m) => echo(m, 'email'),
    phone: (m) => echo(m, 'phone'),
    document: (m) => echo(m, 'document'),
    profile: (m) => vendorCustomer(m)?.profile ?? null,
  },
};
