// The fast backend (float32, WebAssembly SIMD) against the float64 reference
// on W1-shaped problems (T = 100, B = 32, H = 64; adding-like X = 2 with an
// MSE head, and copy-like X = 10 with a CE head over the last 10 steps): the
// loss and every gradient tensor agree to normwise relative error ≤ 1e-4,
// for every registered variant. Both start from the same float32-rounded
// parameters and inputs, so only arithmetic differs.
import { describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import type { ModelShape } from '../harness/engine/model.js';
import { makeRng, randInt } from '../harness/engine/rng.js';
import { variantNames, getVariant } from '../variants/index.js';
import { modelPair } from './support.js';

const heads: { name: string; shape: ModelShape }[] = [
  { name: 'mse', shape: { T: 100, Bmax: 32, H: 64, X: 2, O: 1, answerSteps: [99], loss: 'mse' } },
  { name: 'ce', shape: { T: 100, Bmax: 32, H: 64, X: 10, O: 8, answerSteps: Array.from({ length: 10 }, (_, i) => 90 + i), loss: 'ce' } },
];

describe('fast backend agrees with the reference on a W1-shaped training step', () => {
  for (const name of variantNames) {
    for (const head of heads) {
      it(`${name}, ${head.name} head: loss and every gradient within 1e-4`, () => {
        const variant = getVariant(name);
        const { T, Bmax: B, X, O } = head.shape;
        const { ref, fast } = modelPair(variant, head.shape, `agree/${name}/${head.name}`);
        const rng = makeRng(`agree/data/${head.name}`);
        const inputs = new Float32Array(T * B * X);
        for (let i = 0; i < inputs.length; i++) inputs[i] = X === 2 ? rng() : rng() < 1 / X ? 1 : 0;
        const targets = new Float64Array(head.shape.answerSteps.length * B);
        for (let i = 0; i < targets.length; i++) targets[i] = O === 1 ? 2 * rng() : randInt(rng, 0, O);
        const x64 = Float64Array.from(inputs);
        const losses = [ref, fast].map((m) => {
          m.setInputs(x64, B);
          m.forward();
          const l = m.loss(targets);
          m.backward();
          return l;
        });
        expect(Math.abs(losses[0]! - losses[1]!) / Math.abs(losses[0]!)).toBeLessThan(1e-4);
        for (const s of ref.layout.specs) {
          const n = s.rows * s.cols;
          const a = ref.heap.subarray(ref.offset(s.name, true), ref.offset(s.name, true) + n);
          const b = fast.heap.subarray(fast.offset(s.name, true), fast.offset(s.name, true) + n);
          expect(normwiseRelError(a, b), `${name} ${head.name} ${s.name}`).toBeLessThan(1e-4);
        }
      });
    }
  }
});
