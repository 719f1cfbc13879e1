/**
 * irnn — ReLU RNN with identity-initialised recurrent weights (Le, Jaitly &
 * Hinton 2015): at init the recurrent Jacobian is the identity on active
 * units, so the state carries forward (each step's input added) and the
 * gradient crosses each step unscaled wherever a unit stays active, until
 * training moves W_h.
 *
 *   h = relu(W_h·h₋ + W_x·x + b)
 *
 * Shapes: W_h (H, H) = I at init, W_x (X, H) U(±1/√H), b (H) = 0.
 * Per step the pre-activation is written straight into h. Scratch: dpre (B, H).
 * ReLU is a plain loop over the heap (no transcendental, so no kernel needed).
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';

export const irnn = {
  name: 'irnn',
  summary: 'ReLU RNN with identity-initialised recurrent weights (IRNN, Le et al. 2015)',
  equations: ['h = relu(W_h·h₋ + W_x·x + b),  W_h = I at init'],
  hasCell: false,
  params(H: number, X: number): readonly ParamSpec[] {
    return [
      { name: 'W_h', rows: H, cols: H, init: { kind: 'identity-top' } },
      { name: 'W_x', rows: X, cols: H, init: { kind: 'uniform' } },
      { name: 'b', rows: 1, cols: H, init: { kind: 'zeros' } },
    ];
  },
  cacheSize: () => 0,
  scratchSize: (B: number, H: number) => B * H,

  forward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    k.affine(B, H, H, s.hPrev, s.p.W_h!, X, s.x, s.p.W_x!, s.p.b!, s.h);
    const m = k.heap;
    for (let i = s.h, end = s.h + B * H; i < end; i++) if (m[i]! < 0) m[i] = 0; // relu; NaN passes through so divergence is seen
  },

  // Backward is forward reversed: relu, bias, the two products.
  backward(k: Kernels, s: StepView): void {
    const { B, H, X } = s;
    const dpre = s.scratch;
    const m = k.heap;
    for (let i = 0; i < B * H; i++) m[dpre + i] = m[s.h + i]! > 0 ? m[s.dh + i]! : 0;
    k.sumRows(B, H, dpre, s.g.b!);
    k.gemmTN(H, H, B, s.hPrev, dpre, s.g.W_h!);
    k.gemmTN(X, H, B, s.x, dpre, s.g.W_x!);
    k.gemmNT(B, H, H, dpre, s.p.W_h!, s.dhPrev, 1);
    if (s.dx >= 0) k.gemmNT(B, X, H, dpre, s.p.W_x!, s.dx, 1);
  },
} satisfies Variant;
