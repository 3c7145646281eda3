// The parent value of `Customer` in resolvers: the upstream customer plus the lookup that
// found it (the contract echoes the identifier used, and nothing else the caller did not ask).
import type { CustomerLookup } from '../profiles/lookup.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';

export interface CustomerModel {
  lookup: CustomerLookup;
  customer: UpstreamCustomer;
}
