/**
 * Adam with global-norm gradient clipping (harness/engine/adam.ts) against
 * two independent implementations:
 *
 *  1. A hand-written float64 loop of the update rule (below, `referenceAdam`):
 *       s  = clip / (‖g‖₂ + 1e-6) if ‖g‖₂ > clip, else 1   (whole block, one norm)
 *       ĝ  = s·g
 *       m  = β1·m + (1 − β1)·ĝ,  v = β2·v + (1 − β2)·ĝ²
 *       p −= lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 *     DESIGN.md fixes Adam, β 0.9/0.999, ε 1e-8 and "clip global norm";
 *     it does not write out the scale. The 1e-6 in the denominator is
 *     adam.ts's documented choice (torch.nn.utils.clip_grad_norm_), so the
 *     test holds it to that: s = clip/‖g‖ would differ by ~2e-7 relative at
 *     ‖g‖ ≈ 5, far above the 1e-12 float64 tolerance.
 *     Steps alternate gradients with ‖g‖ above and below the clip, so the
 *     relative size of clipped and unclipped steps matters (one clipped step
 *     alone is invisible to Adam up to ε, since m̂/√v̂ = ±1). One component
 *     is 1e-9, where ε dominates the denominator: ε's place (outside the
 *     square root) is visible in the parameters.
 *     Run on a Float64Array heap (reference backend) and on the fast
 *     backend's Float32 heap (float32 tolerance).
 *  2. TensorFlow.js `tf.train.adam` (cpu backend, float32) with clipping off
 *     (clip = Infinity, which adam.ts documents as "no clipping").
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, type AdamOptions } from '../harness/engine/adam.js';
import { createKernels } from '../harness/engine/kernels/index.js';
import type { Heap } from '../harness/engine/types.js';

const P = 6;
const OPTS: AdamOptions = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 1 };
const INIT = [0.5, -0.25, 1.5, 0.125, -1, 0.75];

/** Gradients per step; the comment gives ‖g‖₂ against clip = 1. */
const GRADS: readonly (readonly number[])[] = [
  [3, -4, 0.5, 1e-9, -0.2, 0.1], // ≈ 5.03: clipped
  [0.1, 0.2, -0.1, 1e-9, 0.15, -0.05], // ≈ 0.30: not clipped
  [-2, 1, 3, 1e-9, -1, 2], // ≈ 4.36: clipped
  [0.05, -0.02, 0.03, 1e-9, 0.01, 0.04], // ≈ 0.08: not clipped
  [0.4, 0.4, -0.4, 1e-9, 0.4, 0.4], // ≈ 0.89: not clipped
  [10, 0, 0, 1e-9, 0, -10], // ≈ 14.1: clipped
];

interface RefState {
  p: number[];
  m: number[];
  v: number[];
  t: number;
}

/** One float64 update of the reference rule; returns ‖g‖₂ before clipping. */
function referenceAdam(st: RefState, g: readonly number[], o: AdamOptions): number {
  const norm = Math.hypot(...g);
  const s = norm > o.clip ? o.clip / (norm + 1e-6) : 1;
  const clipped = g.map((x) => x * s);
  st.t += 1;
  st.m = st.m.map((m, i) => o.beta1 * m + (1 - o.beta1) * clipped[i]!);
  st.v = st.v.map((v, i) => o.beta2 * v + (1 - o.beta2) * clipped[i]! ** 2);
  const mHat = st.m.map((m) => m / (1 - o.beta1 ** st.t));
  const vHat = st.v.map((v) => v / (1 - o.beta2 ** st.t));
  st.p = st.p.map((p, i) => p - (o.lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + o.eps));
  return norm;
}

/** Max over i of |a − b| / max(|b|, floor). */
function maxRelErr(a: ArrayLike<number>, b: readonly number[], floor: number): number {
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return e;
}

// Buffers at odd offsets with sentinel gaps, so an offset mix-up or a write
// past a buffer shows: [pad 3 | params P | pad 2 | grads P | pad 1 | m P | pad 2 | v P | pad 3].
const OFF = { params: 3, grads: 3 + P + 2, m: 3 + 2 * P + 3, v: 3 + 3 * P + 5 };
const SIZE = OFF.v + P + 3;
const SENTINEL = 7.5;

function padIndices(): number[] {
  const used = new Set<number>();
  for (const o of Object.values(OFF)) for (let i = 0; i < P; i++) used.add(o + i);
  return Array.from({ length: SIZE }, (_, i) => i).filter((i) => !used.has(i));
}

function read(heap: Heap, off: number): number[] {
  return Array.from(heap.subarray(off, off + P));
}

/**
 * Runs adam.ts over GRADS on `heap` next to the float64 reference started
 * from the same (heap-rounded) numbers; checks every step.
 */
