/**
 * Conformance with an independent implementation: TensorFlow.js (cpu
 * backend, float32) `LSTMCell`, `GRUCell` (resetAfter false) and
 * `SimpleRNNCell`, driven over time by tfjs's own `tf.layers.rnn` with
 * `returnSequences`. Same weights, same inputs, same scalar loss:
 *   hidden states h_t (T, B, H) agree within 1e-5 absolute, and the gradient
 *   of every gapbench tensor (and of the inputs x) agrees within 1e-4
 *   normwise relative error.
 * The tolerances are float32 (tfjs) against float64 (gapbench) round-off.
 *
 * Convention map, gapbench -> tfjs (both compute x·W row-vector style):
 *  - recurrentActivation: tfjs defaults to 'hardSigmoid'; we set 'sigmoid'.
 *  - gapbench packs one W (H+X, G·H) whose rows 0..H−1 multiply h₋ and rows
 *    H..H+X−1 multiply x; tfjs splits it into recurrentKernel (H, G·H) and
 *    kernel (X, G·H), with one bias (G·H).
 *  - lstm: gapbench gate blocks [f | i | ĉ | o], tfjs [i | f | c | o].
 *    unitForgetBias is off in tfjs; every bias is copied explicitly.
 *  - gru: gapbench W_zr (H+X, 2H) [z | r] and W_h (H+X, H); tfjs packs
 *    [z | r | h] into kernel (X, 3H), recurrentKernel (H, 3H), bias (3H).
 *    tfjs computes h = z·h₋ + (1−z)·ĥ while gapbench computes
 *    h = (1−z)·h₋ + z·ĥ, so z_tfjs = 1 − z_gapbench = σ(−a_z): the z columns
 *    and z bias are copied with their sign flipped (and so are their
 *    gradients). Both apply r before the product (resetAfter false).
 *  - rnn: h = tanh(x·kernel + h₋·recurrentKernel + bias), one block.
 *  - Readout and loss (not in tfjs cells, written with tf ops): O = 1,
 *    y = h_t·out.W + out.b at answer steps, MSE = mean over (A_s, B) of
 *    (y − target)², as gapbench's `meanSquaredError`.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import type { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import type { Variant } from '../harness/engine/types.js';
import { gru } from '../variants/gru.js';
import { lstm } from '../variants/lstm.js';
import { rnn } from '../variants/rnn.js';
import { inputGrad, makeModel, maxAbsDiff, randomizeParams, stateAt, tensor, uniform, type Shape } from './support.js';

const S: Shape = { T: 6, B: 3, H: 5, X: 4, O: 1 };
const answerSteps = [2, 5];
const STATE_TOL = 1e-5;
const GRAD_TOL = 1e-4;

/** The cell argument of tf.layers.rnn (tfjs does not export the RNNCell type). */
type TfCell = Parameters<typeof tf.layers.rnn>[0]['cell'];

type TfTensorName = 'kernel' | 'recurrentKernel' | 'bias';

/** Where one gapbench parameter lives in tfjs: tensor, flat index, sign. */
interface Place {
  readonly tf: TfTensorName;
  readonly index: number;
  readonly sign: 1 | -1;
}

interface Mapping {
  readonly variant: Variant;
  /** tfjs gate count: kernel (X, G·H), recurrentKernel (H, G·H), bias (G·H). */
  readonly G: number;
  makeCell(H: number): TfCell;
  /** The tfjs place of gapbench tensor `name` at (row, col). */
  place(name: string, row: number, col: number, H: number): Place;
}

/** Row of W (H+X, ·): rows < H are the recurrent kernel, the rest the input kernel. */
function splitRow(row: number, H: number, tfCol: number, GH: number, sign: 1 | -1 = 1): Place {
  return row < H
    ? { tf: 'recurrentKernel', index: row * GH + tfCol, sign }
    : { tf: 'kernel', index: (row - H) * GH + tfCol, sign };
}

const LSTM_GATE_TO_TF = [1, 0, 2, 3]; // gapbench f, i, ĉ, o -> tfjs i, f, c, o

