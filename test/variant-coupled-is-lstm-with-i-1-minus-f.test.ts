/**
 * `coupled` is an lstm whose input gate is forced to i = 1 − f. Checked
 * against an independent plain-TS float64 implementation written straight
 * from the equations (one loop per step, no kernels, no arena), with its own
 * hand-written BPTT:
 *   f = σ(a_f), i = 1 − f, ĉ = tanh(a_ĉ), c = f·c₋ + i·ĉ, o = σ(a_o), h = o·tanh(c),
 *   a_g = W_g·[h₋, x] + b_g, readout y = h·out.W + out.b at answer steps.
 * Backward of the forced gate: i = 1 − f sends −dL/di into dL/df.
 *
 * Tolerance 1e-12 (states absolute, gradients normwise): both sides are
 * float64 and compute the same function; they differ only in the order of
 * the additions inside each dot product (a few ulp per step, growing mildly
 * over T = 8 steps). A wrong term in either side would show at ~1e-2.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import type { LossKind } from '../harness/engine/model.js';
import { makeRng, randInt } from '../harness/engine/rng.js';
import { coupled } from '../variants/coupled.js';
import { inputGrad, makeModel, maxAbsDiff, randomizeParams, readouts, stateAt, tensor, uniform, type Shape } from './support.js';

const S: Shape = { T: 8, B: 3, H: 5, X: 4, O: 3 };
const TOL = 1e-12;

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

interface Params {
  W: Float64Array; // (H+X, 3H) blocks [f | ĉ | o]; rows 0..H−1 multiply h₋
  b: Float64Array; // (3H)
  outW: Float64Array; // (H, O)
  outB: Float64Array; // (O)
}

interface RefResult {
  h: Float64Array; // (T, B, H)
  c: Float64Array; // (T, B, H)
  y: Float64Array; // (A_s, B, O)
  loss: number;
  dW: Float64Array;
  db: Float64Array;
  doutW: Float64Array;
  doutB: Float64Array;
  dx: Float64Array; // (T, B, X)
}

/** An lstm whose input gate is 1 − f, forward then BPTT, plain loops. */
function coupledReference(s: Shape, p: Params, x: Float64Array, targets: Float64Array, answerSteps: readonly number[], loss: LossKind): RefResult {
  const { T, B, H, X, O } = s;
  const G = 3 * H;
  const at = (t: number, b: number, j: number) => (t * B + b) * H + j; // (T, B, H)
  const h = new Float64Array(T * B * H);
  const c = new Float64Array(T * B * H);
  const tc = new Float64Array(T * B * H);
  const fG = new Float64Array(T * B * H);
  const iG = new Float64Array(T * B * H);
  const cc = new Float64Array(T * B * H);
  const oG = new Float64Array(T * B * H);
  const prevH = (t: number, b: number, k: number) => (t === 0 ? 0 : h[at(t - 1, b, k)]!);
  const prevC = (t: number, b: number, k: number) => (t === 0 ? 0 : c[at(t - 1, b, k)]!);
  const pre = (t: number, b: number, col: number): number => {
    let a = p.b[col]!;
    for (let k = 0; k < H; k++) a += prevH(t, b, k) * p.W[k * G + col]!;
    for (let i = 0; i < X; i++) a += x[(t * B + b) * X + i]! * p.W[(H + i) * G + col]!;
    return a;
  };
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const f = sigmoid(pre(t, b, j));
        const i = 1 - f; // the forced input gate
        const g = Math.tanh(pre(t, b, H + j));
        const cn = f * prevC(t, b, j) + i * g;
        const o = sigmoid(pre(t, b, 2 * H + j));
        const n = at(t, b, j);
        fG[n] = f;
        iG[n] = i;
        cc[n] = g;
        oG[n] = o;
        c[n] = cn;
        tc[n] = Math.tanh(cn);
        h[n] = o * tc[n]!;
      }
    }
  }
  // Readout and loss, mean over the A_s × B items.
  const A = answerSteps.length;
  const n = A * B;
  const y = new Float64Array(A * B * O);
  const dy = new Float64Array(A * B * O);
  let L = 0;
  answerSteps.forEach((t, a) => {
    for (let b = 0; b < B; b++) {
      const row = (a * B + b) * O;
      for (let o = 0; o < O; o++) {
        let v = p.outB[o]!;
        for (let k = 0; k < H; k++) v += h[at(t, b, k)]! * p.outW[k * O + o]!;
        y[row + o] = v;
      }
      const target = targets[a * B + b]!;
      if (loss === 'mse') {
        const d = y[row]! - target;
        L += (d * d) / n;
        dy[row] = (2 * d) / n;
      } else {
        let max = -Infinity;
        for (let o = 0; o < O; o++) max = Math.max(max, y[row + o]!);
        let z = 0;
        for (let o = 0; o < O; o++) z += Math.exp(y[row + o]! - max);
        L += (max + Math.log(z) - y[row + target]!) / n;
        for (let o = 0; o < O; o++) dy[row + o] = (Math.exp(y[row + o]! - max) / z - (o === target ? 1 : 0)) / n;
      }
    }
  });

  const dW = new Float64Array(p.W.length);
  const db = new Float64Array(p.b.length);
  const doutW = new Float64Array(p.outW.length);
  const doutB = new Float64Array(p.outB.length);
  const dx = new Float64Array(x.length);
  let dhNext = new Float64Array(B * H); // dL/dh_t from step t+1
  let dcNext = new Float64Array(B * H);
  const da = new Float64Array(B * G); // pre-activation gradients of one step
  for (let t = T - 1; t >= 0; t--) {
    const dh = dhNext.slice();
    const a = answerSteps.indexOf(t);
    if (a >= 0) {
      for (let b = 0; b < B; b++) {
        for (let o = 0; o < O; o++) {
          const d = dy[(a * B + b) * O + o]!;
          doutB[o]! += d;
          for (let k = 0; k < H; k++) {
            doutW[k * O + o]! += h[at(t, b, k)]! * d;
            dh[b * H + k]! += p.outW[k * O + o]! * d;
          }
        }
      }
    }
    const dhPrev = new Float64Array(B * H);
    const dcPrev = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const m = at(t, b, j);
        const f = fG[m]!, i = iG[m]!, g = cc[m]!, o = oG[m]!, th = tc[m]!;
        const dhj = dh[b * H + j]!;
        const dO = dhj * th;
        const dc = dcNext[b * H + j]! + dhj * o * (1 - th * th);
        let dF = dc * prevC(t, b, j);
        const dI = dc * g;
        const dG = dc * i;
        dcPrev[b * H + j] = dc * f;
        dF += -dI; // i = 1 − f
        da[b * G + j] = dF * f * (1 - f);
        da[b * G + H + j] = dG * (1 - g * g);
        da[b * G + 2 * H + j] = dO * o * (1 - o);
      }
      for (let col = 0; col < G; col++) {
        const d = da[b * G + col]!;
        db[col]! += d;
        for (let k = 0; k < H; k++) {
          dW[k * G + col]! += prevH(t, b, k) * d;
          dhPrev[b * H + k]! += p.W[k * G + col]! * d;
        }
        for (let i = 0; i < X; i++) {
          dW[(H + i) * G + col]! += x[(t * B + b) * X + i]! * d;
          dx[(t * B + b) * X + i]! += p.W[(H + i) * G + col]! * d;
        }
      }
    }
    dhNext = dhPrev;
    dcNext = dcPrev;
  }
  return { h, c, y, loss: L, dW, db, doutW, doutB, dx };
}

