/**
 * coupled — LSTM with coupled input and forget gates (CIFG): new information
 * is written exactly where old information is forgotten.
 *
 *   f = σ(W_f·[h₋, x] + b_f)
 *   i = 1 − f                          no input-gate weights
 *   ĉ = tanh(W_c·[h₋, x] + b_c)
 *   c = f * c₋ + (1 − f) * ĉ
 *   o = σ(W_o·[h₋, x] + b_o)
 *   h = o * tanh(c)
 *
 * Shapes: W (H+X, 3H) packed [f | ĉ | o], b (3H) with b_f = 1.
 */
import type { Kernels, ParamSpec, StepView, Variant } from '../harness/engine/types.js';
import { forgetGate, lstmBackward, lstmCacheSize, lstmForward, lstmParams, lstmScratchSize, type LstmShape } from './lstm-step.js';

const shape: LstmShape = { G: 3, peephole: false };

export const coupled = {
  name: 'coupled',
  summary: 'coupled input-forget gate LSTM (CIFG): i = 1 − f',
  equations: [
    'f = σ(W_f·[h₋, x] + b_f)',
    'i = 1 − f',
    'ĉ = tanh(W_c·[h₋, x] + b_c)',
    'c = f * c₋ + i * ĉ',
    'o = σ(W_o·[h₋, x] + b_o)',
    'h = o * tanh(c)',
  ],
  hasCell: true,
  params: (H: number, X: number): readonly ParamSpec[] => lstmParams(shape, H, X),
  cacheSize: lstmCacheSize(3),
  scratchSize: lstmScratchSize(3),
  gate: forgetGate(3),
  forward: (k: Kernels, s: StepView): void => lstmForward(shape, k, s),
  backward: (k: Kernels, s: StepView): void => lstmBackward(shape, k, s),
} satisfies Variant;
