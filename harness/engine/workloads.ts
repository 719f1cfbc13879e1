/**
 * Reference workloads for performance (DESIGN.md): one training step
 * (forward, BPTT, Adam) on adding-task-shaped data.
 *   W1: T = 100, B = 32, H = 64, X = 2      W2: T = 200, B = 64, H = 128, X = 2
 * Useful FLOPs are counted, not estimated: `stepFlops` adds 2·M·N·K for
 * every matrix product one step actually issues.
 */
import { createKernels } from './kernels/index.js';
import { Model } from './model.js';
import { makeRng } from './rng.js';
import type { BackendName, Kernels, Variant } from './types.js';

export interface Workload {
  readonly name: string;
  readonly T: number;
  readonly B: number;
  readonly H: number;
  readonly X: number;
}

export const W1: Workload = { name: 'W1', T: 100, B: 32, H: 64, X: 2 };
export const W2: Workload = { name: 'W2', T: 200, B: 64, H: 128, X: 2 };
export const workloads = { W1, W2 } as const;

export interface TrainingStep {
  /** Runs one forward + BPTT + Adam update; returns the loss. */
  run(): number;
  readonly model: Model;
}

/**
 * Useful FLOPs of one training step: runs the step once on kernels that only
 * count (2·M·N·K per matrix product) — the count depends on shapes alone.
 */
export function stepFlops(variant: Variant, w: Workload): number {
  const count = { flops: 0 };
  const add = (M: number, N: number, K: number): void => {
    count.flops += 2 * M * N * K;
  };
  const noop = (): void => {};
  const k: Kernels = {
    backend: 'reference',
    heap: new Float64Array(0),
    reserve(n: number) {
      (this as { heap: Float64Array }).heap = new Float64Array(n);
    },
    gemm: add,
    gemmTN: add,
    gemmNT: add,
    addRows: noop,
    sumRows: noop,
    rnnForward: noop,
    rnnBackward: noop,
    lstmForward: noop,
    lstmBackward: noop,
    gruGatesForward: noop,
    gruOutputForward: noop,
    gruOutputBackward: noop,
    gruGatesBackward: noop,
    zero: noop,
  };
  trainingStep(variant, w, k).run();
  return count.flops;
}

/**
 * A training step of `variant` at workload `w` on fixed adding-task-like
 * data (values U[0,1] and two markers; target their sum at the last step).
 */
export function trainingStep(variant: Variant, w: Workload, backend: BackendName | Kernels): TrainingStep {
  const k = typeof backend === 'string' ? createKernels(backend) : backend;
  const { T, B, H, X } = w;
  const model = new Model(variant, { T, Bmax: B, H, X, O: 1, answerSteps: [T - 1], loss: 'mse' }, k);
  model.init(makeRng(`bench/${variant.name}/${w.name}/init`));
  const adam = model.adam({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 1 });
  const rng = makeRng(`bench/${w.name}/data`);
  const inputs = new Float64Array(T * B * X);
  const targets = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const i = Math.floor(rng() * Math.floor(T / 2));
    const j = Math.floor(T / 2) + Math.floor(rng() * (T - Math.floor(T / 2)));
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const v = rng();
      inputs[(t * B + b) * X] = v;
      if (t === i || t === j) {
        inputs[(t * B + b) * X + 1] = 1;
        sum += v;
      }
    }
    targets[b] = sum;
  }
  const run = (): number => {
    model.setInputs(inputs, B);
    model.forward();
    const loss = model.loss(targets);
    model.backward();
    adam.step(model.heap);
    return loss;
  };
  return { run, model };
}
