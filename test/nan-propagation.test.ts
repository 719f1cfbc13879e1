// A NaN anywhere must reach the loss, on both backends, so a diverging cell
// is reported as diverged rather than silently patched: relu must not map
// NaN to 0, and a matrix product must not skip zero multipliers (0·NaN = NaN).
import { describe, expect, it } from 'vitest';
import { createKernels } from '../harness/engine/kernels/index.js';
import { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import type { BackendName } from '../harness/engine/types.js';
import { getVariant, variantNames } from '../variants/index.js';

describe('NaN propagation', () => {
  for (const backend of ['reference', 'fast'] as BackendName[]) {
    for (const name of variantNames) {
      it(`${name} on ${backend}: a NaN recurrent weight makes the loss NaN`, () => {
        const T = 6;
        const m = new Model(getVariant(name), { T, Bmax: 2, H: 4, X: 3, O: 3, answerSteps: [T - 1], loss: 'ce' }, createKernels(backend));
        m.init(makeRng(`nan/${name}`));
        // The first parameter tensor starts with the weights that multiply h₋ (rows 0..H−1).
        m.heap[m.params] = Number.NaN;
        // Zero inputs and a zero initial state: the NaN is only ever multiplied by zeros at step 0.
        m.setInputs(new Float64Array(T * 2 * 3), 2);
        m.forward();
        expect(Number.isNaN(m.loss(new Float64Array([0, 1])))).toBe(true);
      });
    }
  }

  it('relu passes NaN through in irnn (a NaN bias reaches the loss)', () => {
    const T = 3;
    const m = new Model(getVariant('irnn'), { T, Bmax: 1, H: 2, X: 1, O: 2, answerSteps: [T - 1], loss: 'ce' }, createKernels('reference'));
    m.init(makeRng('nan/irnn'));
    m.heap[m.offset('b')] = Number.NaN;
    m.setInputs(new Float64Array(T), 1);
    m.forward();
    expect(Number.isNaN(m.loss(new Float64Array([0])))).toBe(true);
  });
});
