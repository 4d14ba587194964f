/**
 * mulberry32 (Tommy Ettinger, public domain), the one seeded PRNG of the repository's tests, benchmarks
 * and example generator: every benchmark terrain is a pure function of its seed.
 */
export { rng as mulberry32 } from '../../test-support/random.js';
