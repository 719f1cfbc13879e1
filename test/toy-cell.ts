/**
 * A toy cell for driver tests, small enough to run by hand:
 *   h = a·h₋ + x        (H = X, elementwise; one scalar parameter a)
 * No cache, no scratch: backward reads h₋ from the driver's state history.
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';

export const toyCell = {
  name: 'toy',
  summary: 'h = a·h₋ + x (test only)',
  equations: ['h = a·h₋ + x'],
  hasCell: false,
  params(H: number, X: number): readonly ParamSpec[] {
    if (H !== X) throw new Error(`toy cell needs H = X, got H = ${H}, X = ${X}`);
    return [{ name: 'a', rows: 1, cols: 1, init: { kind: 'zeros' } }];
  },
  cacheSize: () => 0,
  scratchSize: () => 0,
  forward(k: Kernels, s: StepView): void {
    const m = k.heap;
    const a = m[s.p.a!]!;
    for (let n = 0; n < s.B * s.H; n++) m[s.h + n] = a * m[s.hPrev + n]! + m[s.x + n]!;
  },
  backward(k: Kernels, s: StepView): void {
    const m = k.heap;
    const a = m[s.p.a!]!;
    for (let n = 0; n < s.B * s.H; n++) {
      const dh = m[s.dh + n]!;
      m[s.dhPrev + n]! += a * dh; // dL/dh₋
      m[s.g.a!]! += dh * m[s.hPrev + n]!; // dL/da
      if (s.dx >= 0) m[s.dx + n]! += dh; // dL/dx
    }
  },
} satisfies Variant;
