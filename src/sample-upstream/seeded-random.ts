// Deterministic pseudo-random draws for the sample catalogue: the same customer index always
// yields the same identifiers and profile, on any machine, without storing anything.

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  between(min: number, max: number): number;
  pick<T>(pool: readonly T[]): T;
  /** `count` distinct entries of `pool`, in draw order. */
  sample<T>(pool: readonly T[], count: number): T[];
  chance(probability: number): boolean;
}

/** Mixes the index with a per-purpose salt so that different fields get unrelated streams. */
function seedFor(index: number, salt: number): number {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b) ^ salt;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: tiny, fast and good enough for sample data (not for anything secret). */
export function seededRandom(index: number, salt: number): SeededRandom {
  let state = seedFor(index, salt);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(pool: readonly T[]): T => {
    const item = pool[Math.floor(next() * pool.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty pool');
    return item;
  };
  const sample = <T>(pool: readonly T[], count: number): T[] => {
    // A partial Fisher-Yates shuffle of a copy keeps the draws distinct.
    const copy = [...pool];
    const taken = Math.min(count, copy.length);
    for (let i = 0; i < taken; i += 1) {
      const j = between(i, copy.length - 1);
      const chosen = copy[j] as T;
      copy[j] = copy[i] as T;
      copy[i] = chosen;
    }
    return copy.slice(0, taken);
  };
  return { next, between, pick, sample, chance: (probability) => next() < probability };
}
