/**
 * Finite-difference gradient check on the float64 reference backend.
 *
 * For a small random problem the analytic gradient of every parameter
 * tensor and of the inputs (from Model.backward) is compared with central
 * differences (L(θ+ε) − L(θ−ε)) / 2ε, normwise per tensor:
 *   err = ‖a − n‖ / max(‖a‖, ‖n‖).
 */
import { ReferenceKernels } from './kernels/reference.js';
import { Model, type LossKind } from './model.js';
import { makeRng, randInt, type Rng } from './rng.js';
import type { Variant } from './types.js';

/** Size of a gradient-check problem: T steps, B sequences, H hidden units, X inputs. */
export interface GradcheckShape {
  readonly T: number;
  readonly B: number;
  readonly H: number;
  readonly X: number;
}

/** What `gradcheck` checks: problem shape, seeds, losses and finite-difference step ε. */
export interface GradcheckOptions {
  readonly shape?: GradcheckShape;
  /** Seeds of the random problems; the error of a tensor is its worst over seeds. */
  readonly seeds?: readonly string[];
  readonly losses?: readonly LossKind[];
  readonly eps?: number;
}

/** One tensor's verdict: its worst normwise relative error over the seeds, for one loss. */
export interface GradcheckResult {
  readonly variant: string;
  readonly loss: LossKind;
  /** A parameter tensor name, or `x` for the inputs. */
  readonly tensor: string;
  readonly max_rel_err: number;
}

/** The default problem: T 5, B 3, H 4, X 3. */
export const defaultGradcheckShape: GradcheckShape = { T: 5, B: 3, H: 4, X: 3 };
export const defaultGradcheckSeeds: readonly string[] = ['gradcheck/1', 'gradcheck/2', 'gradcheck/3'];
/** Largest accepted normwise relative error per tensor. */
export const gradcheckThreshold = 1e-6;

/** Normwise relative error ‖a − b‖ / max(‖a‖, ‖b‖); 0 when both are zero. */
export function normwiseRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    d += (x - y) * (x - y);
    na += x * x;
    nb += y * y;
  }
  const den = Math.sqrt(Math.max(na, nb));
  return den === 0 ? 0 : Math.sqrt(d) / den;
}

/** A random problem for `variant`: weights U(±0.8) (biases and peepholes too), inputs U(±1). */
export interface Problem {
  readonly model: Model;
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
}

export function randomProblem(variant: Variant, loss: LossKind, shape: GradcheckShape, rng: Rng): Problem {
  const { T, B, H, X } = shape;
  const O = loss === 'ce' ? 3 : 1;
  // Two answer steps for CE (the middle and the end), one for MSE, so both
  // the "gradient enters mid-sequence" and "only at the end" paths run.
  const answerSteps = loss === 'ce' && T > 1 ? [Math.floor(T / 2), T - 1] : [T - 1];
  const model = new Model(variant, { T, Bmax: B, H, X, O, answerSteps, loss, inputGrad: true }, new ReferenceKernels());
  const heap = model.heap;
  for (let i = 0; i < model.P; i++) heap[model.params + i] = (2 * rng() - 1) * 0.8;
  const inputs = new Float64Array(T * B * X);
  for (let i = 0; i < inputs.length; i++) inputs[i] = 2 * rng() - 1;
  const targets = new Float64Array(answerSteps.length * B);
  for (let i = 0; i < targets.length; i++) targets[i] = loss === 'ce' ? randInt(rng, 0, O) : 2 * rng() - 1;
  model.setInputs(inputs, B);
  return { model, inputs, targets };
}

function lossAt(p: Problem): number {
  p.model.forward();
  return p.model.loss(p.targets);
}

/** Checks one variant; one result per (loss, tensor). */
export function gradcheck(variant: Variant, opts: GradcheckOptions = {}): GradcheckResult[] {
  const shape = opts.shape ?? defaultGradcheckShape;
  const seeds = opts.seeds ?? defaultGradcheckSeeds;
  const losses = opts.losses ?? (['ce', 'mse'] as const);
  const eps = opts.eps ?? 1e-5;
  const worst = new Map<string, GradcheckResult>();
  for (const loss of losses) {
    for (const seed of seeds) {
      const p = randomProblem(variant, loss, shape, makeRng(`${seed}/${variant.name}/${loss}`));
      const { model } = p;
      const heap = model.heap;
      lossAt(p);
      model.backward();
      const tensors = model.layout.specs.map((s) => ({ name: s.name, off: model.offset(s.name), g: model.offset(s.name, true), n: s.rows * s.cols }));
      const errs: [string, number][] = [];
      for (const t of tensors) {
        const analytic = heap.slice(t.g, t.g + t.n);
        const numeric = new Float64Array(t.n);
        for (let i = 0; i < t.n; i++) {
          const keep = heap[t.off + i]!;
          heap[t.off + i] = keep + eps;
          const up = lossAt(p);
          heap[t.off + i] = keep - eps;
          const down = lossAt(p);
          heap[t.off + i] = keep;
          numeric[i] = (up - down) / (2 * eps);
        }
        errs.push([t.name, normwiseRelError(analytic, numeric)]);
      }
      // Inputs: perturb a copy and re-set it, so the arena's x moves with it.
      const dx = heap.slice(model.dx, model.dx + p.inputs.length);
      const nx = new Float64Array(p.inputs.length);
      for (let i = 0; i < p.inputs.length; i++) {
        const keep = p.inputs[i]!;
        p.inputs[i] = keep + eps;
        model.setInputs(p.inputs, shape.B);
        const up = lossAt(p);
        p.inputs[i] = keep - eps;
        model.setInputs(p.inputs, shape.B);
        const down = lossAt(p);
        p.inputs[i] = keep;
        nx[i] = (up - down) / (2 * eps);
      }
      model.setInputs(p.inputs, shape.B);
      errs.push(['x', normwiseRelError(dx, nx)]);
      for (const [tensor, err] of errs) {
        const key = `${loss}/${tensor}`;
        const prev = worst.get(key);
        if (prev === undefined || err > prev.max_rel_err) worst.set(key, { variant: variant.name, loss, tensor, max_rel_err: err });
      }
    }
  }
  return [...worst.values()];
}