describe('coupled equals an lstm with its input gate forced to 1 − f', () => {
  const worst = { state: 0, grad: 0 };
  for (const loss of ['ce', 'mse'] as LossKind[]) {
    for (const seed of ['1', '2', '3']) {
      it(`${loss}, seed ${seed}`, () => {
        const shape = { ...S, O: loss === 'ce' ? S.O : 1 };
        const answerSteps = [3, 7];
        const rng = makeRng(`coupled-reference/${loss}/${seed}`);
        const model = makeModel(coupled, shape, answerSteps, loss);
        expect(model.layout.specs.map((s) => `${s.name} ${s.rows}×${s.cols}`)).toEqual([
          `W ${shape.H + shape.X}×${3 * shape.H}`, `b 1×${3 * shape.H}`, `out.W ${shape.H}×${shape.O}`, `out.b 1×${shape.O}`,
        ]);
        randomizeParams(model, rng, 1);
        const inputs = uniform(rng, shape.T * shape.B * shape.X, 1.5);
        const targets = new Float64Array(answerSteps.length * shape.B);
        for (let i = 0; i < targets.length; i++) targets[i] = loss === 'ce' ? randInt(rng, 0, shape.O) : 2 * rng() - 1;
        model.setInputs(inputs, shape.B);
        model.forward();
        const L = model.loss(targets);
        model.backward();

        const ref = coupledReference(
          shape,
          { W: tensor(model, 'W'), b: tensor(model, 'b'), outW: tensor(model, 'out.W'), outB: tensor(model, 'out.b') },
          inputs, targets, answerSteps, loss,
        );
        const BH = shape.B * shape.H;
        let state = 0;
        for (let t = 0; t < shape.T; t++) {
          state = Math.max(state, maxAbsDiff(stateAt(model, t), ref.h.subarray(t * BH, (t + 1) * BH)));
          state = Math.max(state, maxAbsDiff(stateAt(model, t, true), ref.c.subarray(t * BH, (t + 1) * BH)));
        }
        state = Math.max(state, maxAbsDiff(readouts(model), ref.y));
        expect(state).toBeLessThanOrEqual(TOL);
        expect(Math.abs(L - ref.loss) / ref.loss).toBeLessThanOrEqual(TOL);
        const pairs: [string, Float64Array, Float64Array][] = [
          ['W', tensor(model, 'W', true), ref.dW],
          ['b', tensor(model, 'b', true), ref.db],
          ['out.W', tensor(model, 'out.W', true), ref.doutW],
          ['out.b', tensor(model, 'out.b', true), ref.doutB],
          ['x', inputGrad(model), ref.dx],
        ];
        let grad = 0;
        for (const [name, got, want] of pairs) {
          const err = normwiseRelError(got, want);
          grad = Math.max(grad, err);
          expect(err, `d${name}`).toBeLessThanOrEqual(TOL);
        }
        worst.state = Math.max(worst.state, state);
        worst.grad = Math.max(worst.grad, grad);
      });
    }
  }
  afterAll(() => {
    console.log(`coupled vs plain reference: max |Δstate| ${worst.state.toExponential(2)}, max normwise grad err ${worst.grad.toExponential(2)}`);
  });
});
