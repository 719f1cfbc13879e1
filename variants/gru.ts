/**
 * gru — gated recurrent unit (Cho et al. 2014), reset applied BEFORE the
 * product and the update written as the seed document writes it.
 *
 *   z = σ(W_z·[h₋, x] + b_z)          update gate
 *   r = σ(W_r·[h₋, x] + b_r)          reset gate
 *   ĥ = tanh(W·[r * h₋, x] + b)       candidate
 *   h = (1 − z) * h₋ + z * ĥ
 *
 * Shapes: W_zr (H+X, 2H) packed [z | r], b_zr (2H); W_h (H+X, H), b_h (H).
 * Two products per step: the candidate needs r * h₋ first.
 * Cache per step: zr (B, 2H) gate values, rh (B, H) = r * h₋, hc (B, H) = ĥ.
 * Scratch: dzr (B, 2H), dhc (B, H), drh (B, H).
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';

export const gru = {
  name: 'gru',
  summary: 'GRU (Cho 2014): update z, reset r before the product, h = (1 − z)·h₋ + z·ĥ',
  equations: [
    'z = σ(W_z·[h₋, x] + b_z)',
    'r = σ(W_r·[h₋, x] + b_r)',
    'ĥ = tanh(W·[r * h₋, x] + b)',
    'h = (1 − z) * h₋ + z * ĥ',
  ],
  hasCell: false,
  params(H: number, X: number): readonly ParamSpec[] {
    return [
      { name: 'W_zr', rows: H + X, cols: 2 * H, init: { kind: 'uniform' } },
      { name: 'b_zr', rows: 1, cols: 2 * H, init: { kind: 'zeros' } },
      { name: 'W_h', rows: H + X, cols: H, init: { kind: 'uniform' } },
      { name: 'b_h', rows: 1, cols: H, init: { kind: 'zeros' } },
    ];
  },
  cacheSize: (B: number, H: number) => 4 * B * H,
  scratchSize: (B: number, H: number) => 4 * B * H,
  /** The update gate z is block 0 of the cached zr (B, 2H). */
  gate: { name: 'z', rowStride: (H: number) => 2 * H, col: () => 0 },

  forward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    const Wzr = s.p.W_zr!;
    const Wh = s.p.W_h!;
    const zr = s.cache;
    const rh = zr + 2 * B * H;
    const hc = rh + B * H;
    k.affine(B, 2 * H, H, s.hPrev, Wzr, X, s.x, Wzr + H * 2 * H, s.p.b_zr!, zr); // [z | r] pre-activations
    k.gruGatesForward(B, H, zr, s.hPrev, rh); // z, r, r * h₋
    k.affine(B, H, H, rh, Wh, X, s.x, Wh + H * H, s.p.b_h!, hc); // W·[r * h₋, x] + b
    k.gruOutputForward(B, H, zr, hc, s.hPrev, s.h); // ĥ, h
  },

  // Backward is forward reversed: output mix, candidate product, gates product.
  backward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    const Wzr = s.p.W_zr!;
    const Wh = s.p.W_h!;
    const gWzr = s.g.W_zr!;
    const gWh = s.g.W_h!;
    const zr = s.cache;
    const rh = zr + 2 * B * H;
    const hc = rh + B * H;
    const dzr = s.scratch;
    const dhc = dzr + 2 * B * H;
    const drh = dhc + B * H;
    k.gruOutputBackward(B, H, zr, hc, s.hPrev, s.dh, dzr, dhc, s.dhPrev);
    k.sumRows(B, H, dhc, s.g.b_h!);
    k.gemmTN(H, H, B, rh, dhc, gWh);
    k.gemmTN(X, H, B, s.x, dhc, gWh + H * H);
    k.gemmNT(B, H, H, dhc, Wh, drh, 0); // dL/d(r * h₋)
    if (s.dx >= 0) k.gemmNT(B, X, H, dhc, Wh + H * H, s.dx, 1);
    k.gruGatesBackward(B, H, zr, s.hPrev, drh, dzr, s.dhPrev);
    k.sumRows(B, 2 * H, dzr, s.g.b_zr!);
    k.gemmTN(H, 2 * H, B, s.hPrev, dzr, gWzr);
    k.gemmTN(X, 2 * H, B, s.x, dzr, gWzr + H * 2 * H);
    k.gemmNT(B, H, 2 * H, dzr, Wzr, s.dhPrev, 1);
    if (s.dx >= 0) k.gemmNT(B, X, 2 * H, dzr, Wzr + H * 2 * H, s.dx, 1);
  },
} satisfies Variant;
