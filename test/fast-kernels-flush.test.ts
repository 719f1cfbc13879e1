/**
 * Every number a fast kernel writes is 0 or at least 2⁻¹⁰⁰ ≈ 7.9e-31 in
 * magnitude (flush to zero, asm/kernels.ts): subnormal floats cost a
 * microcode assist per multiply on x86, and vanishing BPTT gradients would
 * otherwise pass through them for dozens of steps. Inputs here span every
 * magnitude from 1 down to the subnormal 1.4e-45 (and 0), so many true
 * results fall in (0, 2⁻¹⁰⁰); none may be written as such. NaN still passes.
 */
import { describe, expect, it } from 'vitest';
import { createFastKernels, type FastKernels } from '../harness/engine/kernels/fast.js';
import { makeRng } from '../harness/engine/rng.js';

const TINY = 2 ** -100;
const N = 4096;

/** A fast heap of N numbers, each ±10^u with u uniform in (−46, 0). */
function tinyHeap(seed: string): FastKernels {
  const k = createFastKernels();
  k.reserve(N);
  const rng = makeRng(seed);
  const h = k.heap;
  for (let i = 0; i < N; i++) h[i] = (rng() < 0.5 ? -1 : 1) * 10 ** (-46 * rng());
  return k;
}

// Each call writes only into [2048, 4096); inputs sit in [0, 2048).
const calls: Record<string, (k: FastKernels) => void> = {
  gemm: (k) => k.gemm(9, 13, 17, 0, 200, 2048, 1),
  'gemm beta 0': (k) => k.gemm(9, 13, 17, 0, 200, 2048, 0),
  gemmTN: (k) => k.gemmTN(9, 13, 17, 0, 200, 2048),
  gemmNT: (k) => k.gemmNT(9, 13, 17, 0, 200, 2048, 1),
  addRows: (k) => k.addRows(9, 13, 0, 2048),
  affine: (k) => k.affine(9, 13, 17, 0, 200, 2, 500, 600, 700, 2048),
  sumRows: (k) => k.sumRows(9, 13, 0, 2048),
  rnnForward: (k) => k.rnnForward(37, 2048, 3000),
  rnnBackward: (k) => k.rnnBackward(37, 0, 100, 2048),
  lstmForward: (k) => k.lstmForward({
    B: 3, H: 5, G: 4, gates: 2048, cPrev: 0, c: 2200, tc: 2300, h: 2400, pf: 100, pi: 120, po: 140,
    dh: -1, dc: -1, dcPrev: -1, dgates: -1, dpf: -1, dpi: -1, dpo: -1,
  }),
  lstmBackward: (k) => k.lstmBackward({
    B: 3, H: 5, G: 3, gates: 0, cPrev: 100, c: 200, tc: 300, h: 400, pf: 500, pi: 520, po: 540,
    dh: 600, dc: 700, dcPrev: 2048, dgates: 2100, dpf: 2200, dpi: 2220, dpo: 2240,
  }),
  gruGatesForward: (k) => k.gruGatesForward(3, 5, 2048, 0, 2200),
  gruOutputForward: (k) => k.gruOutputForward(3, 5, 0, 2048, 100, 2200),
  gruOutputBackward: (k) => k.gruOutputBackward(3, 5, 0, 100, 200, 300, 2048, 2200, 2300),
  gruGatesBackward: (k) => k.gruGatesBackward(3, 5, 0, 100, 200, 2048, 2300),
};

describe('fast kernels flush results below 2⁻¹⁰⁰ to zero', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(name, () => {
      const k = tinyHeap(`fast-flush/${name}`);
      const before = k.heap.slice();
      call(k);
      const h = k.heap;
      const bad: string[] = [];
      let written = 0;
      for (let i = 2048; i < N; i++) {
        if (Object.is(h[i], before[i])) continue;
        written++;
        const v = Math.abs(h[i]!);
        if (!(v === 0 || v >= TINY)) bad.push(`heap[${i}] = ${h[i]}`);
      }
      expect(written).toBeGreaterThan(0);
      expect(bad.slice(0, 5)).toEqual([]);
      expect(Array.from(before.subarray(0, 2048))).toEqual(Array.from(h.subarray(0, 2048)));
    });
  }

  it('NaN passes through a product and a pointwise kernel', () => {
    const k = createFastKernels();
    k.reserve(64);
    k.heap.fill(0.5);
    k.heap[0] = Number.NaN; // A(0, 0)
    k.gemm(2, 4, 3, 0, 8, 32, 0); // C = A[2×3] · B[3×4]
    expect(Array.from(k.heap.subarray(32, 36)).every(Number.isNaN)).toBe(true); // row 0
    expect(Array.from(k.heap.subarray(36, 40))).toEqual([0.75, 0.75, 0.75, 0.75]); // row 1: 3 · 0.25
    k.rnnForward(1, 0, 40);
    expect(k.heap[40]).toBeNaN();
  });
});