function compare(heap: Heap, o: AdamOptions, tol: { rel: number; pAbs: number; norm: number }): { clippedSteps: number } {
  heap.fill(SENTINEL, 0, SIZE);
  heap.set(INIT, OFF.params);
  heap.fill(0, OFF.m, OFF.m + P);
  heap.fill(0, OFF.v, OFF.v + P);
  const adam = new Adam(o, P, OFF.params, OFF.grads, OFF.m, OFF.v);
  const ref: RefState = { p: read(heap, OFF.params), m: new Array<number>(P).fill(0), v: new Array<number>(P).fill(0), t: 0 };
  let clippedSteps = 0;
  GRADS.forEach((g, k) => {
    heap.set(g, OFF.grads);
    const gHeap = read(heap, OFF.grads); // the gradient as the heap holds it (float32-rounded on fast)
    const refNorm = referenceAdam(ref, gHeap, o);
    if (refNorm > o.clip) clippedSteps++;
    const norm = adam.step(heap);
    const at = `step ${k + 1} (‖g‖ = ${refNorm.toFixed(3)})`;
    expect(adam.t, at).toBe(k + 1);
    expect(Math.abs(norm - refNorm) / refNorm, `${at}: returned norm is the pre-clip ‖g‖`).toBeLessThanOrEqual(tol.norm);
    expect(maxRelErr(read(heap, OFF.m), ref.m, 1e-30), `${at}: first moment m`).toBeLessThanOrEqual(tol.rel);
    expect(maxRelErr(read(heap, OFF.v), ref.v, 1e-30), `${at}: second moment v`).toBeLessThanOrEqual(tol.rel);
    expect(maxRelErr(read(heap, OFF.params), ref.p, 1), `${at}: parameters`).toBeLessThanOrEqual(tol.pAbs);
  });
  for (const i of padIndices()) expect(heap[i], `heap[${i}] outside the four buffers`).toBe(SENTINEL);
  return { clippedSteps };
}

describe('Adam with global-norm clipping matches a float64 reference', () => {
  it('reference backend (Float64Array heap): m, v, parameters and the returned norm within 1e-12', () => {
    const k = createKernels('reference');
    k.reserve(SIZE);
    expect(k.heap).toBeInstanceOf(Float64Array);
    const { clippedSteps } = compare(k.heap, OPTS, { rel: 1e-12, pAbs: 1e-12, norm: 1e-14 });
    // The gradient list exercises both sides of the clip.
    expect(clippedSteps).toBe(3);
  });

  it('fast backend (Float32 heap): the same within float32 round-off', () => {
    const k = createKernels('fast');
    k.reserve(SIZE);
    expect(k.heap).toBeInstanceOf(Float32Array);
    // float32 keeps ~7 digits; m and v are stored rounded every step, so
    // 6 steps of round-off stay well below 1e-5 relative; parameters move
    // by ~lr per step, so 1e-6 absolute is ~1e-4 of the total movement.
    compare(k.heap, OPTS, { rel: 1e-5, pAbs: 1e-6, norm: 1e-6 });
  });

  it('the clip acts on the global norm: a clipped step feeds m a gradient of norm clip, an unclipped one the gradient itself', () => {
    const heap = new Float64Array(SIZE);
    heap.set(INIT, OFF.params);
    const adam = new Adam(OPTS, P, OFF.params, OFF.grads, OFF.m, OFF.v);
    // Step 1 (‖g‖ ≈ 5.03 > 1): m₁ = (1 − β1)·s·g, so ‖m₁‖/(1 − β1) = clip·‖g‖/(‖g‖ + 1e-6).
    heap.set(GRADS[0]!, OFF.grads);
    adam.step(heap);
    const m1 = read(heap, OFF.m).map((x) => x / (1 - OPTS.beta1));
    expect(Math.hypot(...m1)).toBeCloseTo(OPTS.clip, 6);
    // The direction is kept: every component is scaled by the same factor.
    const ratios = m1.map((x, i) => x / GRADS[0]![i]!);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 12);
    // A fresh optimizer on a gradient below the clip: m₁/(1 − β1) is g itself.
    heap.fill(0, OFF.m, OFF.m + P);
    heap.fill(0, OFF.v, OFF.v + P);
    const adam2 = new Adam(OPTS, P, OFF.params, OFF.grads, OFF.m, OFF.v);
    heap.set(GRADS[1]!, OFF.grads);
    adam2.step(heap);
    const m2 = read(heap, OFF.m).map((x) => x / (1 - OPTS.beta1));
    expect(maxRelErr(m2, [...GRADS[1]!], 1e-30)).toBeLessThanOrEqual(1e-12);
  });
});

describe('Adam without clipping matches TensorFlow.js tf.train.adam', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('clip = Infinity: parameters agree with tf.train.adam after every step (float32 tolerance)', () => {
    const o: AdamOptions = { ...OPTS, clip: Number.POSITIVE_INFINITY };
    const heap = new Float64Array(SIZE);
    heap.set(INIT, OFF.params);
    const adam = new Adam(o, P, OFF.params, OFF.grads, OFF.m, OFF.v);
    const w = tf.variable(tf.tensor1d(INIT, 'float32'), true, 'adam_reference_w');
    const opt = tf.train.adam(o.lr, o.beta1, o.beta2, o.eps);
    // Ordinary gradients only: tfjs is float32 throughout (its βᵗ included).
    const grads = GRADS.map((g) => g.map((x) => (Math.abs(x) < 1e-6 ? 0.3 : x)));
    grads.forEach((g, k) => {
      heap.set(g, OFF.grads);
      adam.step(heap);
      const tg = tf.tensor1d(g, 'float32');
      opt.applyGradients([{ name: 'adam_reference_w', tensor: tg }]);
      tg.dispose();
      const tfParams = Array.from(w.dataSync());
      // Each step moves a parameter by ≤ lr = 1e-2; float32 round-off of
      // tfjs over 6 steps is ~1e-7 of the parameters (|p| ≤ 1.5).
      expect(maxRelErr(read(heap, OFF.params), tfParams, 1), `step ${k + 1}`).toBeLessThanOrEqual(2e-6);
    });
    // Adam without clipping still moved the parameters well beyond the tolerance.
    expect(maxRelErr(read(heap, OFF.params), INIT, 1)).toBeGreaterThan(1e-2);
    opt.dispose();
    w.dispose();
  });
});