const mappings: Mapping[] = [
  {
    variant: lstm,
    G: 4,
    makeCell: (H) => tf.layers.lstmCell({ units: H, recurrentActivation: 'sigmoid', unitForgetBias: false }),
    place(name, row, col, H) {
      const tfCol = LSTM_GATE_TO_TF[Math.floor(col / H)]! * H + (col % H);
      if (name === 'W') return splitRow(row, H, tfCol, 4 * H);
      if (name === 'b') return { tf: 'bias', index: tfCol, sign: 1 };
      throw new Error(`lstm has no tensor "${name}"`);
    },
  },
  {
    variant: gru,
    G: 3,
    makeCell: (H) => tf.layers.gruCell({ units: H, recurrentActivation: 'sigmoid', resetAfter: false }),
    place(name, row, col, H) {
      const isZ = name.endsWith('_zr') && col < H; // z block: sign flip
      const tfCol = name.endsWith('_zr') ? col : 2 * H + col; // [z | r] then h
      const sign = isZ ? -1 : 1;
      if (name === 'W_zr' || name === 'W_h') return splitRow(row, H, tfCol, 3 * H, sign);
      if (name === 'b_zr' || name === 'b_h') return { tf: 'bias', index: tfCol, sign };
      throw new Error(`gru has no tensor "${name}"`);
    },
  },
  {
    variant: rnn,
    G: 1,
    makeCell: (H) => tf.layers.simpleRNNCell({ units: H }),
    place(name, row, col, H) {
      if (name === 'W') return splitRow(row, H, col, H);
      if (name === 'b') return { tf: 'bias', index: col, sign: 1 };
      throw new Error(`rnn has no tensor "${name}"`);
    },
  },
];

/** Cell tensors of the model (readout excluded), with their shapes. */
function cellSpecs(model: Model) {
  return model.layout.specs.filter((s) => !s.name.startsWith('out.'));
}

/** gapbench cell tensors -> tfjs kernel, recurrentKernel, bias. */
function toTf(m: Mapping, model: Model, grad: boolean): Record<TfTensorName, Float64Array> {
  const { H, X } = S;
  const GH = m.G * H;
  const out = { kernel: new Float64Array(X * GH), recurrentKernel: new Float64Array(H * GH), bias: new Float64Array(GH) };
  const covered = { kernel: 0, recurrentKernel: 0, bias: 0 };
  for (const s of cellSpecs(model)) {
    const v = tensor(model, s.name, grad);
    for (let r = 0; r < s.rows; r++) {
      for (let c = 0; c < s.cols; c++) {
        const p = m.place(s.name, r, c, H);
        out[p.tf][p.index] = p.sign * v[r * s.cols + c]!;
        covered[p.tf]++;
      }
    }
  }
  // The map must be a bijection onto the tfjs tensors.
  expect(covered).toEqual({ kernel: X * GH, recurrentKernel: H * GH, bias: GH });
  return out;
}

/** tfjs gradients -> one gapbench-shaped tensor (inverse of `toTf`). */
function fromTf(m: Mapping, name: string, rows: number, cols: number, g: Record<TfTensorName, Float32Array>): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p = m.place(name, r, c, S.H);
      out[r * cols + c] = p.sign * g[p.tf][p.index]!;
    }
  }
  return out;
}

/** tfjs takes no Float64Array; its cpu backend is float32 anyway. */
const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);

interface Observed {
  variant: string;
  maxStateErr: number;
  lossRelErr: number;
  gradErr: Record<string, number>;
}

const observed: Observed[] = [];

