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
import { getTask } from '../../tasks/index.js';

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
    affine: (M: number, N: number, K1: number, _a1: number, _b1: number, K2: number) => add(M, N, K1 + K2),
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

/** A training step of `variant` at workload `w` on one fixed adding-task batch at gap T. */
export function trainingStep(variant: Variant, w: Workload, backend: BackendName | Kernels): TrainingStep {
  const k = typeof backend === 'string' ? createKernels(backend) : backend;
  const { T, B, H, X } = w;
  const model = new Model(variant, { T, Bmax: B, H, X, O: 1, answerSteps: [T - 1], loss: 'mse' }, k);
  model.init(makeRng(`bench/${variant.name}/${w.name}/init`));
  const adam = model.adam({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 1 });
  // Real adding-task batches (gap = T), from the task's own generator.
  const task = getTask('adding');
  if (task.inputWidth !== X) throw new Error(`workload ${w.name}: X = ${X}, but the adding task's input width is ${task.inputWidth}`);
  const inputs = new Float64Array(T * B * X);
  const targets = new Float64Array(B);
  task.batch(makeRng(`bench/${w.name}/data`), T, B, inputs, targets);
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
