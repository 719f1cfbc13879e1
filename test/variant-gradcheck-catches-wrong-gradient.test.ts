/**
 * The gradient check can fail: a copy of a variant whose backward leaves one
 * gradient at half its true value is flagged on exactly that tensor (error
 * ≈ 0.5, since ‖g/2 − g‖ / ‖g‖ = 1/2), while every other tensor stays below
 * the threshold. Also a mutation of the recurrent gradient dL/dh₋ (which
 * every earlier step depends on) is caught.
 */
import { describe, expect, it } from 'vitest';
import { gradcheck, gradcheckThreshold } from '../harness/engine/gradcheck.js';
import type { Kernels, StepView, Variant } from '../harness/engine/types.js';
import { builtinVariants } from '../variants/index.js';

const opts = { seeds: ['mutation/1', 'mutation/2'] } as const;

/**
 * `variant` with this step's contribution to the gradient of `tensor` (a
 * parameter name, or `x`) halved: the real backward runs, then
 * g = before + (after − before)/2. Test-only, so it may allocate.
 */
function halveGradient(variant: Variant, tensor: string): Variant {
  return {
    ...variant,
    name: `${variant.name}-halved-${tensor}`,
    backward(k: Kernels, s: StepView): void {
      let off: number;
      let n: number;
      if (tensor === 'x') {
        off = s.dx;
        n = off < 0 ? 0 : s.B * s.X;
      } else {
        const spec = variant.params(s.H, s.X).find((p) => p.name === tensor);
        if (spec === undefined) throw new Error(`${variant.name} has no tensor "${tensor}"`);
        off = s.g[tensor]!;
        n = spec.rows * spec.cols;
      }
      const before = k.heap.slice(off, off + n);
      variant.backward(k, s);
      for (let i = 0; i < n; i++) k.heap[off + i] = before[i]! + (k.heap[off + i]! - before[i]!) / 2;
    },
  };
}

const mutations: [Variant, string][] = [
  [builtinVariants.rnn, 'W'],
  [builtinVariants.lstm, 'b'],
  [builtinVariants.peephole, 'p_o'],
  [builtinVariants.coupled, 'W'],
  [builtinVariants.gru, 'W_h'],
  [builtinVariants.lstm, 'x'],
];

describe('gradcheck catches a wrong gradient', () => {
  for (const [variant, tensor] of mutations) {
    it(`${variant.name} with d${tensor} halved fails on ${tensor} only, for both losses`, () => {
      const results = gradcheck(halveGradient(variant, tensor), opts);
      console.log(results.filter((r) => r.tensor === tensor).map((r) => `${variant.name} ${r.loss}/${r.tensor} ${r.max_rel_err.toFixed(6)}`).join(", "));
      for (const r of results) {
        if (r.tensor === tensor) {
          expect(r.max_rel_err, `${r.loss}/${r.tensor}`).toBeGreaterThan(0.4);
          expect(r.max_rel_err, `${r.loss}/${r.tensor}`).toBeLessThan(0.6);
        } else {
          expect(r.max_rel_err, `${r.loss}/${r.tensor}`).toBeLessThan(gradcheckThreshold);
        }
      }
      expect(results.filter((r) => r.tensor === tensor).map((r) => r.loss).sort()).toEqual(['ce', 'mse']);
    });
  }

  it('lstm with dL/dh₋ scaled by 0.9 fails on the recurrent weights', () => {
    const lstm = builtinVariants.lstm;
    const leaky: Variant = {
      ...lstm,
      name: 'lstm-leaky-dh',
      backward(k: Kernels, s: StepView): void {
        lstm.backward(k, s); // the driver zeroed dhPrev; the step wrote all of it
        for (let i = 0; i < s.B * s.H; i++) k.heap[s.dhPrev + i]! *= 0.9;
      },
    };
    const results = gradcheck(leaky, opts);
    const w = results.filter((r) => r.tensor === 'W');
    console.log(w.map((r) => `leaky ${r.loss}/W ${r.max_rel_err.toExponential(2)}`).join(", "));
    expect(w.length).toBe(2);
    for (const r of w) expect(r.max_rel_err, `${r.loss}/W`).toBeGreaterThan(100 * gradcheckThreshold);
  });
});
