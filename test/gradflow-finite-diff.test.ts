// The recorded ∂L/∂h_t and ∂L/∂c_t norms are what finite differences say:
// h_t (or c_t, after h_t is emitted) is perturbed by a wrapper cell at one
// step and the loss at the first answer step re-measured.
import { describe, expect, it } from 'vitest';
import { randomProblem } from '../harness/engine/gradcheck.js';
import { measureGradflow } from '../harness/engine/gradflow.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import type { Kernels, StepView, Variant } from '../harness/engine/types.js';
import { getVariant } from '../variants/index.js';

const shape = { T: 7, B: 2, H: 3, X: 2 };

/** `base` with state `which` at step tStar, unit `idx` nudged by `delta.v` after the step. */
function nudged(base: Variant, which: 'h' | 'c', tStar: number, idx: number, delta: { v: number }): Variant {
  let calls = 0;
  return {
    ...base,
    forward(k: Kernels, s: StepView): void {
      const t = calls++ % shape.T;
      base.forward(k, s);
      if (t === tStar) k.heap[(which === 'h' ? s.h : s.c) + idx]! += delta.v;
    },
  };
}

function finiteDiffNorm(variantName: string, which: 'h' | 'c', t: number): number {
  const base = getVariant(variantName);
  const p = randomProblem(base, 'mse', shape, makeRng(`gradflow-fd/${variantName}`));
  const { B, H } = shape;
  let sum = 0;
  for (let b = 0; b < B; b++) {
    let ss = 0;
    for (let j = 0; j < H; j++) {
      const delta = { v: 0 };
      const v = nudged(base, which, t, b * H + j, delta);
      const m = new Model(v, p.model.shape, new ReferenceKernels());
      m.heap.set(p.model.heap.subarray(p.model.params, p.model.params + p.model.P), m.params);
      m.setInputs(p.inputs, B);
      const eps = 1e-6;
      delta.v = eps;
      m.forward();
      const up = m.loss(p.targets);
      delta.v = -eps;
      m.forward();
      const down = m.loss(p.targets);
      const g = (up - down) / (2 * eps);
      ss += g * g;
    }
    sum += Math.sqrt(ss);
  }
  return sum / B;
}

describe('gradient flow records', () => {
  for (const [variant, states] of [['rnn', ['h']], ['lstm', ['h', 'c']], ['gru', ['h']]] as const) {
    for (const state of states) {
      it(`${variant}: ‖∂L/∂${state}_t‖ equals finite differences at several distances`, () => {
        const p = randomProblem(getVariant(variant), 'mse', shape, makeRng(`gradflow-fd/${variant}`));
        const points = measureGradflow(p.model, p.inputs, p.targets, shape.B);
        for (const distance of [0, 1, 3, 6]) {
          const rec = points.find((q) => q.state === state && q.distance === distance);
          expect(rec, `a ${state} point at distance ${distance}`).toBeDefined();
          const fd = finiteDiffNorm(variant, state, shape.T - 1 - distance);
          expect(Math.abs(rec!.grad_norm - fd) / Math.max(fd, 1e-12)).toBeLessThan(1e-6);
        }
      });
    }
  }
});
