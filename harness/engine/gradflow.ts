/**
 * Gradient-flow diagnostics: how much of the loss gradient at the first
 * answer step reaches the state d steps earlier. A vanilla rnn's ‖∂L/∂h‖
 * decays geometrically with d (vanishing gradients); the lstm family's cell
 * state carries it across the gap.
 */
import type { Model } from './model.js';

export interface GradflowPoint {
  /** Steps before the first answer step (0 = the answer step itself). */
  readonly distance: number;
  readonly state: 'h' | 'c';
  /** Batch mean of ‖∂L/∂state_t‖, L the loss at the first answer step. */
  readonly grad_norm: number;
  /** On `h` points: the variant's keep/update gate name (`f`, `z`) and its mean activation at that step. */
  readonly gate?: string;
  readonly gate_mean?: number;
}

/**
 * Measures gradient norms against distance on one batch, without touching
 * the parameters (the gradient buffer is overwritten).
 *   inputs (T, B, X), targets (A_s, B).
 */
export function measureGradflow(model: Model, inputs: Float64Array, targets: Float64Array, B: number): GradflowPoint[] {
  const { T, answerSteps } = model.shape;
  const a0 = answerSteps[0]!;
  model.setInputs(inputs, B);
  model.forward();
  model.loss(targets);
  model.keepOnlyAnswer(0);
  const dh = new Float64Array(T);
  const dc = model.variant.hasCell ? new Float64Array(T) : null;
  model.backward({ dh, dc });
  const gate = model.variant.gate;
  const points: GradflowPoint[] = [];
  for (let t = a0; t >= 0; t--) {
    const distance = a0 - t;
    points.push(
      gate === undefined
        ? { distance, state: 'h', grad_norm: dh[t]! }
        : { distance, state: 'h', grad_norm: dh[t]!, gate: gate.name, gate_mean: model.gateMean(t) },
    );
    if (dc !== null) points.push({ distance, state: 'c', grad_norm: dc[t]! });
  }
  return points;
}
