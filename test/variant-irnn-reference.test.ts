/**
 * `irnn` computes h = relu(W_h·h₋ + W_x·x + b) and starts from W_h = I,
 * b = 0 (Le, Jaitly & Hinton 2015). An independent plain-TS float64 forward,
 * written straight from that equation (one loop per unit, no kernels, no
 * arena), is the oracle:
 *   pre_j = b_j + Σ_k h₋_k·W_h[k, j] + Σ_k x_k·W_x[k, j]   (W_h (H, H), W_x (X, H), row-major)
 *   h = max(pre, 0), y = h·out.W + out.b at the answer steps; loss ce (softmax,
 *   mean over A_s·B) or mse (mean, no ½).
 *
 * Checked, per seed and loss:
 * - reference backend: every h_t and the loss equal the oracle's to 1e-12
 *   (both float64, same function; only the order of additions differs);
 * - reference backend: the gradient of every tensor (W_h, W_x, b, out.W, out.b
 *   and the inputs x) equals central differences of the ORACLE's loss,
 *   normwise ≤ 1e-7 (ε = 1e-5 leaves ~1e-10; relu's kink is kept out of reach:
 *   every pre-activation is asserted ≥ 1e-3 away from 0, and some units are
 *   off, so the relu really cuts);
 * - fast backend (float32): loss within 1e-6 relative and every gradient
 *   within 1e-5 normwise of the same finite differences (float32 roundoff
 *   over T = 6 steps); parameters and inputs are float32 numbers from the start.
 * (Its init, W_h = I and b = 0, is checked in variant-init-chrono-defaults.)
 */
import { describe, expect, it } from 'vitest';
import type { LossKind } from '../harness/engine/model.js';
import { expectModelsMatchOracle, oracleProblem, readoutLoss, worstCaseLog, type OracleForward, type Tensors } from './helpers/oracle.js';
import { irnn } from '../variants/irnn.js';

const T = 6;
const B = 3;
const H = 5;
const X = 3;
const answerSteps = [2, 5];
const KINK_MARGIN = 1e-3;

interface Forward extends OracleForward {
  readonly pre: Float64Array; // (T, B, H) pre-activations
}

/** The oracle: ReLU RNN over T steps from zero state, readout and loss. */
function oracle(p: Tensors, x: Float64Array, targets: Float64Array, loss: LossKind, O: number): Forward {
  const Wh = p.W_h!, Wx = p.W_x!, b = p.b!, outW = p['out.W']!, outB = p['out.b']!;
  const h = new Float64Array(T * B * H);
  const pre = new Float64Array(T * B * H);
  let L = 0;
  const items = answerSteps.length * B;
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < B; s++) {
      for (let j = 0; j < H; j++) {
        let v = b[j]!;
        if (t > 0) for (let k = 0; k < H; k++) v += h[((t - 1) * B + s) * H + k]! * Wh[k * H + j]!;
        for (let k = 0; k < X; k++) v += x[(t * B + s) * X + k]! * Wx[k * H + j]!;
        pre[(t * B + s) * H + j] = v;
        h[(t * B + s) * H + j] = v > 0 ? v : 0;
      }
    }
    const ans = answerSteps.indexOf(t);
    if (ans >= 0) L += readoutLoss(h.subarray(t * B * H, (t + 1) * B * H), targets.subarray(ans * B, (ans + 1) * B), outW, outB, H, O, loss) / items;
  }
  return { loss: L, h, pre };
}

describe('irnn matches an independent forward of h = relu(W_h·h₋ + W_x·x + b)', () => {
  const record = worstCaseLog('irnn');
  for (const loss of ['ce', 'mse'] as LossKind[]) {
    for (const seed of ['1', '2']) {
      it(`${loss}, seed ${seed}`, () => {
        const pb = oracleProblem(irnn, `irnn-reference/${loss}/${seed}`, { T, B, H, X, answerSteps }, loss);
        const { O, ref, p, x, targets } = pb;
        expect(ref.layout.specs.map((s) => `${s.name} ${s.rows}×${s.cols}`)).toEqual([
          `W_h ${H}×${H}`, `W_x ${X}×${H}`, `b 1×${H}`, `out.W ${H}×${O}`, `out.b 1×${O}`,
        ]);
        // A non-symmetric, non-identity W_h: a transposed product would show.
        expect(p.W_h![1]).not.toBe(p.W_h![H]);

        const want = oracle(p, x, targets, loss, O);
        const off = want.pre.filter((v) => v < 0).length;
        expect(off, 'some units are cut by relu').toBeGreaterThan(want.pre.length / 10);
        expect(off, 'some units are active').toBeLessThan((want.pre.length * 9) / 10);
        expect(Math.min(...want.pre.map(Math.abs)), 'no pre-activation near the relu kink').toBeGreaterThan(KINK_MARGIN);

        record(expectModelsMatchOracle(pb, () => oracle(p, x, targets, loss, O)));
      });
    }
  }
});
