// The tfjs peer of `gapbench bench --peers` (harness/cli/bench-peers.ts)
// must train the same-size model as gapbench: for lstm, gru and rnn at a
// tiny workload, the trainable variables tfjsStep creates hold exactly as
// many numbers as gapbench's model of that cell with its (H → 1) readout
// (trainingStep's model.P); and a few peer steps give a finite loss that
// changes while the weights move.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tfjsStep, type PeerCell } from '../harness/cli/bench-peers.js';
import { trainingStep, type Workload } from '../harness/engine/workloads.js';
import { getVariant } from '../variants/index.js';

// X = 2: the adding task's input width, which trainingStep requires.
const tiny: Workload = { name: 'tiny', T: 5, B: 4, H: 8, X: 2 };

/** Trainable tfjs variables created while `build` runs (name → size); includes the optimizer's trainable scalars. */
async function newTrainableVariables<T>(build: () => Promise<T>): Promise<{ result: T; sizes: Map<string, number> }> {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const result = await build();
  const sizes = new Map<string, number>();
  for (const [name, v] of Object.entries(tf.engine().registeredVariables)) {
    if (!before.has(name) && v.trainable) sizes.set(name, v.size);
  }
  return { result, sizes };
}

/**
 * The variables one peer step actually updates (name → size): those that get
 * a gradient in the optimizer. Adam's bias-correction scalars are trainable
 * tfjs variables too, but receive no gradient, so they are not counted.
 */
async function trainedVariables(cell: PeerCell): Promise<Map<string, number>> {
  const trained = new Map<string, number>();
  const compute = tf.Optimizer.prototype.computeGradients;
  const spy = vi.spyOn(tf.Optimizer.prototype, 'computeGradients').mockImplementation(function (this: tf.Optimizer, f, varList) {
    const out = compute.call(this, f, varList);
    for (const [name, g] of Object.entries(out.grads)) trained.set(name, g.size);
    return out;
  });
  const step = await tfjsStep('cpu', cell, tiny);
  try {
    step.run();
  } finally {
    step.dispose();
    spy.mockRestore();
  }
  return trained;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tfjs peer vs gapbench model size', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const satisfies readonly PeerCell[]) {
    it(`${cell}: tfjs trainable parameters = gapbench P at T=${tiny.T} B=${tiny.B} H=${tiny.H} X=${tiny.X}`, async () => {
      const trained = await trainedVariables(cell);
      const listing = [...trained].map(([n, k]) => `${n}=${k}`).join(', ');
      // The recurrent layer and the dense readout, nothing else (tfjs-layers names weights `<layer>/<weight>`).
      expect(trained.size, listing).toBeGreaterThanOrEqual(4);
      for (const name of trained.keys()) expect(name, listing).toMatch(/\//);
      const tfjsParams = [...trained.values()].reduce((a, b) => a + b, 0);
      const gapbenchP = trainingStep(getVariant(cell), tiny, 'reference').model.P;
      expect(tfjsParams, `tfjs trains ${listing}`).toBe(gapbenchP);
    });
  }
});

describe('tfjs peer training step', () => {
  it('lstm: a few steps give a finite, changing loss and move the weights', async () => {
    const losses: number[] = [];
    // tfjsStep reads and disposes the cost itself; record it on the way out of minimize.
    const minimize = tf.Optimizer.prototype.minimize;
    vi.spyOn(tf.Optimizer.prototype, 'minimize').mockImplementation(function (this: tf.Optimizer, f, returnCost, varList) {
      const cost = minimize.call(this, f, returnCost, varList);
      if (cost !== null) losses.push(cost.dataSync()[0] as number);
      return cost;
    });
    const { result: step, sizes } = await newTrainableVariables(() => tfjsStep('cpu', 'lstm', tiny));
    try {
      const layerWeights = [...sizes.keys()].filter((n) => n.includes('/'));
      expect(layerWeights.length).toBeGreaterThanOrEqual(4);
      const weights = (): Float32Array[] =>
        layerWeights.map((n) => Float32Array.from((tf.engine().registeredVariables[n] as tf.Variable).dataSync() as Float32Array));
      const w0 = weights();
      for (let i = 0; i < 5; i++) step.run();
      const w1 = weights();
      expect(losses).toHaveLength(5);
      for (const l of losses) expect(Number.isFinite(l), `loss ${l}`).toBe(true);
      expect(losses[0]).toBeGreaterThan(0);
      expect(new Set(losses).size, losses.join(', ')).toBeGreaterThan(1);
      // Adam at lr 1e-3 on a fixed batch: five steps lower the loss.
      expect(losses[4]).toBeLessThan(losses[0] as number);
      w0.forEach((w, i) => expect(w1[i], `variable ${layerWeights[i]}`).not.toEqual(w));
    } finally {
      step.dispose();
    }
    // dispose releases the model's variables.
    for (const n of sizes.keys()) expect(tf.engine().registeredVariables[n], n).toBeUndefined();
  });
});
