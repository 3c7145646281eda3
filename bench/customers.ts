// Which sample customers each scenario asks for, and the GraphQL request bodies that ask.
// Hot scenarios cycle over a small warmed set; cold ones draw indexes no request has named yet.
import { sampleCustomer } from '../src/sample-upstream/index.ts';

/** Customers 1..100: warmed before the hot scenarios, then asked for in a cycle. */
export const hotCustomers = Array.from({ length: 100 }, (_, i) => i + 1);
/** First index handed out as "never seen"; everything below is reserved for warmed sets. */
export const firstFreshCustomer = 10_000;

const selection = `userProfileId profile { summary { style } marketingBriefing { toneOfVoice } purchaseMoment { isNewBehavior opportunities } }`;
export const hotQuery = `query Hot($email: String!) { customer(by:{email:$email}) { ${selection} } }`;
export const batchQuery = `query Batch($by: [CustomerLookup!]!) { customers(by: $by) { ${selection} } }`;

export const graphqlHeaders = { 'content-type': 'application/json' };

export function emailOf(index: number): string {
  return sampleCustomer(index).email;
}

export function customerBody(index: number): string {
  return JSON.stringify({ query: hotQuery, variables: { email: emailOf(index) } });
}

/**
 * 20 lookups naming 15 distinct customers: each third customer is asked for twice, so a
 * gateway that de-duplicates within a request makes 15 upstream calls, not 20.
 */
export function batchLookups(distinct: number[]): number[] {
  const lookups: number[] = [];
  distinct.forEach((index, position) => {
    lookups.push(index);
    if (position % 3 === 0) lookups.push(index);
  });
  return lookups;
}

export const batchSize = { lookups: 20, distinct: 15 } as const;

export function batchBody(lookups: number[]): string {
  const by = lookups.map((index) => ({ email: emailOf(index) }));
  return JSON.stringify({ query: batchQuery, variables: { by } });
}

/**
 * Hands out customer indexes nobody has asked this target for yet. Each target has its own
 * cache, so each gets its own sequence; running past the sample's size wraps around (and says
 * so in the results) rather than asking for customers that do not exist.
 */
export class FreshCustomers {
  private nextIndex = firstFreshCustomer;
  private readonly last: number;
  wrapped = false;

  constructor(customerCount: number) {
    this.last = customerCount;
  }

  next(): number {
    if (this.nextIndex > this.last) {
      this.nextIndex = firstFreshCustomer;
      this.wrapped = true;
    }
    return this.nextIndex++;
  }

  take(count: number): number[] {
    return Array.from({ length: count }, () => this.next());
  }

  get used(): number {
    return this.nextIndex - firstFreshCustomer;
  }
}
