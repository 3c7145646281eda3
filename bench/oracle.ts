// Knows what a correct answer holds: asks the sample upstream directly for a customer's profile
// and compares the fields the bench queries with what a target returned. A fast wrong answer
// must never pass as a result.
import { emailOf } from './customers.ts';
import { expectedStorefrontCustomer, type SectionName } from './storefront.ts';

/** One answer the load generator kept, with what it should have said. */
export interface Sample {
  expect: Expectation;
  status: number;
  body: string;
}

export type Expectation =
  /** A GraphQL `customer` answer for this sample customer. */
  | { kind: 'customer'; index: number }
  /** A GraphQL `customers` answer naming these customers, in this order. */
  | { kind: 'customers'; indexes: number[] }
  /** The upstream's own body for this customer. */
  | { kind: 'upstream'; index: number }
  /** A storefront `customer` answer holding exactly these profile sections (hot-varied). */
  | { kind: 'storefront'; index: number; sections: readonly SectionName[] };

interface Facts {
  userProfileId: unknown;
  style: unknown;
  toneOfVoice: unknown;
  isNewBehavior: unknown;
  opportunities: unknown;
}

export interface DataCheck {
  checked: number;
  wrong: number;
  /** Bodies split inside a multi-byte character by the load tool; not judged either way. */
  undecodable: number;
  firstProblem?: string;
}

type Json = Record<string, unknown> | undefined | null;
const field = (value: unknown, key: string): unknown => (value as Json)?.[key] ?? null;

function factsFromUpstream(body: unknown): Facts {
  const profile = field(body, 'profile');
  return {
    userProfileId: field(body, 'userProfileId'),
    style: field(field(profile, 'perfil_cliente'), 'estilo_geral'),
    toneOfVoice: field(field(profile, 'briefing_marketing'), 'tom_de_voz'),
    isNewBehavior: field(field(profile, 'momento_compra_atual'), 'novo_comportamento'),
    opportunities: field(field(profile, 'momento_compra_atual'), 'oportunidades'),
  };
}

function factsFromGraphQL(customer: unknown): Facts {
  const profile = field(customer, 'profile');
  return {
    userProfileId: field(customer, 'userProfileId'),
    style: field(field(profile, 'summary'), 'style'),
    toneOfVoice: field(field(profile, 'marketingBriefing'), 'toneOfVoice'),
    isNewBehavior: field(field(profile, 'purchaseMoment'), 'isNewBehavior'),
    opportunities: field(field(profile, 'purchaseMoment'), 'opportunities'),
  };
}

export class ProfileOracle {
  private readonly known = new Map<number, Facts>();
  /** Whole upstream bodies, for answers that may hold any section. */
  private readonly bodies = new Map<number, unknown>();
  private readonly upstreamUrl: string;
  private readonly token: string;

  constructor(upstreamUrl: string, token: string) {
    this.upstreamUrl = upstreamUrl;
    this.token = token;
  }

  profilePath(index: number): string {
    return `${new URL(this.upstreamUrl).pathname}/protected/profile/email/${encodeURIComponent(emailOf(index))}`;
  }

  /** The upstream's own profile of this customer (one direct call, then remembered). */
  async profileOf(index: number): Promise<unknown> {
    const response = await fetch(`${new URL(this.upstreamUrl).origin}${this.profilePath(index)}`, {
      headers: { 'X-FashionAI-APP-Token': this.token },
    });
    if (!response.ok) throw new Error(`upstream answered ${response.status} for customer ${index}`);
    const body = await response.json();
    this.known.set(index, factsFromUpstream(body));
    this.bodies.set(index, body);
    return body;
  }

  private async learn(indexes: Iterable<number>): Promise<void> {
    const missing = [...new Set(indexes)].filter((index) => !this.known.has(index));
    for (let start = 0; start < missing.length; start += 16) {
      await Promise.all(missing.slice(start, start + 16).map((index) => this.profileOf(index)));
    }
  }

  /** Compares each kept body with the upstream's data for the customers it should describe. */
  async check(samples: Sample[]): Promise<DataCheck> {
    await this.learn(samples.flatMap(({ expect }) => indexesOf(expect)));
    const result: DataCheck = { checked: 0, wrong: 0, undecodable: 0 };
    for (const sample of samples) {
      if (sample.body.includes('\uFFFD')) {
        result.undecodable += 1;
        continue;
      }
      result.checked += 1;
      const problem = this.problemIn(sample);
      if (problem !== undefined) {
        result.wrong += 1;
        result.firstProblem ??= problem;
      }
    }
    return result;
  }

  private problemIn({ expect, status, body }: Sample): string | undefined {
    if (status < 200 || status > 299) return `HTTP ${status}: ${body.slice(0, 200)}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `unparsable body: ${body.slice(0, 200)}`;
    }
    if (expect.kind === 'storefront') {
      const wanted = expectedStorefrontCustomer(this.bodies.get(expect.index), expect.sections);
      const got = field(field(parsed, 'data'), 'customer');
      if (JSON.stringify(got) === JSON.stringify(wanted)) return undefined;
      return `expected ${JSON.stringify(wanted).slice(0, 300)}, got ${body.slice(0, 300)}`;
    }
    const wanted = indexesOf(expect).map((index) => this.known.get(index));
    let got: Facts[];
    if (expect.kind === 'upstream') got = [factsFromUpstream(parsed)];
    else if (expect.kind === 'customer')
      got = [factsFromGraphQL(field(field(parsed, 'data'), 'customer'))];
    else {
      const list = field(field(parsed, 'data'), 'customers');
      got = Array.isArray(list) ? list.map(factsFromGraphQL) : [];
    }
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      return `expected ${JSON.stringify(wanted).slice(0, 300)}, got ${body.slice(0, 300)}`;
    }
    return undefined;
  }
}

function indexesOf(expect: Expectation): number[] {
  return expect.kind === 'customers' ? expect.indexes : [expect.index];
}

/** The GraphQL answer a correct server gives to the hot query for this (already checked) customer. */
export function hotAnswerFrom(upstreamBody: unknown): string {
  const facts = factsFromUpstream(upstreamBody);
  const customer = {
    userProfileId: facts.userProfileId,
    profile: {
      summary: { style: facts.style },
      marketingBriefing: { toneOfVoice: facts.toneOfVoice },
      purchaseMoment: { isNewBehavior: facts.isNewBehavior, opportunities: facts.opportunities },
    },
  };
  return JSON.stringify({ data: { customer } });
}
