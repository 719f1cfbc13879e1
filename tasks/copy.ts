/**
 * `copy` (Arjovsky, Shah & Bengio 2016): remember K symbols across a gap and
 * replay them in order after a delimiter.
 *
 * Gap g ≥ 1. Length T = 2K + g:
 *   steps 0 … K−1            the K symbols, uniform over the alphabet 0 … A−1
 *   steps K … K+g−2          blank (g − 1 steps)
 *   step  K+g−1              delimiter
 *   steps K+g … 2K+g−1       blank; the answer steps, target = symbol k at step K+g+k
 * Input channels (one-hot, X = A + 2): symbols 0 … A−1, blank A, delimiter A+1.
 * Output: O = A classes, softmax cross-entropy over the K answer steps.
 * Chance: 1/A (no input-blind predictor beats a fixed symbol).
 *
 * Worked example, A = 4, K = 3, g = 2 (T = 8; `_` blank, `>` delimiter):
 *
 *   step t           0  1  2  3  4  5  6  7
 *   symbol           2  0  3  _  >  _  _  _
 *   x[0] symbol 0    .  1  .  .  .  .  .  .
 *   x[1] symbol 1    .  .  .  .  .  .  .  .
 *   x[2] symbol 2    1  .  .  .  .  .  .  .
 *   x[3] symbol 3    .  .  1  .  .  .  .  .
 *   x[4] blank       .  .  .  1  .  1  1  1
 *   x[5] delimiter   .  .  .  .  1  .  .  .
 *   target                          2  0  3    answer steps 5, 6, 7
 *
 * In a batch of N sequences the target of answer step a (0 … K−1) of
 * sequence n is `targets[a * N + n]`.
 *
 * Draw order (one rng call per symbol): sequence by sequence, its K symbols
 * in order. So `batch(rng, g, N)` draws the same sequences as N calls of
 * `batch(rng, g, 1)`, whatever the batch size.
 */
import { randInt, type Rng } from '../harness/engine/rng.js';
import type { Task, TaskDefinition } from './types.js';
import { argmax, checkBatch, checkGap, resolveOptions, type OptionRule } from './validate.js';

const NAME = 'copy';
const MIN_GAP = 1;
const SUMMARY = 'copy K symbols (default 10 of A = 8) across g-1 blanks and a delimiter, then output them in order; chance 1/A';

const defaults = { alphabet: 8, copyLength: 10 } as const satisfies Record<string, number>;
type CopyOption = keyof typeof defaults;

const rules: Record<CopyOption, OptionRule> = {
  alphabet: { min: 2, max: 1024, meaning: 'alphabet size A' },
  copyLength: { min: 1, max: 10_000, meaning: 'number of symbols K to copy' },
};

function create(options?: Readonly<Record<string, number>>): Task {
  const resolved = resolveOptions(NAME, defaults, rules, options);
  const A = resolved.alphabet;
  const K = resolved.copyLength;
  const X = A + 2;
  const BLANK = A;
  const DELIM = A + 1;

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
      return 2 * K + gap;
    },

    answerSteps(gap: number): readonly number[] {
      checkGap(NAME, MIN_GAP, gap);
      return Array.from({ length: K }, (_, k) => K + gap + k);
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
      const T = 2 * K + gap;
      const N = size;
      checkBatch(NAME, gap, size, inputs, targets, T, X, K);
      // inputs [T × N × X]; buffers are reused, so clear the whole prefix first.
      inputs.fill(0, 0, T * N * X);
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const s = randInt(rng, 0, A);
          inputs[(k * N + n) * X + s] = 1;
          targets[k * N + n] = s;
        }
      }
      for (let t = K; t < T; t++) {
        const channel = t === K + gap - 1 ? DELIM : BLANK;
        for (let n = 0; n < N; n++) inputs[(t * N + n) * X + channel] = 1;
      }
    },
  };
}

export const copy: TaskDefinition = {
  name: NAME,
  summary: SUMMARY,
  defaults,
  create,
};