function runCase(m: Mapping, seed: string): Observed {
  const { T, B, H, X } = S;
  const rng = makeRng(`conformance-tfjs/${m.variant.name}/${seed}`);
  const model = makeModel(m.variant, S, answerSteps, 'mse');
  randomizeParams(model, rng, 0.8); // every weight, bias and readout random, not default init
  const inputs = uniform(rng, T * B * X, 1); // (T, B, X) time-major
  const targets = uniform(rng, answerSteps.length * B, 1); // (A_s, B)
  model.setInputs(inputs, B);
  model.forward();
  const gbLoss = model.loss(targets);
  model.backward();

  const w = toTf(m, model, false);
  const outW = tf.variable(tf.tensor2d(f32(tensor(model, 'out.W')), [H, 1]), true, `outW_${m.variant.name}_${seed}`);
  const outB = tf.variable(tf.tensor1d(f32(tensor(model, 'out.b'))), true, `outB_${m.variant.name}_${seed}`);
  // tfjs wants batch-major (B, T, X).
  const xb = new Float32Array(B * T * X);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let i = 0; i < X; i++) xb[(b * T + t) * X + i] = inputs[(t * B + b) * X + i]!;
  // A variable so tfjs also returns dL/dx, compared with gapbench's input gradient.
  const xs = tf.variable(tf.tensor3d(xb, [B, T, X]), true, `x_${m.variant.name}_${seed}`);
  const ts = tf.tensor2d(f32(targets), [answerSteps.length, B]);

  const layer = tf.layers.rnn({ cell: m.makeCell(H), returnSequences: true });
  tf.dispose(layer.apply(xs) as tf.Tensor); // builds the layer (apply sets `built`; build() alone does not)
  const names = layer.weights.map((v) => v.originalName.split('/').pop());
  expect(names).toEqual(['kernel', 'recurrent_kernel', 'bias']);
  layer.setWeights([
    tf.tensor2d(f32(w.kernel), [X, m.G * H]),
    tf.tensor2d(f32(w.recurrentKernel), [H, m.G * H]),
    tf.tensor1d(f32(w.bias)),
  ]);
  const [kV, rkV, bV] = layer.trainableWeights.map((v) => v.read() as tf.Variable);

  let hSeq: Float32Array | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const hs = layer.apply(xs) as tf.Tensor3D; // (B, T, H)
    hSeq = hs.dataSync() as Float32Array;
    const sq = answerSteps.map((t, a) => {
      const ht = hs.slice([0, t, 0], [B, 1, H]).reshape([B, H]);
      const y = ht.matMul(outW).add(outB).reshape([B]); // (B)
      return y.sub(ts.slice([a, 0], [1, B]).reshape([B])).square().sum();
    });
    return tf.addN(sq).div(answerSteps.length * B) as tf.Scalar;
  }, [kV!, rkV!, bV!, outW, outB, xs]);

  // Hidden states, every step: gapbench (T, B, H) vs tfjs (B, T, H).
  let maxStateErr = 0;
  for (let t = 0; t < T; t++) {
    const gb = stateAt(model, t);
    const tfh = new Float64Array(B * H);
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) tfh[b * H + j] = hSeq![(b * T + t) * H + j]!;
    maxStateErr = Math.max(maxStateErr, maxAbsDiff(gb, tfh));
  }
  const tfLoss = value.dataSync()[0]!;

  const g = {
    kernel: grads[kV!.name]!.dataSync() as Float32Array,
    recurrentKernel: grads[rkV!.name]!.dataSync() as Float32Array,
    bias: grads[bV!.name]!.dataSync() as Float32Array,
  };
  const gradErr: Record<string, number> = {};
  for (const s of cellSpecs(model)) {
    gradErr[s.name] = normwiseRelError(tensor(model, s.name, true), fromTf(m, s.name, s.rows, s.cols, g));
  }
  gradErr['out.W'] = normwiseRelError(tensor(model, 'out.W', true), grads[outW.name]!.dataSync());
  gradErr['out.b'] = normwiseRelError(tensor(model, 'out.b', true), grads[outB.name]!.dataSync());
  const gx = grads[xs.name]!.dataSync(); // (B, T, X)
  const dx = new Float64Array(T * B * X); // (T, B, X)
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) for (let i = 0; i < X; i++) dx[(t * B + b) * X + i] = gx[(b * T + t) * X + i]!;
  gradErr.x = normwiseRelError(inputGrad(model), dx);
  tf.dispose([xs, ts, outW, outB, value, ...Object.values(grads)]);
  layer.dispose();
  return { variant: m.variant.name, maxStateErr, lossRelErr: Math.abs(gbLoss - tfLoss) / Math.abs(gbLoss), gradErr };
}

// The observed errors, for the record (float32 round-off, ~1e-7).
afterAll(() => {
  for (const r of observed) {
    const grads = Object.entries(r.gradErr).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
    console.log(`${r.variant}: max |Δh| ${r.maxStateErr.toExponential(2)}, loss rel ${r.lossRelErr.toExponential(2)}, grads ${grads}`);
  }
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('gapbench cells agree with TensorFlow.js cells (cpu backend)', () => {
  it('runs on the tfjs cpu backend', () => {
    expect(tf.getBackend()).toBe('cpu');
  });

  for (const m of mappings) {
    for (const seed of ['1', '2']) {
      it(`${m.variant.name} (seed ${seed}): hidden states and every weight gradient`, () => {
        const r = runCase(m, seed);
        observed.push(r);
        expect(r.maxStateErr).toBeLessThanOrEqual(STATE_TOL);
        expect(r.lossRelErr).toBeLessThanOrEqual(1e-5);
        // Every tensor of the model, cell and readout, and the inputs are compared.
        expect(Object.keys(r.gradErr).sort()).toEqual(
          [...makeModel(m.variant, S, answerSteps, 'mse').layout.specs.map((s) => s.name), 'x'].sort(),
        );
        for (const [name, err] of Object.entries(r.gradErr)) {
          expect(err, `${m.variant.name} d/d${name}`).toBeLessThanOrEqual(GRAD_TOL);
        }
      });
    }
  }
});
