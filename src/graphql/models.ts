// The parent value of `Customer` in resolvers: the upstream customer plus the lookup that
// found it (the contract echoes the identifier used, and nothing else the caller did not ask).
import type { CustomerLookup } from '../customer/lookup.ts';
import type { UpstreamCustomer } from '../upstream/types.ts';

export interface CustomerModel {
  lookup: CustomerLookup;
  /**
   * Null only for a federation reference: another subgraph knows this shopper, Fashion.AI has
   * no profile for them yet (root lookups answer null for the whole customer instead).
   */
  customer: UpstreamCustomer | null;
  /**
   * Why a federation reference could not be looked up (a vendor failure). Kept here rather
   * than thrown, so that only the fields needing Fashion.AI's data fail and the router keeps
   * the key fields it already had.
   */
  failure?: Error;
}
