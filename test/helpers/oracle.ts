/**
 * Shared pieces of the plain-TypeScript float64 oracles that variant tests
 * hold a Model against (test/variant-*-reference.test.ts): the readout and
 * loss at an answer step, a random problem on both backends, and the whole
 * comparison (states, losses, every gradient against central differences of
 * the oracle). Written from DESIGN.md, not from the engine: y = h·out.W +
 * out.b; ce is softmax cross-entropy, mse the squared error without ½ (both
 * averaged over A_s·B by the caller).
 */
import { afterAll, expect } from 'vitest';
import { normwiseRelError } from '../../harness/engine/gradcheck.js';
import { createFastKernels } from '../../harness/engine/kernels/fast.js';
import { ReferenceKernels } from '../../harness/engine/kernels/reference.js';
import { Model, type LossKind } from '../../harness/engine/model.js';
import { makeRng, randInt } from '../../harness/engine/rng.js';
import type { Variant } from '../../harness/engine/types.js';
import { inputGrad, stateAt, tensor, uniform } from '../support.js';

/** Named parameter tensors of an oracle (float64). */
export type Tensors = Record<string, Float64Array>;

/** What an oracle's forward returns: the loss and its states h (and c), each (T, B, H). */
export interface OracleForward {
  readonly loss: number;
  readonly h: Float64Array;
  readonly c?: Float64Array;
}

/**
 * Tolerances of the comparison: states and loss of the reference backend
 * (both float64, only the order of additions differs), its gradients
 * against central differences with step `eps` (leaves ~1e-10), and the
 * fast backend's loss and gradients (float32 roundoff over a few tens of
 * dependent operations at T = 6).
 */
export const ORACLE_TOL = { eps: 1e-5, exact: 1e-12, fd: 1e-7, fastLoss: 1e-6, fastGrad: 1e-5 } as const;

/** The worst errors of one case (see expectModelsMatchOracle). */
export interface OracleErrors {
  readonly exact: number;
  readonly fd: number;
  readonly fastLoss: number;
  readonly fastGrad: number;
}

/**
 * Σ over the B sequences of the loss at one answer step: h (B, H) the states,
 * targets (B) class indices (ce) or values (mse), out.W (H, O), out.b (O).
 */
export function readoutLoss(h: Float64Array, targets: Float64Array, outW: Float64Array, outB: Float64Array, H: number, O: number, loss: LossKind): number {
  const B = targets.length;
  let L = 0;
  const y = new Float64Array(O);
  for (let s = 0; s < B; s++) {
    for (let o = 0; o < O; o++) {
      let v = outB[o]!;
      for (let k = 0; k < H; k++) v += h[s * H + k]! * outW[k * O + o]!;
      y[o] = v;
    }
    const target = targets[s]!;
    if (loss === 'mse') {
      L += (y[0]! - target) ** 2;
    } else {
      let z = 0;
      for (let o = 0; o < O; o++) z += Math.exp(y[o]!);
      L += Math.log(z) - y[target]!;
    }
  }
  return L;
}

/** Central differences of `f` with respect to every number of `v` (restored after). */
function centralDiff(v: Float64Array, f: () => number, eps: number): Float64Array {
  const d = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i]!;
    v[i] = keep + eps;
    const up = f();
    v[i] = keep - eps;
    const down = f();
    v[i] = keep;
    d[i] = (up - down) / (2 * eps);
  }
  return d;
}

/** Sets the named tensors and inputs (T, B, X), runs forward, loss and backward; returns the loss. */
function runModel(model: Model, p: Readonly<Tensors>, x: Float64Array, targets: Float64Array, B: number): number {
  for (const [name, v] of Object.entries(p)) model.heap.set(v, model.offset(name));
  model.setInputs(x, B);
  model.forward();
  const L = model.loss(targets);
  model.backward();
  return L;
}

/**
 * Every tensor's gradient and dL/dx, on both models after runModel, against
 * central differences of the oracle's loss `lossOf` (which reads `p` and `x`
 * as they are perturbed): normwise within `tol.ref` and `tol.fast`, and no
 * finite-difference gradient all zero. Returns the worst errors.
 */
function expectGradientsMatchOracle(
  ref: Model, fast: Model, p: Tensors, x: Float64Array,
  lossOf: () => number, eps: number, tol: { readonly ref: number; readonly fast: number },
): { ref: number; fast: number } {
  const worst = { ref: 0, fast: 0 };
  for (const name of [...ref.layout.specs.map((s) => s.name), 'x']) {
    const numeric = centralDiff(name === 'x' ? x : p[name]!, lossOf, eps);
    expect(numeric.some((d) => Math.abs(d) > 1e-6), `d${name} is not all zero`).toBe(true);
    const grad = (m: Model): Float64Array => (name === 'x' ? inputGrad(m) : tensor(m, name, true));
    const e = normwiseRelError(grad(ref), numeric);
    expect(e, `reference d${name} vs finite differences of the oracle`).toBeLessThanOrEqual(tol.ref);
    const ef = normwiseRelError(grad(fast), numeric);
    expect(ef, `fast d${name} vs finite differences of the oracle`).toBeLessThanOrEqual(tol.fast);
    worst.ref = Math.max(worst.ref, e);
    worst.fast = Math.max(worst.fast, ef);
  }
  return worst;
}

