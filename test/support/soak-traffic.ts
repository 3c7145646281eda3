// The traffic of the availability soaks, as an operator would send it: reads of a hot set of
// customers, customers never asked before, lists of 10, unknown e-mails. Each request carries
// how to judge its answer: the right customer's data (fresh or stale), null for an unknown
// one, or a contract error at that item's path; anything else is wrong.
import { sampleCustomer, sampleProfile } from '../../src/sample-upstream/index.ts';
import type { IdentifierKind } from '../../src/sample-upstream/index.ts';
import type { GraphQLBody, Outcome, Planned } from './planned-request.ts';

export const HOT_CUSTOMERS = 200;
/** Never-seen customers are taken from here upwards, one new index per request. */
const NEVER_SEEN_FROM = 10_000;
export const CONTRACT_CODES = new Set([
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_BAD_RESPONSE',
  'UPSTREAM_RATE_LIMITED',
]);
const FIELDS = 'userProfileId profile { summary { style } contentHooks }';
const KINDS: IdentifierKind[] = ['email', 'phone', 'document', 'userProfileId'];

export interface TrafficMix {
  hotReads: number;
  neverSeen: number;
  lists: number;
  unknownEmails: number;
  /** First index of the never-seen customers (a warm-up uses its own range). */
  neverSeenFrom?: number;
}

/** The soak queries' fields of sample customer `index`, as a right answer carries them. */
export function expectedCustomer(index: number) {
  const body = sampleProfile(index);
  return {
    userProfileId: body.userProfileId,
    profile: {
      summary: { style: body.profile.perfil_cliente.estilo_geral },
      contentHooks: body.profile.ganchos_conteudo,
    },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One item's verdict: its data is right, it failed with a contract error, or it is wrong. */
function judgeItem(value: unknown, index: number | null, code: string | undefined) {
  if (value === null || value === undefined) {
    if (code !== undefined) return CONTRACT_CODES.has(code) ? 'failed' : 'wrong';
    return index === null ? 'right' : 'wrong';
  }
  if (index === null || code !== undefined) return 'wrong';
  return same(value, expectedCustomer(index)) ? 'right' : 'wrong';
}

function classifier(field: string, indexes: Array<number | null>, list: boolean) {
  return (status: number, body: GraphQLBody): Outcome => {
    if (status !== 200 || body.data === undefined || body.data === null) return 'error';
    const codes = new Map<string, string>();
    for (const e of body.errors ?? []) {
      codes.set(JSON.stringify(e.path), String(e.extensions?.['code']));
    }
    const root = body.data[field];
    const verdicts = indexes.map((index, i) => {
      const path = list ? [field, i] : [field];
      const value = list ? (root as unknown[] | null)?.[i] : root;
      return judgeItem(value, index, codes.get(JSON.stringify(path)));
    });
    if (verdicts.includes('wrong')) return 'wrong';
    const right = verdicts.filter((v) => v === 'right').length;
    if (right === verdicts.length) return 'correct';
    return right > 0 ? 'partial' : 'error';
  };
}

function lookup(index: number | null, seq: number, run: number): Record<string, string> {
  if (index === null) return { email: `nobody-soak-${run}-${seq}@example.com` };
  return { [KINDS[seq % KINDS.length]!]: sampleCustomer(index)[KINDS[seq % KINDS.length]!] };
}

const single = `query($by: CustomerLookup!) { customer(by: $by) { ${FIELDS} } }`;
const many = `query($by: [CustomerLookup!]!) { customers(by: $by) { ${FIELDS} } }`;

/** A request planner for the mix (shares summing to 1), drawing with Math.random. */
export function trafficPlanner(mix: TrafficMix): (i: number) => Planned {
  const from = mix.neverSeenFrom ?? NEVER_SEEN_FROM;
  let neverSeen = from;
  const hot = () => 1 + Math.floor(Math.random() * HOT_CUSTOMERS);
  return (i) => {
    const roll = Math.random();
    let index: number | null;
    if (roll < mix.hotReads) index = hot();
    else if (roll < mix.hotReads + mix.neverSeen) index = neverSeen++;
    else if (roll < mix.hotReads + mix.neverSeen + mix.lists) {
      const indexes = Array.from({ length: 10 }, hot);
      return {
        body: JSON.stringify({
          query: many,
          variables: { by: indexes.map((x, k) => lookup(x, i + k, from)) },
        }),
        classify: classifier('customers', indexes, true),
      };
    } else index = null;
    return {
      body: JSON.stringify({ query: single, variables: { by: lookup(index, i, from) } }),
      classify: classifier('customer', [index], false),
    };
  };
}
