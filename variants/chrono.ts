/**
 * Chrono initialisation for the lstm family (Tallec & Ollivier 2018), as a
 * variant option rather than a fork: the same cell, with the packed bias b
 * initialised b_f ~ log U[1, T_max − 1], b_i = −b_f (other gates 0; no b_i
 * when the input gate is 1 − f), T_max the cell's sequence length. Forget
 * gates then start open on time scales up to the whole sequence instead of
 * σ(1) ≈ 0.73 per step.
 */
import type { ParamSpec, Variant } from '../harness/engine/types.js';

/** `base` with chrono bias init; `input` is the input-gate block, null when i = 1 − f. */
export function withChronoInit(base: Variant, input: number | null): Variant {
  return {
    ...base,
    name: `${base.name}-chrono`,
    summary: `${base.name} with chrono init: b_f ~ log U[1, T_max − 1]${input === null ? ' (i = 1 − f)' : ', b_i = −b_f'} (Tallec & Ollivier 2018)`,
    params(H: number, X: number): readonly ParamSpec[] {
      return base.params(H, X).map((s) =>
        s.name === 'b' ? { ...s, init: { kind: 'chrono', blocks: s.cols / H, forget: 0, input } } : s,
      );
    },
  };
}
