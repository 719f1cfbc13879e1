/**
 * Variable batch (B < Bmax) and batch-row independence, for every built-in
 * variant and the toy cell. Four random sequences are run as one batch of
 * B = Bmax = 4, then on the same model as B = 2 in another order and as
 * B = 1, then on a fresh model:
 *  - a sequence's states, cell states and readouts do not depend on its row
 *    or on B: bit for bit, since the reference kernels compute every row
 *    with the same operations in the same order;
 *  - a smaller batch after a larger one on the same model gives exactly
 *    what a fresh model gives (no stale rows, gradients re-zeroed);
 *  - the loss is the mean over items, so the batch gradient is the mean of
 *    the per-sequence gradients and a row's dL/dx is 1/B of its own; these
 *    sum in a different order, hence 1e-13 (normwise / relative), not exact.
 */
import { describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { makeRng, randInt } from '../harness/engine/rng.js';
import type { Variant } from '../harness/engine/types.js';
import { builtinVariants } from '../variants/index.js';
import { firstDifference, inputGrad, readouts, stateAt, tensor, uniform } from './support.js';
import { toyCell } from './toy-cell.js';

const T = 6;
const Bmax = 4;
const O = 3;
const answerSteps = [2, 5];
const A = answerSteps.length;

interface PerSequence {
  h: Float64Array[]; // per t: (H)
  c: Float64Array[]; // per t: (H), empty without a cell state
  y: Float64Array; // (A_s, O)
}

/** Batch of the given sequence ids: inputs (T, B, X) and CE targets (A_s, B). */
function gather(ids: readonly number[], seqs: Float64Array[], labels: number[][], X: number) {
  const B = ids.length;
  const inputs = new Float64Array(T * B * X);
  const targets = new Float64Array(A * B);
  ids.forEach((id, b) => {
    for (let t = 0; t < T; t++) inputs.set(seqs[id]!.subarray(t * X, (t + 1) * X), (t * B + b) * X);
    for (let a = 0; a < A; a++) targets[a * B + b] = labels[id]![a]!;
  });
  return { inputs, targets };
}

function run(model: Model, ids: readonly number[], seqs: Float64Array[], labels: number[][]) {
  const { H, X } = model.shape;
  const B = ids.length;
  const { inputs, targets } = gather(ids, seqs, labels, X);
  model.setInputs(inputs, B);
  model.forward();
  const loss = model.loss(targets);
  model.backward();
  const y = readouts(model);
  const dx = inputGrad(model);
  const per = new Map<number, PerSequence & { dx: Float64Array }>();
  ids.forEach((id, b) => {
    const h: Float64Array[] = [];
    const c: Float64Array[] = [];
    for (let t = 0; t < T; t++) {
      h.push(stateAt(model, t).slice(b * H, (b + 1) * H));
      if (model.variant.hasCell) c.push(stateAt(model, t, true).slice(b * H, (b + 1) * H));
    }
    const ys = new Float64Array(A * O);
    for (let a = 0; a < A; a++) ys.set(y.subarray((a * B + b) * O, (a * B + b + 1) * O), a * O);
    const dxs = new Float64Array(T * X);
    for (let t = 0; t < T; t++) dxs.set(dx.subarray((t * B + b) * X, (t * B + b + 1) * X), t * X);
    per.set(id, { h, c, y: ys, dx: dxs });
  });
  const grads = new Map(model.layout.specs.map((s) => [s.name, tensor(model, s.name, true)]));
  return { loss, per, grads };
}

function expectSameSequence(got: PerSequence, want: PerSequence, what: string): void {
  for (let t = 0; t < T; t++) {
    expect(firstDifference(got.h[t]!, want.h[t]!), `${what}: h_${t}`).toBe(-1);
    if (want.c.length > 0) expect(firstDifference(got.c[t]!, want.c[t]!), `${what}: c_${t}`).toBe(-1);
  }
  expect(firstDifference(got.y, want.y), `${what}: y`).toBe(-1);
}

const cases: [Variant, number, number][] = [
  ...Object.values(builtinVariants).map((v): [Variant, number, number] => [v, 5, 3]),
  [toyCell, 2, 2],
];

describe('driver: variable batch and batch-row independence', () => {
  for (const [variant, H, X] of cases) {
    it(`${variant.name}`, () => {
      const rng = makeRng(`driver-batch/${variant.name}`);
      const make = () => new Model(variant, { T, Bmax, H, X, O, answerSteps, loss: 'ce', inputGrad: true }, new ReferenceKernels());
      const model = make();
      const params = uniform(rng, model.P, 0.9);
      model.heap.set(params, model.params);
      const seqs = [0, 1, 2, 3].map(() => uniform(rng, T * X, 1)); // each (T, X)
      const labels = [0, 1, 2, 3].map(() => answerSteps.map(() => randInt(rng, 0, O)));

      const full = run(model, [0, 1, 2, 3], seqs, labels);
      const pair = run(model, [3, 1], seqs, labels); // B = 2 < Bmax, rows swapped
      expectSameSequence(pair.per.get(3)!, full.per.get(3)!, 'seq 3 in row 1 of 2 vs row 3 of 4');
      expectSameSequence(pair.per.get(1)!, full.per.get(1)!, 'seq 1 in row 1 of 2 vs row 1 of 4');

      // The same B = 2 batch on a fresh model: nothing of the B = 4 run leaks.
      const fresh = make();
      fresh.heap.set(params, fresh.params);
      const pairFresh = run(fresh, [3, 1], seqs, labels);
      expect(Object.is(pairFresh.loss, pair.loss)).toBe(true);
      for (const [name, g] of pair.grads) expect(firstDifference(g, pairFresh.grads.get(name)!), `d${name}`).toBe(-1);
      for (const id of [3, 1]) expect(firstDifference(pair.per.get(id)!.dx, pairFresh.per.get(id)!.dx)).toBe(-1);

      // One sequence at a time (B = 1): same states; batch loss and gradients are the means.
      const singles = [0, 1, 2, 3].map((id) => run(model, [id], seqs, labels));
      singles.forEach((s, id) => expectSameSequence(s.per.get(id)!, full.per.get(id)!, `seq ${id} alone vs row ${id} of 4`));
      const meanLoss = singles.reduce((acc, s) => acc + s.loss, 0) / 4;
      expect(Math.abs(full.loss - meanLoss) / meanLoss).toBeLessThanOrEqual(1e-13);
      for (const [name, g] of full.grads) {
        const mean = new Float64Array(g.length);
        for (const s of singles) s.grads.get(name)!.forEach((v, i) => (mean[i]! += v / 4));
        expect(normwiseRelError(g, mean), `d${name}: batch vs mean of singles`).toBeLessThanOrEqual(1e-13);
      }
      singles.forEach((s, id) => {
        const quarter = s.per.get(id)!.dx.map((v) => v / 4);
        expect(normwiseRelError(full.per.get(id)!.dx, quarter), `dx of seq ${id}`).toBeLessThanOrEqual(1e-13);
      });
    });
  }
});
