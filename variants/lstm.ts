/**
 * lstm — long short-term memory with a forget gate (seed document, steps 1–4).
 *
 *   f = σ(W_f·[h₋, x] + b_f)        forget gate
 *   i = σ(W_i·[h₋, x] + b_i)        input gate
 *   ĉ = tanh(W_c·[h₋, x] + b_c)     candidate
 *   c = f * c₋ + i * ĉ              cell state: the linear "conveyor belt"
 *   o = σ(W_o·[h₋, x] + b_o)        output gate
 *   h = o * tanh(c)
 *
 * Shapes: W (H+X, 4H) packed as [f | i | ĉ | o], b (4H) with b_f = 1.
 * The step itself lives in lstm-step.ts, shared with peephole and coupled.
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';
import { forgetGate, lstmBackward, lstmCacheSize, lstmForward, lstmParams, lstmScratchSize, type LstmShape } from './lstm-step.js';

const shape: LstmShape = { G: 4, peephole: false };

export const lstm = {
  name: 'lstm',
  summary: 'LSTM with forget gate: cell state c carried by f·c₋ + i·ĉ',
  equations: [
    'f = σ(W_f·[h₋, x] + b_f)',
    'i = σ(W_i·[h₋, x] + b_i)',
    'ĉ = tanh(W_c·[h₋, x] + b_c)',
    'c = f * c₋ + i * ĉ',
    'o = σ(W_o·[h₋, x] + b_o)',
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
