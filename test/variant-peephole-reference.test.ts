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
import { describe, expect, it } from 'vitest';
import type { LossKind } from '../harness/engine/model.js';
import { expectModelsMatchOracle, oracleProblem, readoutLoss, worstCaseLog, type OracleForward, type Tensors } from './helpers/oracle.js';
import { peephole } from '../variants/peephole.js';

const T = 6;
const B = 2;
const H = 4;
const X = 3;
const answerSteps = [2, 5];

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The oracle: peephole LSTM over T steps from zero state, readout and loss. */
function oracle(p: Tensors, x: Float64Array, targets: Float64Array, loss: LossKind, O: number): OracleForward {
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
    if (ans >= 0) L += readoutLoss(h.subarray(t * B * H, (t + 1) * B * H), targets.subarray(ans * B, (ans + 1) * B), outW, outB, H, O, loss) / items;
  }
  return { loss: L, h, c };
}

describe('peephole matches an independent forward of its equations (non-zero peepholes)', () => {
  const record = worstCaseLog('peephole');
  for (const loss of ['ce', 'mse'] as LossKind[]) {
    for (const seed of ['1', '2']) {
      it(`${loss}, seed ${seed}`, () => {
        const pb = oracleProblem(peephole, `peephole-reference/${loss}/${seed}`, { T, B, H, X, answerSteps }, loss);
        const { O, ref, p, x, targets } = pb;
        expect(ref.layout.specs.map((s) => `${s.name} ${s.rows}×${s.cols}`)).toEqual([
          `W ${H + X}×${4 * H}`, `b 1×${4 * H}`, `p_f 1×${H}`, `p_i 1×${H}`, `p_o 1×${H}`, `out.W ${H}×${O}`, `out.b 1×${O}`,
        ]);
        for (const name of ['p_f', 'p_i', 'p_o']) expect(p[name]!.every((v) => Math.abs(v) > 0.01), `${name} non-zero`).toBe(true);

        record(expectModelsMatchOracle(pb, () => oracle(p, x, targets, loss, O)));
      });
    }
  }
});
