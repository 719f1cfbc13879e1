// Declared chance equals the measured accuracy of the chance predictor
// within 0.01 on 100k answer samples: the constant 1 for adding, a fixed
// class and a uniformly random class for the cross-entropy tasks. Scored
// through each task's own accuracy rule, `correct()`.
import { describe, expect, it } from 'vitest';
import { makeRng, randInt } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';

const SAMPLES = 100_000;
const N = 1000;

/** Accuracy of `predict` (fills one readout of width O) over SAMPLES answer targets. */
function measure(name: string, gap: number, options: Record<string, number>, predict: (out: Float64Array) => void): number {
  const task = getTask(name, options);
  const As = task.answerSteps(gap).length;
  const inputs = new Float64Array(task.length(gap) * N * task.inputWidth);
  const targets = new Float64Array(As * N);
  const out = new Float64Array(task.outputWidth);
  const rng = makeRng(`chance/${name}/${gap}`);
  let correct = 0;
  let seen = 0;
  while (seen < SAMPLES) {
    task.batch(rng, gap, N, inputs, targets);
    for (let i = 0; i < As * N && seen < SAMPLES; i++, seen++) {
      predict(out);
      if (task.correct(out, 0, targets[i] as number)) correct++;
    }
  }
  return correct / seen;
}

describe('chance level', () => {
  it('adding: constant 1 scores the declared chance 1 - 0.96^2 = 0.0784', () => {
    for (const gap of [2, 20]) {
      const task = getTask('adding');
      // Closed form (tasks/adding.ts header): triangular density of U1 + U2 over 1 ± 0.04.
      expect(task.chance(gap)).toBeCloseTo(0.0784, 12);
      const measured = measure('adding', gap, {}, (out) => out.fill(1));
      expect(Math.abs(measured - task.chance(gap))).toBeLessThan(0.01);
    }
  });

  it('adding: no other constant beats 1 (so 1 is the best input-blind predictor)', () => {
    const best = measure('adding', 2, {}, (out) => out.fill(1));
    for (const c of [0.5, 0.9, 1.1, 1.5]) {
      expect(measure('adding', 2, {}, (out) => out.fill(c))).toBeLessThan(best);
    }
  });

  for (const [name, gap, options] of [
    ['copy', 1, {}],
    ['copy', 20, { alphabet: 4 }],
    ['delayed-recall', 5, {}],
    ['delayed-recall', 8, { alphabet: 3 }],
  ] as const) {
    it(`${name} ${JSON.stringify(options)} gap ${gap}: fixed and random classes score 1/A`, () => {
      const task = getTask(name, options);
      const A = task.outputWidth;
      expect(task.chance(gap)).toBe(1 / A);
      // A fixed class: the last one (index A-1), so ties-to-lowest cannot help.
      const fixed = measure(name, gap, options, (out) => {
        out.fill(0);
        out[A - 1] = 1;
      });
      expect(Math.abs(fixed - task.chance(gap))).toBeLessThan(0.01);
      const guess = makeRng(`guess/${name}`);
      const random = measure(name, gap, options, (out) => {
        out.fill(0);
        out[randInt(guess, 0, A)] = 1;
      });
      expect(Math.abs(random - task.chance(gap))).toBeLessThan(0.01);
    });
  }
});
