/**
 * Small helpers shared by the conformance, driver and variant tests.
 * Not a test file itself (vitest only collects `*.test.ts`).
 */
import { createFastKernels } from '../harness/engine/kernels/fast.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model, type LossKind, type ModelShape } from '../harness/engine/model.js';
import { makeRng, type Rng } from '../harness/engine/rng.js';
import type { Variant } from '../harness/engine/types.js';

export interface Shape {
  readonly T: number;
  readonly B: number;
  readonly H: number;
  readonly X: number;
  readonly O: number;
}

/** A float64 reference-backend model with Bmax = B and dL/dx kept. */
export function makeModel(variant: Variant, s: Shape, answerSteps: readonly number[], loss: LossKind): Model {
  return new Model(variant, { T: s.T, Bmax: s.B, H: s.H, X: s.X, O: s.O, answerSteps, loss, inputGrad: true }, new ReferenceKernels());
}

/**
 * A float64 reference model and a float32 fast model of `shape`, both
 * holding the parameters `init(makeRng(seedKey))` draws, rounded to float32
 * once, so that only their arithmetic differs.
 */
export function modelPair(variant: Variant, shape: ModelShape, seedKey: string): { ref: Model; fast: Model } {
  const ref = new Model(variant, shape, new ReferenceKernels());
  const fast = new Model(variant, shape, createFastKernels());
  ref.init(makeRng(seedKey));
  // The fast heap is float32: copying in rounds; copying back gives the reference the same values.
  fast.heap.set(ref.heap.subarray(ref.params, ref.params + ref.P), fast.params);
  ref.heap.set(fast.heap.subarray(fast.params, fast.params + fast.P), ref.params);
  return { ref, fast };
}

/** n numbers uniform in (−scale, scale). */
export function uniform(rng: Rng, n: number, scale: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (2 * rng() - 1) * scale;
  return a;
}

/** Fills every parameter of `model` (cell and readout) with U(±scale). */
export function randomizeParams(model: Model, rng: Rng, scale: number): void {
  model.heap.set(uniform(rng, model.P, scale), model.params);
}

/** A copy of the named parameter tensor (or of its gradient with `grad`). */
export function tensor(model: Model, name: string, grad = false): Float64Array {
  const spec = model.layout.specs.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`model has no tensor "${name}"`);
  const off = model.offset(name, grad);
  return Float64Array.from(model.heap.subarray(off, off + spec.rows * spec.cols));
}

/** Writes `values` into the named parameter tensor. */
export function setTensor(model: Model, name: string, values: ArrayLike<number>): void {
  const spec = model.layout.specs.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`model has no tensor "${name}"`);
  if (values.length !== spec.rows * spec.cols) {
    throw new Error(`tensor "${name}" holds ${spec.rows * spec.cols} numbers, got ${values.length}`);
  }
  model.heap.set(values, model.offset(name));
}

/** h_t of the last forward as a (B, H) copy; c with `cell`. */
export function stateAt(model: Model, t: number, cell = false): Float64Array {
  const off = cell ? model.cAt(t) : model.hAt(t);
  if (off < 0) throw new Error(`${model.variant.name} has no cell state`);
  const n = model.batch * model.shape.H;
  return Float64Array.from(model.heap.subarray(off, off + n));
}

/** Readouts y of the last forward, (A_s, B, O). */
export function readouts(model: Model): Float64Array {
  const n = model.shape.answerSteps.length * model.batch * model.shape.O;
  return Float64Array.from(model.heap.subarray(model.y, model.y + n));
}

/** dL/dx of the last backward, (T, B, X); needs `inputGrad`. */
export function inputGrad(model: Model): Float64Array {
  if (model.dx < 0) throw new Error('model was built without inputGrad');
  const n = model.shape.T * model.batch * model.shape.X;
  return Float64Array.from(model.heap.subarray(model.dx, model.dx + n));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Index of the first entry that is not Object.is-equal, or −1 (bit-for-bit equality, −0 ≠ +0). */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
