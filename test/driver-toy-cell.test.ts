/**
 * The sequence driver on a toy cell h = a·h₋ + x (H = X = 1), every number
 * worked out by hand: states over time, readouts y = w·h + c at the answer
 * steps only, the loss, and BPTT gradients of a, out.W, out.b and x.
 */
import { describe, expect, it } from 'vitest';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { inputGrad, readouts, setTensor, stateAt, tensor } from './support.js';
import { toyCell } from './toy-cell.js';

describe('sequence driver on a hand-computed toy cell', () => {
  // T = 3, a = 0.5, x = [1, 2, 3], w = out.W = 2, c = out.b = 0.5,
  // answer steps [1, 2], MSE targets [5, 8].
  //   h_0 = 0.5·0 + 1 = 1, h_1 = 0.5·1 + 2 = 2.5, h_2 = 0.5·2.5 + 3 = 4.25
  //   y = [2·2.5 + 0.5, 2·4.25 + 0.5] = [5.5, 9]
  //   L = ((5.5 − 5)² + (9 − 8)²) / 2 = 0.625, dL/dy = 2(y − t)/2 = [0.5, 1]
  //   dL/dw = 0.5·2.5 + 1·4.25 = 5.5, dL/dc = 0.5 + 1 = 1.5
  //   dh_2 = 1·w = 2, dh_1 = 0.5·w + a·dh_2 = 2, dh_0 = a·dh_1 = 1
  //   dL/da = dh_0·0 + dh_1·h_0 + dh_2·h_1 = 0 + 2 + 5 = 7
  //   dL/dx_t = dh_t = [1, 2, 2]
  // Every value is a short binary fraction, so the float64 results are exact.
  const mse = () => {
    const m = new Model(toyCell, { T: 3, Bmax: 1, H: 1, X: 1, O: 1, answerSteps: [1, 2], loss: 'mse', inputGrad: true }, new ReferenceKernels());
    setTensor(m, 'a', [0.5]);
    setTensor(m, 'out.W', [2]);
    setTensor(m, 'out.b', [0.5]);
    m.setInputs(new Float64Array([1, 2, 3]), 1);
    return m;
  };

  it('forward: states and readouts at the answer steps only', () => {
    const m = mse();
    m.forward();
    expect([...stateAt(m, -1)]).toEqual([0]); // zero initial state
    expect([0, 1, 2].map((t) => stateAt(m, t)[0])).toEqual([1, 2.5, 4.25]);
    expect([...readouts(m)]).toEqual([5.5, 9]);
  });

  it('loss and BPTT gradients (MSE, gradient entering at two steps)', () => {
    const m = mse();
    m.forward();
    expect(m.loss(new Float64Array([5, 8]))).toBe(0.625);
    m.backward();
    expect([...tensor(m, 'out.W', true)]).toEqual([5.5]);
    expect([...tensor(m, 'out.b', true)]).toEqual([1.5]);
    expect([...tensor(m, 'a', true)]).toEqual([7]);
    expect([...inputGrad(m)]).toEqual([1, 2, 2]);
  });

  it('a second forward/backward starts from the zero state and re-zeroes the gradients', () => {
    const m = mse();
    for (let rep = 0; rep < 2; rep++) {
      m.forward();
      expect(m.loss(new Float64Array([5, 8]))).toBe(0.625);
      m.backward();
      expect([...tensor(m, 'a', true)]).toEqual([7]);
      expect([...inputGrad(m)]).toEqual([1, 2, 2]);
    }
  });

  it('cross-entropy head: readout at the last step only', () => {
    // T = 2, a = 0.5, x = [1, 2], out.W = [1, 0] (H=1 × O=2), out.b = [0, 0],
    // answer step [1], class 0.
    //   h = [1, 2.5], y = [2.5, 0]
    //   L = −log softmax(y)[0] = log(1 + e^−2.5) = 0.07888973429254956
    //   s = σ(−2.5) = 0.07585818002124355, dL/dy = [−s, s]
    //   dL/dout.W = h_1·dy = [−2.5s, 2.5s] = [−0.18964545005310887, +…]
    //   dL/dout.b = [−s, s]
    //   dh_1 = dy·out.Wᵀ = −s, dh_0 = a·dh_1 = −s/2 = −0.03792909001062177
    //   dL/da = dh_1·h_0 + dh_0·0 = −s,  dL/dx = [dh_0, dh_1] = [−s/2, −s]
    const m = new Model(toyCell, { T: 2, Bmax: 1, H: 1, X: 1, O: 2, answerSteps: [1], loss: 'ce', inputGrad: true }, new ReferenceKernels());
    setTensor(m, 'a', [0.5]);
    setTensor(m, 'out.W', [1, 0]);
    setTensor(m, 'out.b', [0, 0]);
    m.setInputs(new Float64Array([1, 2]), 1);
    m.forward();
    expect([...readouts(m)]).toEqual([2.5, 0]);
    expect(m.loss(new Float64Array([0]))).toBeCloseTo(0.07888973429254956, 15);
    m.backward();
    const s = 0.07585818002124355;
    const close = (got: Float64Array, want: number[]) => {
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 15));
    };
    close(tensor(m, 'out.W', true), [-0.18964545005310887, 0.18964545005310887]);
    close(tensor(m, 'out.b', true), [-s, s]);
    close(tensor(m, 'a', true), [-s]);
    close(inputGrad(m), [-0.03792909001062177, -s]);
  });

  it('a batch of two toy sequences: loss is the mean, gradients the mean of the per-sequence ones', () => {
    // Row 0 is the MSE example above (x = [1, 2, 3], targets [5, 8]).
    // Row 1: x = [0, 0, 1] -> h = [0, 0, 1], y = [0.5, 2.5]; targets [0.5, 3]:
    //   squared errors 0 and 0.25. L = (0.25 + 1 + 0 + 0.25)/4 = 0.375.
    //   dL/dy, (A_s, B) order: [2·0.5/4, 2·0/4, 2·1/4, 2·(−0.5)/4] = [0.25, 0, 0.5, −0.25]
    //   dL/dw = 0.25·2.5 + 0.5·4.25 + 0·0 + (−0.25)·1 = 2.5
    //   dL/dc = 0.25 + 0.5 + 0 − 0.25 = 0.5
    //   row 0: dh_2 = 1, dh_1 = 0.5 + 0.5 = 1, dh_0 = 0.5 -> da₀ = 1·1 + 1·2.5 = 3.5
    //   row 1: dh_2 = −0.5, dh_1 = 0 − 0.25 = −0.25, dh_0 = −0.125 -> da₁ = 0
    //   dL/da = 3.5; dL/dx (T, B) = [[0.5, −0.125], [1, −0.25], [1, −0.5]]
    const m = new Model(toyCell, { T: 3, Bmax: 2, H: 1, X: 1, O: 1, answerSteps: [1, 2], loss: 'mse', inputGrad: true }, new ReferenceKernels());
    setTensor(m, 'a', [0.5]);
    setTensor(m, 'out.W', [2]);
    setTensor(m, 'out.b', [0.5]);
    m.setInputs(new Float64Array([1, 0, 2, 0, 3, 1]), 2); // (T, B, X) time-major
    m.forward();
    expect([0, 1, 2].map((t) => [...stateAt(m, t)])).toEqual([[1, 0], [2.5, 0], [4.25, 1]]);
    expect([...readouts(m)]).toEqual([5.5, 0.5, 9, 2.5]);
    expect(m.loss(new Float64Array([5, 0.5, 8, 3]))).toBe(0.375);
    m.backward();
    expect([...tensor(m, 'out.W', true)]).toEqual([2.5]);
    expect([...tensor(m, 'out.b', true)]).toEqual([0.5]);
    expect([...tensor(m, 'a', true)]).toEqual([3.5]);
    expect([...inputGrad(m)]).toEqual([0.5, -0.125, 1, -0.25, 1, -0.5]);
  });
});
