/**
 * `peephole` computes the equations of DESIGN.md, not just something whose
 * backward matches its own forward. An independent plain-TS float64 forward,
 * written straight from the equations (one loop per unit, no kernels, no
 * arena), is the oracle:
 *   a_g = W_g·[h₋, x] + b_g  (W (H+X, 4H) packed [f | i | ĉ | o], rows 0..H−1 multiply h₋)
 *   f = σ(a_f + p_f·c₋), i = σ(a_i + p_i·c₋), ĉ = tanh(a_ĉ), c = f·c₋ + i·ĉ,
 *   o = σ(a_o + p_o·c)   (the NEW cell state), h = o·tanh(c),
 *   y = h·out.W + out.b at the answer steps; loss ce (softmax, mean over A_s·B)
 *   or mse (mean, no ½).
 * Peepholes are non-zero random (a zero p_o hides which c the o gate reads).
 *
 * Checked, per seed and loss:
 * - reference backend: every h_t, c_t and the loss equal the oracle's to 1e-12
 *   (both float64, same function; only the order of additions differs);
 * - reference backend: the gradient of every tensor (W, b, p_f, p_i, p_o,
 *   out.W, out.b and the inputs x) equals central differences of the ORACLE's
 *   loss, normwise ≤ 1e-7 (ε = 1e-5: truncation ~ε² and rounding ~1e-16/ε
 *   leave ~1e-10 per entry; measured ≤ 4e-9, see the printed worst case);
 * - fast backend (float32): loss within 1e-6 relative and every gradient
 *   within 1e-5 normwise of the same finite differences (float32 unit
 *   roundoff 6e-8 over a few tens of dependent operations at T = 6; measured
 *   ~2e-8 and ~5e-7). Parameters and inputs are float32 numbers from the
 *   start, so only arithmetic differs.
 * A consistent forward+backward bug (e.g. o reading c₋) moves the loss by
 * ~1e-2 and fails all three.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { normwiseRelError } from '../harness/engine/gradcheck.js';
import { createFastKernels } from '../harness/engine/kernels/fast.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model, type LossKind } from '../harness/engine/model.js';
import { makeRng, randInt } from '../harness/engine/rng.js';
import { peephole } from '../variants/peephole.js';

const T = 6;
const B = 2;
const H = 4;
const X = 3;
const answerSteps = [2, 5];
const EPS = 1e-5;
const TOL_EXACT = 1e-12;
const TOL_FD = 1e-7;
const TOL_FAST_LOSS = 1e-6;
const TOL_FAST_GRAD = 1e-5;

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

type Tensors = Record<string, Float64Array>;

interface Forward {
  loss: number;
  h: Float64Array; // (T, B, H)
  c: Float64Array; // (T, B, H)
}

/** The oracle: peephole LSTM over T steps from zero state, readout and loss. */
function oracle(p: Tensors, x: Float64Array, targets: Float64Array, loss: LossKind, O: number): Forward {
  const G = 4 * H;
  const W = p.W!, b = p.b!, pf = p.p_f!, pi = p.p_i!, po = p.p_o!, outW = p['out.W']!, outB = p['out.b']!;
  const h = new Float64Array(T * B * H);
  const c = new Float64Array(T * B * H);
  const a = new Float64Array(G);
  let L = 0;
  const items = answerSteps.length * B;
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < B; s++) {
      const hp = (j: number) => (t === 0 ? 0 : h[((t - 1) * B + s) * H + j]!);
      const cp = (j: number) => (t === 0 ? 0 : c[((t - 1) * B + s) * H + j]!);
      for (let col = 0; col < G; col++) {
        let v = b[col]!;
        for (let k = 0; k < H; k++) v += hp(k) * W[k * G + col]!;
        for (let k = 0; k < X; k++) v += x[(t * B + s) * X + k]! * W[(H + k) * G + col]!;
        a[col] = v;
      }
      for (let j = 0; j < H; j++) {
        const f = sigmoid(a[j]! + pf[j]! * cp(j));
        const i = sigmoid(a[H + j]! + pi[j]! * cp(j));
        const g = Math.tanh(a[2 * H + j]!);
        const cn = f * cp(j) + i * g;
        const o = sigmoid(a[3 * H + j]! + po[j]! * cn);
        c[(t * B + s) * H + j] = cn;
        h[(t * B + s) * H + j] = o * Math.tanh(cn);
      }
    }
    const ans = answerSteps.indexOf(t);
    if (ans < 0) continue;
    for (let s = 0; s < B; s++) {
      const y = new Float64Array(O);
      for (let o = 0; o < O; o++) {
        let v = outB[o]!;
        for (let k = 0; k < H; k++) v += h[(t * B + s) * H + k]! * outW[k * O + o]!;
        y[o] = v;
      }
      const target = targets[ans * B + s]!;
      if (loss === 'mse') {
        L += (y[0]! - target) ** 2 / items;
      } else {
        let z = 0;
        for (let o = 0; o < O; o++) z += Math.exp(y[o]!);
        L += (Math.log(z) - y[target]!) / items;
      }
    }
  }
  return { loss: L, h, c };
}

/** Central differences of the oracle's loss with respect to every number of `v`. */
function centralDiff(v: Float64Array, f: () => number): Float64Array {
  const d = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i]!;
    v[i] = keep + EPS;
    const up = f();
    v[i] = keep - EPS;
    const down = f();
    v[i] = keep;
    d[i] = (up - down) / (2 * EPS);
  }
  return d;
}

