/**
 * rnn — the vanilla (Elman) recurrent cell.
 *
 *   h = tanh(W·[h₋, x] + b)
 *
 * Shapes: W (H+X, H) — rows 0..H−1 multiply h₋, rows H..H+X−1 multiply x;
 * b (H). Per step the pre-activation is written straight into h.
 * Scratch: dpre (B, H).
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';

export const rnn = {
  name: 'rnn',
  summary: 'vanilla tanh RNN: one layer, no gates; the baseline that forgets',
  equations: ['h = tanh(W·[h₋, x] + b)'],
  hasCell: false,
  params(H: number, X: number): readonly ParamSpec[] {
    return [
      { name: 'W', rows: H + X, cols: H, init: { kind: 'uniform' } },
      { name: 'b', rows: 1, cols: H, init: { kind: 'zeros' } },
    ];
  },
  cacheSize: () => 0,
  scratchSize: (B: number, H: number) => B * H,

  forward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    const W = s.p.W!;
    k.affine(B, H, H, s.hPrev, W, X, s.x, W + H * H, s.p.b!, s.h); // W_h·h₋ + W_x·x + b
    k.rnnForward(B * H, s.h, s.h); // h = tanh(.)
  },

  // Backward is forward reversed: tanh, bias, the two products.
  backward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    const W = s.p.W!;
    const gW = s.g.W!;
    const dpre = s.scratch;
    k.rnnBackward(B * H, s.h, s.dh, dpre);
    k.sumRows(B, H, dpre, s.g.b!);
    k.gemmTN(H, H, B, s.hPrev, dpre, gW);
    k.gemmTN(X, H, B, s.x, dpre, gW + H * H);
    k.gemmNT(B, H, H, dpre, W, s.dhPrev, 1);
    if (s.dx >= 0) k.gemmNT(B, X, H, dpre, W + H * H, s.dx, 1);
  },
} satisfies Variant;
