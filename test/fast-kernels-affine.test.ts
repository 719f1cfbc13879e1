/**
 * `affine` (C = A1·B1 + A2·B2 + bias, a cell's pre-activations from h₋ and
 * x) is defined as gemm(beta 0), gemm(beta 1), addRows. The fast backend
 * fuses the three into one pass over C, so on each backend the fused call
 * must give exactly, bit for bit, the numbers of the three separate calls:
 * results (and the regression baseline) do not depend on which a variant
 * uses. Shapes cover the 4×8, 4×4, 2×8 and 1-wide tiles and the W1 gate
 * shape; operands sit at odd offsets; nothing outside C is written.
 *
 * The "tiny" case scales the terms so the partial sums fall below the fast
 * backend's flush-to-zero floor (2⁻¹⁰⁰): the separate calls flush each
 * stored stage, so the fused kernel must flush between its stages too.
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import type { Kernels } from '../harness/engine/types.js';
import { Arena, fillBoth, kernelPair, normwiseError, snapshot, strayWrites, type KernelPair } from './helpers/kernel-pair.js';

const shapes: [number, number, number, number][] = [
  [32, 256, 64, 2], // W1 lstm gates
  [32, 64, 64, 2], // W1 rnn
  [7, 52, 13, 2], // ragged: 4 + 2 + 1 rows, 6 panels of 8 + one of 4
  [5, 13, 3, 1],
  [1, 1, 1, 1],
  [3, 9, 0, 2], // no h₋ part
  [6, 20, 5, 0], // no x part
  [33, 66, 17, 8],
];

interface Bufs {
  a1: number;
  b1: number;
  a2: number;
  b2: number;
  bias: number;
  c: number;
  n: number;
}

function buffers(M: number, N: number, K1: number, K2: number): Bufs {
  const ar = new Arena();
  const a1 = ar.take(M * K1);
  const b1 = ar.take(K1 * N);
  const a2 = ar.take(M * K2);
  const b2 = ar.take(K2 * N);
  const bias = ar.take(N);
  const c = ar.take(M * N);
  return { a1, b1, a2, b2, bias, c, n: ar.size };
}

/** Fills the operands; `tiny` makes each stage's sum ~1e-30, under the flush floor. */
function fill(p: KernelPair, L: Bufs, M: number, N: number, K1: number, K2: number, seed: string, tiny: boolean): void {
  const rng = makeRng(seed);
  fillBoth(p, 0, L.n, rng, 1);
  if (!tiny) return;
  fillBoth(p, L.a1, M * K1, rng, 1e-15);
  fillBoth(p, L.b1, K1 * N, rng, 1e-15);
  fillBoth(p, L.a2, M * K2, rng, 1e-15);
  fillBoth(p, L.b2, K2 * N, rng, 1e-15);
  fillBoth(p, L.bias, N, rng, 1e-30);
}

function separate(k: Kernels, L: Bufs, M: number, N: number, K1: number, K2: number): void {
  k.gemm(M, N, K1, L.a1, L.b1, L.c, 0);
  k.gemm(M, N, K2, L.a2, L.b2, L.c, 1);
  k.addRows(M, N, L.bias, L.c);
}

function fused(k: Kernels, L: Bufs, M: number, N: number, K1: number, K2: number): void {
  k.affine(M, N, K1, L.a1, L.b1, K2, L.a2, L.b2, L.bias, L.c);
}

/** Indices of C (heap[off …], against a copy of it) where the two runs differ (Object.is: -0 ≠ 0, NaN = NaN). */
function mismatches(heap: ArrayLike<number>, copy: ArrayLike<number>, off: number, len: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < len && out.length < 5; k++) if (!Object.is(heap[off + k], copy[k])) out.push(k);
  return out;
}

describe('affine = gemm + gemm + addRows, bit for bit', () => {
  for (const [M, N, K1, K2] of shapes) {
    for (const tiny of [false, true]) {
      const at = `M ${M} N ${N} K1 ${K1} K2 ${K2}${tiny ? ' (tiny)' : ''}`;
      it(at, () => {
        const L = buffers(M, N, K1, K2);
        const p = kernelPair(L.n);
        const seed = `affine/${at}`;

        fill(p, L, M, N, K1, K2, seed, tiny);
        separate(p.fast, L, M, N, K1, K2);
        separate(p.ref, L, M, N, K1, K2);
        const fastSeparate = p.fast.heap.slice(L.c, L.c + M * N);
        const refSeparate = p.ref.heap.slice(L.c, L.c + M * N);

        fill(p, L, M, N, K1, K2, seed, tiny);
        const before = snapshot(p);
        fused(p.fast, L, M, N, K1, K2);
        fused(p.ref, L, M, N, K1, K2);

        expect(mismatches(p.fast.heap, fastSeparate, L.c, M * N), 'fast').toEqual([]);
        expect(mismatches(p.ref.heap, refSeparate, L.c, M * N), 'reference').toEqual([]);
        expect(strayWrites(p, before, [[L.c, M * N]])).toEqual([]);
        if (!tiny) expect(normwiseError(p, L.c, M * N)).toBeLessThanOrEqual(1e-5);
      });
    }
  }

  it('the tiny case does reach the flush floor (a partial sum is flushed)', () => {
    // Guards the test above: if no stage sum fell under 2⁻¹⁰⁰ the tiny case
    // would prove nothing about flushing between stages.
    const [M, N, K1, K2] = [7, 52, 13, 2];
    const L = buffers(M, N, K1, K2);
    const p = kernelPair(L.n);
    fill(p, L, M, N, K1, K2, 'affine/floor', true);
    p.fast.gemm(M, N, K1, L.a1, L.b1, L.c, 0);
    const c = p.fast.heap.subarray(L.c, L.c + M * N);
    expect(c.some((v) => v === 0)).toBe(true);
    expect(c.some((v) => v !== 0)).toBe(true);
  });
});
