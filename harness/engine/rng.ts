/**
 * Seeded random numbers. gapbench has no global RNG: every draw comes from a
 * seedrandom generator derived from a readable key such as
 * `1/copy/20/0/train` (DESIGN.md, Seeds and determinism).
 */
import seedrandom from 'seedrandom';

/** A seeded uniform generator on [0, 1). */
export type Rng = () => number;

/** A seedrandom (ARC4) generator for a readable key. */
export function makeRng(key: string): Rng {
  const prng = seedrandom(key);
  return () => prng();
}

/** Integer uniform in [lo, hi) from one draw. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo));
}
