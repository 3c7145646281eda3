// Reads a gateway's Prometheus series from /metrics, as a scraper would.

/**
 * The sum of the series named `name` whose labels include `labels` (e.g. `layer="redis"`);
 * `name` may carry them itself (`gateway_cache_lookups_total{layer="redis",result="hit"}`).
 * 0 when no such series is exposed.
 */
export async function readMetric(url: string, name: string, labels = ''): Promise<number> {
  const brace = name.indexOf('{');
  if (brace >= 0) return readMetric(url, name.slice(0, brace), name.slice(brace + 1, -1));
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (labels && !rest.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
