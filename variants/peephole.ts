/**
 * peephole — LSTM whose gates also look at the cell state (Gers &
 * Schmidhuber 2000; diagonal peepholes as in Greff et al. 2015).
 *
 *   f = σ(W_f·[h₋, x] + p_f * c₋ + b_f)
 *   i = σ(W_i·[h₋, x] + p_i * c₋ + b_i)
 *   ĉ = tanh(W_c·[h₋, x] + b_c)
 *   c = f * c₋ + i * ĉ
 *   o = σ(W_o·[h₋, x] + p_o * c + b_o)     o sees the NEW cell state
 *   h = o * tanh(c)
 *
 * Shapes: W (H+X, 4H) packed [f | i | ĉ | o], b (4H) with b_f = 1,
 * p_f, p_i, p_o (H) initialised U(±1/√H). With zero peepholes it is lstm.
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';
import { forgetGate, lstmBackward, lstmCacheSize, lstmForward, lstmParams, lstmScratchSize, type LstmShape } from './lstm-step.js';

const shape: LstmShape = { G: 4, peephole: true };

export const peephole = {
  name: 'peephole',
  summary: 'LSTM with diagonal peepholes: f and i see c₋, o sees the new c',
  equations: [
    'f = σ(W_f·[h₋, x] + p_f * c₋ + b_f)',
    'i = σ(W_i·[h₋, x] + p_i * c₋ + b_i)',
    'ĉ = tanh(W_c·[h₋, x] + b_c)',
    'c = f * c₋ + i * ĉ',
    'o = σ(W_o·[h₋, x] + p_o * c + b_o)',
    'h = o * tanh(c)',
  ],
  hasCell: true,
  params: (H: number, X: number): readonly ParamSpec[] => lstmParams(shape, H, X),
  cacheSize: lstmCacheSize(4),
  scratchSize: lstmScratchSize(4),
  gate: forgetGate(4),
  forward: (k: Kernels, s: StepView): void => lstmForward(shape, k, s),
  backward: (k: Kernels, s: StepView): void => lstmBackward(shape, k, s),
} satisfies Variant;
