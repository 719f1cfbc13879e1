/**
 * `delayed-recall`: remember one symbol across g distractor symbols drawn
 * from the same alphabet, and name it when cued.
 *
 * Gap g ≥ 1. Length T = g + 2:
 *   step 0         the symbol to remember, uniform over 0 … A−1
 *   steps 1 … g    distractors, each uniform over 0 … A−1 (may repeat the symbol)
 *   step g+1       the cue; the single answer step, target = the step-0 symbol
 * Input channels (one-hot, X = A + 1): symbols 0 … A−1, cue A.
 * Output: O = A classes, softmax cross-entropy at the cue.
 * Chance: 1/A (the target is uniform and independent of anything a
 * predictor blind to step 0 could use).
 *
 * Worked example, A = 4, g = 3 (T = 5; `?` cue):
 *
 *   step t          0  1  2  3  4
 *   symbol          2  1  2  0  ?
 *   x[0] symbol 0   .  .  .  1  .
 *   x[1] symbol 1   .  1  .  .  .
 *   x[2] symbol 2   1  .  1  .  .
 *   x[3] symbol 3   .  .  .  .  .
 *   x[4] cue        .  .  .  .  1
 *   target                      2    (the step-0 symbol, answer step 4)
 *
 * In a batch of N sequences the target of sequence n is `targets[n]`.
 *
 * Draw order: sequence by sequence, the symbol, then its g distractors in
 * step order. So `batch(rng, g, N)` draws the same sequences as N calls of
 * `batch(rng, g, 1)`.
 */
import { randInt, type Rng } from '../harness/engine/rng.js';
import type { Task, TaskDefinition } from './types.js';
import { argmax, checkBatch, checkGap, resolveOptions, type OptionRule } from './validate.js';

const NAME = 'delayed-recall';
const MIN_GAP = 1;
const SUMMARY = 'one symbol (of A = 8), g random distractor symbols, then a cue: output the first symbol; chance 1/A';

const defaults = { alphabet: 8 } as const satisfies Record<string, number>;
type RecallOption = keyof typeof defaults;

const rules: Record<RecallOption, OptionRule> = {
  alphabet: { min: 2, max: 1024, meaning: 'alphabet size A' },
};

function create(options?: Readonly<Record<string, number>>): Task {
  const resolved = resolveOptions(NAME, defaults, rules, options);
  const A = resolved.alphabet;
  const X = A + 1;
  const CUE = A;

  return {
    name: NAME,
    summary: SUMMARY,
    options: resolved,
    inputWidth: X,
    outputWidth: A,
    loss: 'ce',
    minGap: MIN_GAP,

    length(gap: number): number {
      checkGap(NAME, MIN_GAP, gap);
      return gap + 2;
    },

    answerSteps(gap: number): readonly number[] {
      checkGap(NAME, MIN_GAP, gap);
      return [gap + 1];
    },

    chance(gap: number): number {
      checkGap(NAME, MIN_GAP, gap);
      return 1 / A;
    },

    correct(output: ArrayLike<number>, off: number, target: number): boolean {
      return argmax(output, off, A) === target;
    },

    batch(rng: Rng, gap: number, size: number, inputs: Float64Array, targets: Float64Array): void {
      checkGap(NAME, MIN_GAP, gap);
      const T = gap + 2;
      const N = size;
      checkBatch(NAME, gap, size, inputs, targets, T, X, 1);
      // inputs [T × N × X]; buffers are reused, so clear the whole prefix first.
      inputs.fill(0, 0, T * N * X);
      for (let n = 0; n < N; n++) {
        const s = randInt(rng, 0, A);
        inputs[n * X + s] = 1;
        targets[n] = s;
        for (let t = 1; t <= gap; t++) inputs[(t * N + n) * X + randInt(rng, 0, A)] = 1;
        inputs[((gap + 1) * N + n) * X + CUE] = 1;
      }
    },
  };
}

export const delayedRecall: TaskDefinition = {
  name: NAME,
  summary: SUMMARY,
  defaults,
  create,
};
