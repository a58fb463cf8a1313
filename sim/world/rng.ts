/** Uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: tiny, fast and good enough for sensor noise and scenario choices. Every random
 * draw in the simulator comes from a seeded Rng, never Math.random, so runs can be replayed.
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed drawn from another generator, to give each robot its own stream. */
export function childSeed(rng: Rng): number {
  return Math.floor(rng() * 4294967296);
}
