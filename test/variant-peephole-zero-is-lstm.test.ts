/**
 * `peephole` with p_f = p_i = p_o = 0 is `lstm`, bit for bit: with the same
 * W, b, readout and inputs, every hidden and cell state, the readouts, the
 * loss and the gradients of W, b, out.W, out.b and x are identical numbers
 * (Object.is: even the sign of a zero must agree). Both losses, several seeds.
 */
import { describe, expect, it } from 'vitest';
import type { LossKind } from '../harness/engine/model.js';
import { makeRng, randInt } from '../harness/engine/rng.js';
import { lstm } from '../variants/lstm.js';
import { peephole } from '../variants/peephole.js';
import { firstDifference, inputGrad, makeModel, randomizeParams, readouts, setTensor, stateAt, tensor, uniform, type Shape } from './support.js';

const S: Shape = { T: 7, B: 3, H: 5, X: 4, O: 3 };

describe('peephole with zero peepholes equals lstm bit for bit', () => {
  for (const loss of ['ce', 'mse'] as LossKind[]) {
    for (const seed of ['1', '2', '3']) {
      it(`${loss}, seed ${seed}`, () => {
        const shape = { ...S, O: loss === 'ce' ? S.O : 1 };
        const answerSteps = [2, 4, 6];
        const rng = makeRng(`peephole-zero/${loss}/${seed}`);
        const a = makeModel(lstm, shape, answerSteps, loss);
        const p = makeModel(peephole, shape, answerSteps, loss);
        expect(p.layout.specs.map((s) => s.name)).toEqual(['W', 'b', 'p_f', 'p_i', 'p_o', 'out.W', 'out.b']);
        randomizeParams(a, rng, 1);
        randomizeParams(p, rng, 1); // junk first, so every copied tensor really is overwritten
        for (const name of ['W', 'b', 'out.W', 'out.b']) setTensor(p, name, tensor(a, name));
        for (const name of ['p_f', 'p_i', 'p_o']) setTensor(p, name, new Float64Array(shape.H));

        const inputs = uniform(rng, shape.T * shape.B * shape.X, 1.5);
        const targets = new Float64Array(answerSteps.length * shape.B);
        for (let i = 0; i < targets.length; i++) targets[i] = loss === 'ce' ? randInt(rng, 0, shape.O) : 2 * rng() - 1;
        const losses = [a, p].map((m) => {
          m.setInputs(inputs, shape.B);
          m.forward();
          const l = m.loss(targets);
          m.backward();
          return l;
        });

        expect(Object.is(losses[0], losses[1]), `loss ${losses[0]} vs ${losses[1]}`).toBe(true);
        for (let t = 0; t < shape.T; t++) {
          expect(firstDifference(stateAt(a, t), stateAt(p, t)), `h_${t}`).toBe(-1);
          expect(firstDifference(stateAt(a, t, true), stateAt(p, t, true)), `c_${t}`).toBe(-1);
        }
        expect(firstDifference(readouts(a), readouts(p)), 'readouts').toBe(-1);
        for (const name of ['W', 'b', 'out.W', 'out.b']) {
          const ga = tensor(a, name, true);
          expect(ga.some((v) => v !== 0), `d${name} is not all zero`).toBe(true);
          expect(firstDifference(ga, tensor(p, name, true)), `d${name}`).toBe(-1);
        }
        expect(firstDifference(inputGrad(a), inputGrad(p)), 'dx').toBe(-1);
        // The peephole gradients exist and are not trivially zero (c₋ and c are not).
        for (const name of ['p_f', 'p_i', 'p_o']) expect(tensor(p, name, true).some((v) => v !== 0), `d${name}`).toBe(true);
      });
    }
  }
});