/** n float32-representable numbers uniform in (−scale, scale). */
function f32Uniform(rng: () => number, n: number, scale: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.fround((2 * rng() - 1) * scale);
  return a;
}

function run(model: Model, p: Tensors, x: Float64Array, targets: Float64Array): number {
  for (const [name, v] of Object.entries(p)) model.heap.set(v, model.offset(name));
  model.setInputs(x, B);
  model.forward();
  const L = model.loss(targets);
  model.backward();
  return L;
}

function grad(model: Model, name: string): Float64Array {
  const spec = model.layout.specs.find((s) => s.name === name);
  const n = spec === undefined ? T * B * X : spec.rows * spec.cols; // 'x': dL/dx (T, B, X)
  const off = spec === undefined ? model.dx : model.offset(name, true);
  return Float64Array.from(model.heap.subarray(off, off + n));
}

describe('peephole matches an independent forward of its equations (non-zero peepholes)', () => {
  const worst = { exact: 0, fd: 0, fastLoss: 0, fastGrad: 0 };
  for (const loss of ['ce', 'mse'] as LossKind[]) {
    for (const seed of ['1', '2']) {
      it(`${loss}, seed ${seed}`, () => {
        const O = loss === 'ce' ? 3 : 1;
        const shape = { T, Bmax: B, H, X, O, answerSteps, loss, inputGrad: true };
        const ref = new Model(peephole, shape, new ReferenceKernels());
        const fast = new Model(peephole, shape, createFastKernels());
        expect(ref.layout.specs.map((s) => `${s.name} ${s.rows}×${s.cols}`)).toEqual([
          `W ${H + X}×${4 * H}`, `b 1×${4 * H}`, `p_f 1×${H}`, `p_i 1×${H}`, `p_o 1×${H}`, `out.W ${H}×${O}`, `out.b 1×${O}`,
        ]);
        const rng = makeRng(`peephole-reference/${loss}/${seed}`);
        const p: Tensors = {};
        for (const s of ref.layout.specs) p[s.name] = f32Uniform(rng, s.rows * s.cols, 1);
        for (const name of ['p_f', 'p_i', 'p_o']) expect(p[name]!.every((v) => Math.abs(v) > 0.01), `${name} non-zero`).toBe(true);
        const x = f32Uniform(rng, T * B * X, 1.5);
        const targets = new Float64Array(answerSteps.length * B);
        for (let i = 0; i < targets.length; i++) targets[i] = loss === 'ce' ? randInt(rng, 0, O) : Math.fround(2 * rng() - 1);

        const want = oracle(p, x, targets, loss, O);
        const Lref = run(ref, p, x, targets);
        let exact = Math.abs(Lref - want.loss) / Math.abs(want.loss);
        expect(exact, `loss ${Lref} vs oracle ${want.loss}`).toBeLessThanOrEqual(TOL_EXACT);
        for (let t = 0; t < T; t++) {
          for (const [cell, all] of [[false, want.h], [true, want.c]] as const) {
            const off = cell ? ref.cAt(t) : ref.hAt(t);
            const got = ref.heap.subarray(off, off + B * H);
            const w = all.subarray(t * B * H, (t + 1) * B * H);
            for (let i = 0; i < B * H; i++) exact = Math.max(exact, Math.abs(got[i]! - w[i]!));
            expect(exact, `${cell ? 'c' : 'h'}_${t}`).toBeLessThanOrEqual(TOL_EXACT);
          }
        }

        const Lfast = run(fast, p, x, targets);
        const fastLoss = Math.abs(Lfast - want.loss) / Math.abs(want.loss);
        expect(fastLoss, `fast loss ${Lfast} vs oracle ${want.loss}`).toBeLessThanOrEqual(TOL_FAST_LOSS);

        let fd = 0;
        let fastGrad = 0;
        for (const name of [...ref.layout.specs.map((s) => s.name), 'x']) {
          const v = name === 'x' ? x : p[name]!;
          const numeric = centralDiff(v, () => oracle(p, x, targets, loss, O).loss);
          expect(numeric.some((d) => Math.abs(d) > 1e-6), `d${name} is not all zero`).toBe(true);
          const e = normwiseRelError(grad(ref, name), numeric);
          expect(e, `reference d${name} vs finite differences of the oracle`).toBeLessThanOrEqual(TOL_FD);
          const ef = normwiseRelError(grad(fast, name), numeric);
          expect(ef, `fast d${name} vs finite differences of the oracle`).toBeLessThanOrEqual(TOL_FAST_GRAD);
          fd = Math.max(fd, e);
          fastGrad = Math.max(fastGrad, ef);
        }
        worst.exact = Math.max(worst.exact, exact);
        worst.fd = Math.max(worst.fd, fd);
        worst.fastLoss = Math.max(worst.fastLoss, fastLoss);
        worst.fastGrad = Math.max(worst.fastGrad, fastGrad);
      });
    }
  }
  afterAll(() => {
    console.log(
      `peephole vs oracle: reference states/loss ${worst.exact.toExponential(2)}, reference grads vs FD ${worst.fd.toExponential(2)}, ` +
        `fast loss ${worst.fastLoss.toExponential(2)}, fast grads vs FD ${worst.fastGrad.toExponential(2)}`,
    );
  });
});
