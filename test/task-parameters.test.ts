// Every task option does something: changing it changes the generated data
// and the data follow the new value (widths, lengths, symbol range). Guards
// against an option that is accepted and silently ignored.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask, tasks, taskNames } from '../tasks/index.js';
import { recompute, sequenceOf } from './helpers/recompute.js';

const GAP = 3;
const N = 400;

function generate(name: string, options: Record<string, number>) {
  const task = getTask(name, options);
  const T = task.length(GAP);
  const X = task.inputWidth;
  const inputs = new Float64Array(T * N * X);
  const targets = new Float64Array(task.answerSteps(GAP).length * N);
  task.batch(makeRng(`params/${name}`), GAP, N, inputs, targets);
  return { task, T, X, inputs, targets };
}

/** A valid value different from the default. */
const alternative: Record<string, number> = { alphabet: 5, copyLength: 4 };

describe('task parameters', () => {
  it('defaults are DESIGN.md (A = 8, K = 10)', () => {
    expect(tasks.copy.defaults).toEqual({ alphabet: 8, copyLength: 10 });
    expect(tasks['delayed-recall'].defaults).toEqual({ alphabet: 8 });
    expect(tasks.adding.defaults).toEqual({});
  });

  for (const name of taskNames) {
    for (const key of Object.keys(tasks[name].defaults)) {
      it(`${name}: option ${key} changes the data`, () => {
        const value = alternative[key];
        expect(value, `test needs an alternative value for ${key}`).toBeDefined();
        const base = generate(name, {});
        const changed = generate(name, { [key]: value as number });
        expect(changed.task.options[key]).toBe(value);
        const sameInputs = base.inputs.length === changed.inputs.length && base.inputs.every((v, i) => v === changed.inputs[i]);
        const sameTargets = base.targets.length === changed.targets.length && base.targets.every((v, i) => v === changed.targets[i]);
        expect(sameInputs && sameTargets).toBe(false);
        // The data follow the new value (the decoder checks widths and lengths).
        for (let n = 0; n < 20; n++) {
          recompute(name, changed.task.options, sequenceOf(changed.inputs, changed.T, N, changed.X, n), GAP);
        }
      });
    }
  }

  it('alphabet sets the range of drawn symbols (every symbol 0..A-1 occurs, none beyond)', () => {
    for (const name of ['copy', 'delayed-recall']) {
      for (const A of [2, 5, 16]) {
        const { targets } = generate(name, { alphabet: A });
        const seen = new Set(targets);
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: A }, (_, s) => s));
      }
    }
  });

  it('copyLength sets K: K symbol steps, K answer steps, length 2K + g', () => {
    for (const K of [1, 4, 23]) {
      const task = getTask('copy', { copyLength: K });
      expect(task.length(GAP)).toBe(2 * K + GAP);
      expect(task.answerSteps(GAP)).toHaveLength(K);
    }
  });
});
