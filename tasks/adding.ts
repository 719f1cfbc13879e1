/**
 * `adding` (Hochreiter & Schmidhuber 1997, in the form of Arjovsky et al.
 * 2016 and Le et al. 2015): add the two marked numbers of a sequence.
 *
 * Gap g ≥ 2. Length T = g (the first marker can be as far as T − 1 steps
 * from the answer). Input X = 2 channels:
 *   x[0] a value U[0, 1) at every step
 *   x[1] 1 at exactly two steps, one uniform in [0, ⌊T/2⌋), one uniform in
 *        [⌊T/2⌋, T); 0 elsewhere
 * Target: the sum of the two marked values, read at the single answer step
 * T − 1. Output O = 1, loss MSE (mean over the batch, no ½). Accuracy rule:
 * |ŷ − y| < 0.04.
 *
 * Chance: the best input-blind predictor outputs the mode of the target.
 * The target S = U₁ + U₂ of two independent U[0, 1] has the triangular
 * density 1 − |s − 1| on [0, 2], maximal at 1, so the constant 1 wins and
 *   P(|S − 1| < 0.04) = ∫_{−0.04}^{0.04} (1 − |u|) du = 1 − 0.96² = 0.0784,
 * whatever the gap.
 *
 * Worked example, g = T = 6 (⌊T/2⌋ = 3; markers in [0, 3) and [3, 6)):
 *
 *   step t       0     1     2     3     4     5
 *   x[0] value   0.31  0.87  0.12  0.54  0.95  0.46
 *   x[1] marker  .     1     .     .     1     .
 *   target                                     1.82   (0.87 + 0.95, answer step 5)
 *
 * In a batch of N sequences the target of sequence n is `targets[n]`.
 *
 * Draw order: sequence by sequence, its T values in step order, then the
 * first marker position, then the second. So `batch(rng, g, N)` draws the
 * same sequences as N calls of `batch(rng, g, 1)`.
 */
import { randInt, type Rng } from '../harness/engine/rng.js';
import type { Task, TaskDefinition } from './types.js';
import { checkBatch, checkGap, resolveOptions, type OptionRule } from './validate.js';

const NAME = 'adding';
const MIN_GAP = 2;
const SUMMARY = 'sum of the two marked U[0,1] values of a length-g sequence (one marker per half), read at the last step; correct if |error| < 0.04';
/** Accuracy rule: a readout is correct when |ŷ − y| < TOLERANCE. */
const TOLERANCE = 0.04;
/** Input width: value, marker. */
const X = 2;
const VALUE = 0;
const MARKER = 1;

const defaults = {} as const satisfies Record<string, number>;
const rules: Record<never, OptionRule> = {};

function create(options?: Readonly<Record<string, number>>): Task {
  const resolved = resolveOptions(NAME, defaults, rules, options);

  return {
    name: NAME,
    summary: SUMMARY,
    options: resolved,
    inputWidth: X,
    outputWidth: 1,
    loss: 'mse',
    minGap: MIN_GAP,

    length(gap: number): number {
      checkGap(NAME, MIN_GAP, gap);
      return gap;
    },

    answerSteps(gap: number): readonly number[] {
      checkGap(NAME, MIN_GAP, gap);
      return [gap - 1];
    },

    chance(gap: number): number {
      checkGap(NAME, MIN_GAP, gap);
      // Triangular density of U₁ + U₂ integrated over 1 ± TOLERANCE (header).
      return 1 - (1 - TOLERANCE) ** 2;
    },

    correct(output: ArrayLike<number>, off: number, target: number): boolean {
      const y = output[off];
      if (y === undefined) {
        throw new RangeError(`task "adding": readout has ${output.length} numbers but the accuracy rule reads offset ${off}; pass the offset of one answer step's readout`);
      }
      // NaN compares false, so a diverged readout is never correct.
      return Math.abs(y - target) < TOLERANCE;
    },

    batch(rng: Rng, gap: number, size: number, inputs: Float64Array, targets: Float64Array): void {
      checkGap(NAME, MIN_GAP, gap);
      const T = gap;
      const N = size;
      const half = Math.floor(T / 2);
      checkBatch(NAME, gap, size, inputs, targets, T, X, 1);
      // inputs [T × N × X]; every entry is written below (value and marker).
      for (let n = 0; n < N; n++) {
        for (let t = 0; t < T; t++) {
          const o = (t * N + n) * X;
          inputs[o + VALUE] = rng();
          inputs[o + MARKER] = 0;
        }
        const first = randInt(rng, 0, half);
        const second = randInt(rng, half, T);
        inputs[(first * N + n) * X + MARKER] = 1;
        inputs[(second * N + n) * X + MARKER] = 1;
        targets[n] = (inputs[(first * N + n) * X + VALUE] as number) + (inputs[(second * N + n) * X + VALUE] as number);
      }
    },
  };
}

export const adding: TaskDefinition = {
  name: NAME,
  summary: SUMMARY,
  defaults,
  create,
};
