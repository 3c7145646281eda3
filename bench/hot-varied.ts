// The `hot-varied` scenario: storefront traffic over 2,000 warmed customers (see storefront.ts).
// Every answer is checked section by section against the upstream's data, and the share of
// requests the gateway's whole-response cache answered is read from its /metrics.
import { graphqlPlan, measureLoad, postGraphQL, type Bench, type Observer } from './scenarios.ts';
import type { ScenarioResult, Target } from './results.ts';
import { storefrontRequests, warmingBodies } from './storefront.ts';

/** 50 lookups a body, four bodies at a time: 8,000 lookups warm in a few seconds. */
export async function warmStorefront(target: Target): Promise<void> {
  const bodies = warmingBodies(50);
  for (let start = 0; start < bodies.length; start += 4) {
    await Promise.all(bodies.slice(start, start + 4).map((body) => postGraphQL(target, body)));
  }
}

interface ResponseCacheCounts {
  hit: number;
  miss: number;
}

/** The gateway's response-cache counters; undefined for targets without them. */
async function responseCacheCounts(target: Target): Promise<ResponseCacheCounts | undefined> {
  const response = await fetch(`${target.process.url}/metrics`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const counts: ResponseCacheCounts = { hit: 0, miss: 0 };
  let seen = false;
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('gateway_cache_lookups_total{') || !line.includes('layer="response"'))
      continue;
    const result = /result="(hit|miss)"/.exec(line)?.[1] as keyof ResponseCacheCounts | undefined;
    if (result) counts[result] = Number(line.slice(line.lastIndexOf(' ') + 1));
    seen = true;
  }
  return seen ? counts : undefined;
}

function responseCacheShare(target: Target): Observer {
  let before: ResponseCacheCounts | undefined;
  return {
    async start() {
      before = await responseCacheCounts(target);
    },
    async finish() {
      const after = await responseCacheCounts(target);
      if (before === undefined || after === undefined) return {};
      const hits = after.hit - before.hit;
      const asked = hits + after.miss - before.miss;
      return { responseCacheHits: hits, responseCacheHitShare: asked > 0 ? hits / asked : 0 };
    },
  };
}

/** Random storefront requests, each with what its answer must hold. */
export function storefrontPlan(target: Target) {
  const next = storefrontRequests();
  return graphqlPlan(target, () => {
    const request = next();
    // The raw floor answers one fixed body whatever is asked: it is judged on that body.
    const expect =
      target.fixedCustomer === undefined
        ? { kind: 'storefront' as const, index: request.index, sections: request.sections }
        : { kind: 'customer' as const, index: target.fixedCustomer };
    return { body: request.body, expect };
  });
}

export async function hotVaried(bench: Bench, target: Target): Promise<ScenarioResult> {
  if (target.fixedCustomer === undefined) await warmStorefront(target);
  const plan = storefrontPlan(target);
  return measureLoad(bench, target, 'hot-varied', plan, undefined, responseCacheShare(target));
}
