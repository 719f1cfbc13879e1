// Tasks draw sequence by sequence, so one batch of N equals N batches of 1
// from the same stream: the data do not depend on how a caller splits a set
// into batches (the eval and test sets, `gapbench sample`).
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask, taskNames } from '../tasks/index.js';
import { sequenceOf, targetsOf } from './helpers/recompute.js';

const GAP = 4;
const N = 7;

describe('batch partition', () => {
  for (const name of taskNames) {
    it(`${name}: batch(N) equals N x batch(1)`, () => {
      const task = getTask(name);
      const T = task.length(GAP);
      const X = task.inputWidth;
      const As = task.answerSteps(GAP).length;
      const whole = new Float64Array(T * N * X);
      const wholeTargets = new Float64Array(As * N);
      task.batch(makeRng('partition'), GAP, N, whole, wholeTargets);

      const rng = makeRng('partition');
      const one = new Float64Array(T * X);
      const oneTargets = new Float64Array(As);
      for (let n = 0; n < N; n++) {
        task.batch(rng, GAP, 1, one, oneTargets);
        expect(sequenceOf(one, T, 1, X, 0)).toEqual(sequenceOf(whole, T, N, X, n));
        expect(Array.from(oneTargets)).toEqual(targetsOf(wholeTargets, As, N, n));
      }
    });
  }
});
