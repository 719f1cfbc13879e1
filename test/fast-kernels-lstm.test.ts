/**
 * The fast lstmForward / lstmBackward agree with the float64 reference for
 * every lstm-family configuration (G = 4 or coupled G = 3, with and without
 * peepholes), batch B in {1, 3, 32} and hidden H in {1, 3, 5, 17, 64, 66}
 * (H mod 4 ≠ 0 exercises the one-lane tail), with pre-activations that
 * include saturating values (±30, ±100). Every output tensor: normwise
 * relative error ≤ 1e-5 (float32 rounding plus activation approximations of
 * ~2 ulp give ~1e-7), all finite, and nothing written outside the outputs.
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import type { LstmPointwise } from '../harness/engine/types.js';
import { Arena, fillBoth, kernelPair, normwiseError, saturate, snapshot, strayWrites, syncFromRef, type KernelPair } from './helpers/kernel-pair.js';

const TOL = 1e-5;
const configs = [
  { name: 'lstm', G: 4 as const, peephole: false },
  { name: 'peephole', G: 4 as const, peephole: true },
  { name: 'coupled', G: 3 as const, peephole: false },
  { name: 'coupled+peepholes', G: 3 as const, peephole: true },
];
const batches = [1, 3, 32];
const hiddens = [1, 3, 5, 17, 64, 66];

function setup(G: 3 | 4, peephole: boolean, B: number, H: number, seed: string) {
  const A = new Arena();
  const s: LstmPointwise = {
    B, H, G,
    gates: A.take(B * G * H), cPrev: A.take(B * H), c: A.take(B * H), tc: A.take(B * H), h: A.take(B * H),
    pf: peephole ? A.take(H) : -1, pi: peephole ? A.take(H) : -1, po: peephole ? A.take(H) : -1,
    dh: A.take(B * H), dc: A.take(B * H), dcPrev: A.take(B * H), dgates: A.take(B * G * H),
    dpf: peephole ? A.take(H) : -1, dpi: peephole ? A.take(H) : -1, dpo: peephole ? A.take(H) : -1,
  };
  const p = kernelPair(A.size);
  const rng = makeRng(seed);
  fillBoth(p, 0, A.size, rng, 3); // everything, gaps included
  fillBoth(p, s.gates, B * G * H, rng, 4);
  saturate(p, s.gates, B * G * H, rng);
  return { p, s };
}

function errors(p: KernelPair, outs: Record<string, [number, number]>): Record<string, number> {
  const e: Record<string, number> = {};
  for (const [name, [off, len]] of Object.entries(outs)) {
    if (off < 0) continue;
    e[name] = normwiseError(p, off, len);
    expect(p.fast.heap.subarray(off, off + len).every(Number.isFinite), `${name} finite`).toBe(true);
  }
  return e;
}

describe('fast lstm pointwise kernels agree with the reference', () => {
  for (const { name, G, peephole } of configs) {
    it(`${name}: forward and backward at B ∈ {${batches.join(', ')}}, H ∈ {${hiddens.join(', ')}}`, () => {
      for (const B of batches) {
        for (const H of hiddens) {
          const { p, s } = setup(G, peephole, B, H, `fast-lstm/${name}/${B}/${H}`);
          const BH = B * H;
          const GH = G * H;

          let before = snapshot(p);
          p.fast.lstmForward(s);
          p.ref.lstmForward(s);
          const fwdOut: Record<string, [number, number]> = { gates: [s.gates, B * GH], c: [s.c, BH], tc: [s.tc, BH], h: [s.h, BH] };
          for (const [out, err] of Object.entries(errors(p, fwdOut))) expect(err, `forward ${out} B=${B} H=${H}`).toBeLessThanOrEqual(TOL);
          expect(strayWrites(p, before, Object.values(fwdOut)), `forward B=${B} H=${H}`).toEqual([]);

          // Backward from identical inputs: the reference's forward results, as float32, on both sides.
          syncFromRef(p, 0, p.n);
          before = snapshot(p);
          p.fast.lstmBackward(s);
          p.ref.lstmBackward(s);
          const bwdOut: Record<string, [number, number]> = {
            dgates: [s.dgates, B * GH], dcPrev: [s.dcPrev, BH], dpf: [s.dpf, H], dpi: [s.dpi, H], dpo: [s.dpo, H],
          };
          for (const [out, err] of Object.entries(errors(p, bwdOut))) expect(err, `backward ${out} B=${B} H=${H}`).toBeLessThanOrEqual(TOL);
          expect(strayWrites(p, before, Object.values(bwdOut).filter(([off]) => off >= 0)), `backward B=${B} H=${H}`).toEqual([]);
        }
      }
    });
  }
});
