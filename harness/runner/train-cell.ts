/**
 * Training of one cell: (task, variant, gap, replicate, hidden, lr) from
 * scratch for a fixed budget of Adam steps, evaluated every `evalEvery`
 * steps on fresh sequences and at the end on a fixed test set.
 *
 * Data streams (train, eval, test) depend on task, gap and replicate only,
 * so every variant sees the same sequences; the init stream also depends on
 * the variant (DESIGN.md, Seeds). Never throws: a failure is an ErrorRow, a
 * NaN/Inf loss or gradient a DivergedRow.
 */
import { performance } from 'node:perf_hooks';
import { measureGradflow } from '../engine/gradflow.js';
import { createKernels } from '../engine/kernels/index.js';
import { Model } from '../engine/model.js';
import { makeRng, type Rng } from '../engine/rng.js';
import type { Kernels } from '../engine/types.js';
import { getTask } from '../../tasks/index.js';
import type { Task } from '../../tasks/types.js';
import { getVariant } from '../../variants/index.js';
import { rowCoordinates } from './cell-info.js';
import { seedKeys } from './seeds.js';
import type { CellRow, CellSpec, CurvePoint, GradflowRecord } from './types.js';

/** Loss and accuracy of a model over `count` sequences drawn from `rng`, in chunks of Bmax. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

/** Counts correct readouts of the last forward (A_s · B items). */
export function countCorrect(model: Model, task: Task, targets: Float64Array): number {
  const items = model.shape.answerSteps.length * model.batch;
  const O = model.shape.O;
  let correct = 0;
  for (let n = 0; n < items; n++) if (task.correct(model.heap, model.y + n * O, targets[n]!)) correct++;
  return correct;
}

/** Reusable input/target buffers for one model (allocated once per cell). */
export interface Batch {
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
}

export function evaluate(model: Model, task: Task, gap: number, rng: Rng, count: number, buf: Batch): Evaluation {
  const Bmax = model.shape.Bmax;
  const A = model.shape.answerSteps.length;
  let lossSum = 0;
  let correct = 0;
  for (let done = 0; done < count; ) {
    const B = Math.min(Bmax, count - done);
    task.batch(rng, gap, B, buf.inputs, buf.targets);
    model.setInputs(buf.inputs, B);
    model.forward();
    lossSum += model.loss(buf.targets) * A * B;
    correct += countCorrect(model, task, buf.targets);
    done += B;
  }
  return { loss: lossSum / (A * count), accuracy: correct / (A * count) };
}

export interface TrainOptions {
  /** Kernels to use instead of a fresh instance of spec.backend (tests, benchmarks). */
  readonly kernels?: Kernels;
}

/** Trains one cell in this thread and returns its row; never throws (a failure is an ErrorRow). */
export function trainCell(spec: CellSpec, opts: TrainOptions = {}): CellRow {
  const t0 = performance.now();
  const curve: CurvePoint[] = [];
  const gradflow: GradflowRecord[] = [];
  let params = 0;
  let chance = Number.NaN;
  const base = {
    ...rowCoordinates(spec),
    curve,
    ...(spec.gradflow === true ? { gradflow } : {}),
  };
  try {
    const task = getTask(spec.task, spec.taskOptions);
    const variant = getVariant(spec.variant);
    chance = task.chance(spec.gap);
    const T = task.length(spec.gap);
    const answerSteps = task.answerSteps(spec.gap);
    const Bmax = spec.batch;
    const model = new Model(
      variant,
      { T, Bmax, H: spec.hidden, X: task.inputWidth, O: task.outputWidth, answerSteps, loss: task.loss },
      opts.kernels ?? createKernels(spec.backend),
    );
    params = model.P;
    const keys = seedKeys(spec);
    model.init(makeRng(keys.init));
    const adam = model.adam({ lr: spec.lr, beta1: spec.beta1, beta2: spec.beta2, eps: spec.eps, clip: spec.clip });
    const trainRng = makeRng(keys.train);
    const evalRng = makeRng(keys.eval);
    const buf: Batch = {
      inputs: new Float64Array(T * Bmax * task.inputWidth),
      targets: new Float64Array(answerSteps.length * Bmax),
    };
    const items = answerSteps.length * Bmax;
    // Gradient flow is measured on one fixed batch of its own stream, so
    // recording it changes no other number of the cell.
    const probe: Batch | null = spec.gradflow === true ? { inputs: new Float64Array(buf.inputs.length), targets: new Float64Array(items) } : null;
    const recordFlow = (phase: GradflowRecord['phase']): void => {
      if (probe === null) return;
      for (const p of measureGradflow(model, probe.inputs, probe.targets, Bmax)) gradflow.push({ phase, ...p });
    };
    if (probe !== null) {
      task.batch(makeRng(keys.gradflow), spec.gap, Bmax, probe.inputs, probe.targets);
      recordFlow('init');
    }
    let stepsToSolve: number | null = null;
    let windowLoss = 0;
    let windowCorrect = 0;
    let windowSteps = 0;
    let lastWindowLoss = Number.NaN;
    for (let step = 1; step <= spec.steps; step++) {
      task.batch(trainRng, spec.gap, Bmax, buf.inputs, buf.targets);
      model.setInputs(buf.inputs, Bmax);
      model.forward();
      const loss = model.loss(buf.targets);
      if (!Number.isFinite(loss)) return diverged(step);
      windowCorrect += countCorrect(model, task, buf.targets);
      model.backward();
      const norm = adam.step(model.heap);
      if (!Number.isFinite(norm)) return diverged(step);
      windowLoss += loss;
      windowSteps += 1;
      if (step % spec.evalEvery === 0 || step === spec.steps) {
        lastWindowLoss = windowLoss / windowSteps;
        curve.push({ step, split: 'train', loss: lastWindowLoss, accuracy: windowCorrect / (items * windowSteps) });
        windowLoss = 0;
        windowCorrect = 0;
        windowSteps = 0;
        const ev = evaluate(model, task, spec.gap, evalRng, spec.evalSize, buf);
        curve.push({ step, split: 'eval', loss: ev.loss, accuracy: ev.accuracy });
        if (stepsToSolve === null && ev.accuracy >= spec.solvedThreshold) stepsToSolve = step;
      }
    }
    recordFlow('trained');
    const test = evaluate(model, task, spec.gap, makeRng(keys.test), spec.testSize, buf);
    if (!Number.isFinite(test.loss)) return diverged(spec.steps);
    return {
      ...base,
      status: 'ok',
      chance,
      params,
      wall_ms: performance.now() - t0,
      test_accuracy: test.accuracy,
      test_loss: test.loss,
      steps_to_solve: stepsToSolve,
      sequences_to_solve: stepsToSolve === null ? null : stepsToSolve * spec.batch,
      final_train_loss: lastWindowLoss,
    };
  } catch (e) {
    return { ...base, status: 'error', chance, params, wall_ms: performance.now() - t0, message: (e as Error).message };
  }

  function diverged(step: number): CellRow {
    return { ...base, status: 'diverged', chance, params, wall_ms: performance.now() - t0, diverged_step: step };
  }
}
