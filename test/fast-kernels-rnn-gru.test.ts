/**
 * The fast rnn and gru pointwise kernels agree with the float64 reference at
 * B in {1, 3, 32} and H in {1, 3, 5, 17, 64, 66}, with pre-activations that
 * include saturating values (±30, ±100): normwise relative error ≤ 1e-5 per
 * output (float32 rounding plus ~2-ulp activations give ~1e-7), all outputs
 * finite, nothing written outside the outputs. Each backward kernel starts
 * from the reference forward's results (as float32) on both sides, so it is
 * checked on identical inputs.
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import type { Kernels } from '../harness/engine/types.js';
import { Arena, fillBoth, kernelPair, normwiseError, saturate, snapshot, strayWrites, syncFromRef, type KernelPair } from './helpers/kernel-pair.js';

const TOL = 1e-5;
const batches = [1, 3, 32];
const hiddens = [1, 3, 5, 17, 64, 66];

/** Runs `call` on both backends and checks every output region. */
function agree(p: KernelPair, what: string, call: (k: Kernels) => void, outs: readonly (readonly [number, number])[]): void {
  const before = snapshot(p);
  call(p.fast);
  call(p.ref);
  outs.forEach(([off, len], n) => {
    expect(normwiseError(p, off, len), `${what} output ${n}`).toBeLessThanOrEqual(TOL);
    expect(p.fast.heap.subarray(off, off + len).every(Number.isFinite), `${what} output ${n} finite`).toBe(true);
  });
  expect(strayWrites(p, before, outs), what).toEqual([]);
  syncFromRef(p, 0, p.n);
}

describe('fast rnn and gru pointwise kernels agree with the reference', () => {
  it('rnnForward, rnnBackward', () => {
    for (const B of batches) {
      for (const H of hiddens) {
        const n = B * H;
        const A = new Arena();
        const pre = A.take(n), h = A.take(n), dh = A.take(n), dpre = A.take(n);
        const p = kernelPair(A.size);
        const rng = makeRng(`fast-rnn/${B}/${H}`);
        fillBoth(p, 0, A.size, rng, 4);
        saturate(p, pre, n, rng);
        const at = `B=${B} H=${H}`;
        agree(p, `rnnForward ${at}`, (k) => k.rnnForward(n, pre, h), [[pre, n], [h, n]]);
        agree(p, `rnnBackward ${at}`, (k) => k.rnnBackward(n, h, dh, dpre), [[dpre, n]]);
      }
    }
  });

  it('gruGatesForward, gruOutputForward, gruOutputBackward, gruGatesBackward', () => {
    for (const B of batches) {
      for (const H of hiddens) {
        const n = B * H;
        const A = new Arena();
        const zr = A.take(2 * n), hPrev = A.take(n), rh = A.take(n), hc = A.take(n), h = A.take(n);
        const dh = A.take(n), dzr = A.take(2 * n), dhc = A.take(n), dhPrev = A.take(n), drh = A.take(n);
        const p = kernelPair(A.size);
        const rng = makeRng(`fast-gru/${B}/${H}`);
        fillBoth(p, 0, A.size, rng, 3);
        saturate(p, zr, 2 * n, rng);
        saturate(p, hc, n, rng);
        const at = `B=${B} H=${H}`;
        agree(p, `gruGatesForward ${at}`, (k) => k.gruGatesForward(B, H, zr, hPrev, rh), [[zr, 2 * n], [rh, n]]);
        agree(p, `gruOutputForward ${at}`, (k) => k.gruOutputForward(B, H, zr, hc, hPrev, h), [[hc, n], [h, n]]);
        // dzr is written in halves: the output kernel the z half, the gates kernel the r half.
        const zHalf: [number, number][] = [];
        const rHalf: [number, number][] = [];
        for (let b = 0; b < B; b++) {
          zHalf.push([dzr + 2 * b * H, H]);
          rHalf.push([dzr + 2 * b * H + H, H]);
        }
        agree(p, `gruOutputBackward ${at}`, (k) => k.gruOutputBackward(B, H, zr, hc, hPrev, dh, dzr, dhc, dhPrev), [...zHalf, [dhc, n], [dhPrev, n]]);
        agree(p, `gruGatesBackward ${at}`, (k) => k.gruGatesBackward(B, H, zr, hPrev, drh, dzr, dhPrev), [...rHalf, [dhPrev, n]]);
      }
    }
  });
});
