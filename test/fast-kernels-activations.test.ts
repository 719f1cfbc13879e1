/**
 * The fast backend's float32 tanh and sigmoid (rational and polynomial
 * approximations in WebAssembly SIMD) are accurate to ≤ 1e-6 relative (16
 * float32 ulps; the measured worst cases over this grid are 3.3e-7 for tanh,
 * 1.4e-7 for sigmoid) on a dense grid over [−100, 100], saturate without
 * overflow for any |x| (±1e4, ±3.4e38, ±∞ give exactly ±1, and 1 or 0 for
 * sigmoid), and pass NaN through, so a diverging cell shows as NaN as it
 * does on the reference. Results below 2⁻¹⁰⁰ are written as 0 (the flush
 * tested in fast-kernels-flush), so sigmoid is graded relatively only where
 * σ(x) ≥ 2⁻¹⁰⁰ (x > −69.3). tanh is read through rnnForward, sigmoid through
 * gruGatesForward (r with hPrev = 1 makes rh = σ too).
 */
import { describe, expect, it } from 'vitest';
import { createFastKernels } from '../harness/engine/kernels/fast.js';

const REL = 1e-6;
const TINY = 2 ** -100; // fast kernels write smaller magnitudes as 0
const grid = Float32Array.from({ length: 200_001 }, (_, k) => -100 + k / 1000);
const extremes = Float32Array.from([0, -0, 1e-40, -1e-40, 1e-20, 87.5, -87.5, 88.7, -88.7, 89, -89, 1e4, -1e4, 3.4e38, -3.4e38, Infinity, -Infinity, Number.NaN]);

function tanhOf(xs: Float32Array): Float32Array {
  const k = createFastKernels();
  const n = xs.length;
  k.reserve(2 * n + 1);
  k.heap.set(xs, 1); // odd offset: unaligned vectors
  k.rnnForward(n, 1, n + 1);
  return k.heap.slice(n + 1, 2 * n + 1);
}

function sigmoidOf(xs: Float32Array): Float32Array {
  const k = createFastKernels();
  const n = xs.length;
  // B = 1, H = n: zr = [z | r] (2n), hPrev (n) = 1, rh (n)
  k.reserve(4 * n);
  k.heap.set(xs, 0);
  k.heap.set(xs, n);
  k.heap.fill(1, 2 * n, 3 * n);
  k.gruGatesForward(1, n, 0, 2 * n, 3 * n);
  const z = k.heap.slice(0, n);
  expect(z.every((v, i) => Object.is(v, k.heap[3 * n + i])), "rh = r·1 = σ").toBe(true);
  return z;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('fast activations', () => {
  it('tanh: ≤ 1e-6 relative on [−100, 100], exact ±1 when saturated, NaN through', () => {
    const t = tanhOf(grid);
    let worst = 0;
    for (let k = 0; k < grid.length; k++) {
      const want = Math.tanh(grid[k]!);
      if (want !== 0) worst = Math.max(worst, Math.abs(t[k]! - want) / Math.abs(want));
    }
    expect(worst).toBeLessThanOrEqual(REL);
    const e = tanhOf(extremes);
    for (let k = 0; k < extremes.length; k++) {
      const x = extremes[k]!;
      if (Number.isNaN(x)) expect(e[k]).toBeNaN();
      else if (Math.abs(x) >= 87) expect(e[k], `tanh(${x})`).toBe(Math.sign(x));
      else if (Math.abs(x) < 1e-30) expect(e[k], `tanh(${x}) flushed`).toBe(0); // see fast-kernels-flush
      else expect(Math.abs(e[k]! - Math.tanh(x)), `tanh(${x})`).toBeLessThanOrEqual(REL * Math.abs(Math.tanh(x)));
    }
  });

  it('sigmoid: ≤ 1e-6 relative where σ ≥ 2⁻¹⁰⁰ (x > −69.3), 0 below, 1 when saturated, NaN through', () => {
    const s = sigmoidOf(grid);
    let worst = 0;
    for (let k = 0; k < grid.length; k++) {
      const x = grid[k]!;
      const want = sigmoid(x);
      if (want < TINY * 1.001) {
        // Around and below the flush threshold: 0, or a value at the threshold.
        expect(s[k]! === 0 || (s[k]! >= TINY && s[k]! <= TINY * 1.01), `σ(${x}) = ${s[k]}`).toBe(true);
        if (want < TINY * 0.999) expect(s[k], `σ(${x}) flushed`).toBe(0);
        continue;
      }
      worst = Math.max(worst, Math.abs(s[k]! - want) / want);
    }
    expect(worst).toBeLessThanOrEqual(REL);
    const e = sigmoidOf(extremes);
    for (let k = 0; k < extremes.length; k++) {
      const x = extremes[k]!;
      if (Number.isNaN(x)) expect(e[k]).toBeNaN();
      else if (x >= 87) expect(e[k], `σ(${x})`).toBe(1);
      else if (x <= -87) expect(e[k], `σ(${x})`).toBe(0); // e^−x clamped at e^88: never ∞/∞ = NaN
      else expect(Math.abs(e[k]! - sigmoid(x)), `σ(${x})`).toBeLessThanOrEqual(REL * sigmoid(x));
    }
  });
});
