/**
 * The fast backend's matrix products agree with the float64 reference at
 * every (M, N, K) in {1, 3, 5, 17, 32, 33, 64, 66}³, at 256 in any one
 * dimension, and at the W1 gate shapes — multiples of the 4×8 tiles and every
 * kind of ragged edge — and write nothing outside C. Operands sit at odd
 * offsets (no 16-byte alignment).
 *
 * Tolerance: ‖C_fast − C_ref‖₂ ≤ 1e-5 · ‖|C₀| + |A|·|B|‖₂ per product. Inputs
 * are the same float32 numbers on both sides, so the error is float32
 * accumulation only, about 6e-8·√K (≈ 1e-6 at K = 256) relative to the
 * magnitude of the terms summed. Scaling by those magnitudes rather than by
 * ‖C‖ keeps a tiny product (M = N = 1) whose terms cancel from failing on
 * cancellation that no summation order avoids; where nothing cancels, the
 * two scales are the same.
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import type { Kernels } from '../harness/engine/types.js';
import { diffNorm, fillBoth, kernelPair, norm, snapshot, strayWrites, type KernelPair } from './helpers/kernel-pair.js';

const sizes = [1, 3, 5, 17, 32, 33, 64, 66];
const shapes: [number, number, number][] = [];
for (const M of sizes) for (const N of sizes) for (const K of sizes) shapes.push([M, N, K]);
for (const x of [1, 5, 33, 64]) {
  for (const y of [1, 5, 33, 64]) shapes.push([256, x, y], [x, 256, y], [x, y, 256]);
}
// W1 (B 32, H 64, X 2, G·H 256): forward W_h, W_x; backward dW_h, dW_x, dh, dx.
shapes.push([32, 256, 64], [32, 256, 2], [64, 256, 32], [2, 256, 32], [32, 64, 256], [32, 2, 256]);
const TOL = 1e-5;

type Kind = 'gemm' | 'gemmTN' | 'gemmNT';

interface Layout {
  a: number;
  b: number;
  c: number;
  n: number;
}

// [guard 5][A][guard 3][B][guard 7][C][guard 5]: odd offsets, guards to catch stray writes.
function layout(M: number, N: number, K: number): Layout {
  const a = 5;
  const b = a + M * K + 3;
  const c = b + K * N + 7;
  return { a, b, c, n: c + M * N + 5 };
}

let pair: KernelPair | undefined;

/** Runs one product on both backends; returns the normwise error of C and any stray writes. */
function check(kind: Kind, M: number, N: number, K: number, beta: 0 | 1, seed: string): { err: number; stray: number[] } {
  const L = layout(M, N, K);
  pair ??= kernelPair(L.n);
  const p = pair;
  p.fast.reserve(L.n);
  p.ref.reserve(L.n);
  const rng = makeRng(seed);
  fillBoth(p, 0, L.n, rng, 1); // guards too: they must survive unchanged
  if (beta === 0) {
    // Garbage C: beta 0 must overwrite it, never read it.
    p.fast.heap.fill(Number.NaN, L.c, L.c + M * N);
    p.ref.heap.fill(Number.NaN, L.c, L.c + M * N);
  }
  const before = snapshot(p);
  const run = (k: Kernels): void => {
    if (kind === 'gemm') k.gemm(M, N, K, L.a, L.b, L.c, beta);
    else if (kind === 'gemmTN') k.gemmTN(M, N, K, L.a, L.b, L.c);
    else k.gemmNT(M, N, K, L.a, L.b, L.c, beta);
  };
  run(p.fast);
  run(p.ref);
  const stray = strayWrites(p, before, [[L.c, M * N]]);
  const diff = diffNorm(p, L.c, M * N);
  // |C₀| + |A|·|B| by the reference on absolute values (NaN garbage counts 0).
  const r = p.ref.heap;
  for (let k = 0; k < L.n; k++) r[k] = Number.isNaN(before[k]!) ? 0 : Math.abs(before[k]!);
  run(p.ref);
  const scale = norm(r, L.c, M * N);
  return { err: scale === 0 ? diff : diff / scale, stray };
}


const cases: [Kind, 0 | 1][] = [['gemm', 0], ['gemm', 1], ['gemmTN', 1], ['gemmNT', 0], ['gemmNT', 1]];

describe('fast gemm kernels agree with the reference', () => {
  for (const [kind, beta] of cases) {
    it(`${kind} beta ${beta} at ${shapes.length} shapes`, () => {
      const bad: string[] = [];
      for (const [M, N, K] of shapes) {
        const { err, stray } = check(kind, M, N, K, beta, `fast-gemm/${kind}/${beta}/${M}/${N}/${K}`);
        if (!(err <= TOL) || stray.length > 0) bad.push(`M=${M} N=${N} K=${K}: error ${err.toExponential(2)}, stray writes at ${stray.join(',') || 'none'}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('K = 0: beta 0 writes zeros, beta 1 leaves C as it was', () => {
    pair ??= kernelPair(64);
    const k = pair.fast;
    k.reserve(64);
    k.heap.fill(7, 0, 64);
    k.gemm(3, 5, 0, 0, 0, 40, 0);
    expect(Array.from(k.heap.subarray(40, 55))).toEqual(new Array(15).fill(0));
    k.heap.fill(7, 40, 55);
    k.gemm(3, 5, 0, 0, 0, 40, 1);
    k.gemmNT(3, 5, 0, 0, 0, 40, 1);
    k.gemmTN(3, 5, 0, 0, 0, 40);
    expect(Array.from(k.heap.subarray(40, 55))).toEqual(new Array(15).fill(7));
  });
});
