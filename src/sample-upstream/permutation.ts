// Invertible scrambling of customer indexes into identifier digits: an affine map modulo the
// identifier space is a bijection, so any identifier can be turned back into its index.

export interface IndexPermutation {
  /** index → scrambled value in [0, modulus). */
  forward(index: number): bigint;
  /** scrambled value → index (only meaningful for values forward() can produce). */
  inverse(value: bigint): bigint;
}

function modularInverse(a: bigint, modulus: bigint): bigint {
  let [oldR, r] = [a % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('multiplier must be coprime with the modulus');
  return ((oldS % modulus) + modulus) % modulus;
}

export function affinePermutation(
  modulus: bigint,
  multiplier: bigint,
  offset: bigint,
): IndexPermutation {
  const inverseMultiplier = modularInverse(multiplier, modulus);
  return {
    forward: (index) => (BigInt(index) * multiplier + offset) % modulus,
    inverse: (value) => ((((value - offset) % modulus) + modulus) * inverseMultiplier) % modulus,
  };
}