/** A small random problem for an oracle test: both backends' models of `variant`, float32-representable tensors, inputs and targets. */
export interface OracleProblem {
  readonly O: number;
  readonly ref: Model;
  readonly fast: Model;
  readonly p: Tensors;
  readonly x: Float64Array;
  readonly targets: Float64Array;
}

/**
 * Models of `variant` (reference and fast, dL/dx kept) at T, B, H, X with
 * the given answer steps and loss (ce: 3 classes; mse: O = 1); every tensor
 * U(±1), inputs U(±1.5), targets random classes or U(±1), from `key`.
 */
export function oracleProblem(
  variant: Variant, key: string, dims: { readonly T: number; readonly B: number; readonly H: number; readonly X: number; readonly answerSteps: readonly number[] }, loss: LossKind,
): OracleProblem {
  const { T, B, H, X, answerSteps } = dims;
  const O = loss === 'ce' ? 3 : 1;
  const shape = { T, Bmax: B, H, X, O, answerSteps, loss, inputGrad: true };
  const ref = new Model(variant, shape, new ReferenceKernels());
  const fast = new Model(variant, shape, createFastKernels());
  const rng = makeRng(key);
  // float32-representable from the start, so only arithmetic differs between the backends
  const f32Uniform = (n: number, scale: number): Float64Array => uniform(rng, n, scale).map(Math.fround);
  const p: Tensors = {};
  for (const s of ref.layout.specs) p[s.name] = f32Uniform(s.rows * s.cols, 1);
  const x = f32Uniform(T * B * X, 1.5);
  const targets = new Float64Array(answerSteps.length * B);
  for (let i = 0; i < targets.length; i++) targets[i] = loss === 'ce' ? randInt(rng, 0, O) : Math.fround(2 * rng() - 1);
  return { O, ref, fast, p, x, targets };
}

/** The worst errors seen over an oracle file's cases, printed once after them (`label vs oracle: ...`). */
export function worstCaseLog(label: string): (seen: OracleErrors) => void {
  const worst = { exact: 0, fd: 0, fastLoss: 0, fastGrad: 0 };
  afterAll(() => {
    console.log(
      `${label} vs oracle: reference states/loss ${worst.exact.toExponential(2)}, reference grads vs FD ${worst.fd.toExponential(2)}, ` +
        `fast loss ${worst.fastLoss.toExponential(2)}, fast grads vs FD ${worst.fastGrad.toExponential(2)}`,
    );
  });
  return (seen) => {
    for (const k of ['exact', 'fd', 'fastLoss', 'fastGrad'] as const) worst[k] = Math.max(worst[k], seen[k]);
  };
}

/**
 * Runs both models of `pb` and holds them against `forward` (the oracle on
 * pb's tensors, inputs and targets, read afresh on every call): the
 * reference backend's loss and every h_t (and c_t when the oracle gives c)
 * within ORACLE_TOL.exact, the fast backend's loss within fastLoss, and
 * every gradient (tensors and dL/dx) of both against central differences of
 * the oracle's loss. Returns the worst errors.
 */
export function expectModelsMatchOracle(pb: OracleProblem, forward: () => OracleForward): OracleErrors {
  const { ref, fast, p, x, targets } = pb;
  const { T } = ref.shape;
  const B = targets.length / ref.shape.answerSteps.length;
  const want = forward();
  const Lref = runModel(ref, p, x, targets, B);
  let exact = Math.abs(Lref - want.loss) / Math.abs(want.loss);
  expect(exact, `loss ${Lref} vs oracle ${want.loss}`).toBeLessThanOrEqual(ORACLE_TOL.exact);
  const n = B * ref.shape.H;
  for (let t = 0; t < T; t++) {
    for (const [cell, all] of [[false, want.h], [true, want.c]] as const) {
      if (all === undefined) continue;
      const got = stateAt(ref, t, cell);
      for (let i = 0; i < n; i++) exact = Math.max(exact, Math.abs(got[i]! - all[t * n + i]!));
      expect(exact, `${cell ? 'c' : 'h'}_${t}`).toBeLessThanOrEqual(ORACLE_TOL.exact);
    }
  }
  const Lfast = runModel(fast, p, x, targets, B);
  const fastLoss = Math.abs(Lfast - want.loss) / Math.abs(want.loss);
  expect(fastLoss, `fast loss ${Lfast} vs oracle ${want.loss}`).toBeLessThanOrEqual(ORACLE_TOL.fastLoss);
  const grads = expectGradientsMatchOracle(ref, fast, p, x, () => forward().loss, ORACLE_TOL.eps, { ref: ORACLE_TOL.fd, fast: ORACLE_TOL.fastGrad });
  return { exact, fd: grads.ref, fastLoss, fastGrad: grads.fast };
}
