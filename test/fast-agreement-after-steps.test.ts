// The fast backend (float32, WebAssembly SIMD) against the float64
// reference over several full training steps (forward, BPTT, Adam with
// global-norm clipping), not only at init: both models start from the same
// float32-rounded parameters and see the same task batches (copy with a CE
// head, adding with an MSE head; gap 20, B = 16, H = 32, lr 1e-2 as the
// quick preset), for every registered variant. State carried from one step
// to the next (gradient buffers that must be re-zeroed, Adam moments, the
// parameters the next forward reads) is therefore exercised; the init-only
// comparison (test/fast-agreement-training-step.test.ts) cannot see it.
//
// Tolerances (normwise ‖a − b‖ / max(‖a‖, ‖b‖), per parameter tensor):
// - parameters after STEPS steps: 1e-5. float32 rounding of the parameters
//   alone is ~6e-8 relative; measured worst over all variants and both
//   tasks (this machine, fma on): 1.3e-6.
// - the update θ_STEPS − θ_0: 1e-4. Adam divides each gradient by its own
//   running RMS, so float32 noise in small gradient entries is not damped
//   by their size; measured worst 4e-6 (lstm-chrono b), 25× below the bound.
//   A step that uses a wrong gradient (e.g. one not zeroed between steps)
//   moves the update by O(1) relative.
// - the loss of every step: 1e-4 relative, as in the init comparison.
import { describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import type { ModelShape } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';
import { getVariant, variantNames } from '../variants/index.js';
import { modelPair } from './support.js';

const STEPS = 5;
const GAP = 20;
const B = 16;
const H = 32;
const ADAM = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 1 };
const PARAM_TOL = 1e-5;
const UPDATE_TOL = 1e-4;
const LOSS_TOL = 1e-4;

describe('fast backend agrees with the reference after several training steps', () => {
  it('covers the five cells of DESIGN.md', () => {
    for (const v of ['rnn', 'lstm', 'peephole', 'coupled', 'gru']) expect(variantNames).toContain(v);
  });

  for (const taskName of ['adding', 'copy']) {
    for (const name of variantNames) {
      it(`${name}, ${taskName}: parameters and their update within float32 tolerance after ${STEPS} Adam steps`, () => {
        const task = getTask(taskName);
        const T = task.length(GAP);
        const shape: ModelShape = { T, Bmax: B, H, X: task.inputWidth, O: task.outputWidth, answerSteps: task.answerSteps(GAP), loss: task.loss };
        const variant = getVariant(name);
        const { ref, fast } = modelPair(variant, shape, `agree-steps/${name}/${taskName}`);
        const init = Float64Array.from(ref.heap.subarray(ref.params, ref.params + ref.P));
        const optimizers = [ref.adam(ADAM), fast.adam(ADAM)] as const;
        const models = [ref, fast] as const;

        const rng = makeRng(`agree-steps/data/${taskName}`);
        const inputs = new Float64Array(T * B * task.inputWidth);
        const targets = new Float64Array(shape.answerSteps.length * B);
        for (let step = 1; step <= STEPS; step++) {
          task.batch(rng, GAP, B, inputs, targets);
          const losses = models.map((m, i) => {
            m.setInputs(inputs, B);
            m.forward();
            const l = m.loss(targets);
            m.backward();
            optimizers[i]!.step(m.heap);
            return l;
          });
          expect(Math.abs(losses[0]! - losses[1]!) / Math.abs(losses[0]!), `loss at step ${step}`).toBeLessThan(LOSS_TOL);
        }
        expect(optimizers[0].t).toBe(STEPS);
        expect(optimizers[1].t).toBe(STEPS);

        for (const s of ref.layout.specs) {
          const n = s.rows * s.cols;
          const offR = ref.offset(s.name);
          const offF = fast.offset(s.name);
          const a = ref.heap.subarray(offR, offR + n);
          const b = fast.heap.subarray(offF, offF + n);
          const theta0 = init.subarray(offR - ref.params, offR - ref.params + n);
          const da = Float64Array.from(a, (v, i) => v - theta0[i]!);
          const db = Float64Array.from(b, (v, i) => v - theta0[i]!);
          // Training moved this tensor (else the update comparison is vacuous).
          expect(Math.max(...da.map(Math.abs)), `${s.name} moved`).toBeGreaterThan(0);
          expect(normwiseRelError(a, b), `${name} ${taskName} ${s.name} parameters`).toBeLessThan(PARAM_TOL);
          expect(normwiseRelError(da, db), `${name} ${taskName} ${s.name} update`).toBeLessThan(UPDATE_TOL);
        }
      });
    }
  }
});
