// batch() overwrites the used prefix of reused buffers whole: garbage left
// by an earlier batch never leaks into the next one, and anything beyond
// T·N·X (a buffer sized for a larger batch) is left alone.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask, taskNames } from '../tasks/index.js';

const GAP = 5;
const N = 16;

describe('buffer reuse', () => {
  for (const name of taskNames) {
    it(`${name}: a dirty buffer gives the same bytes as a fresh one`, () => {
      const task = getTask(name);
      const nIn = task.length(GAP) * N * task.inputWidth;
      const nTg = task.answerSteps(GAP).length * N;

      const fresh = new Float64Array(nIn);
      const freshTargets = new Float64Array(nTg);
      task.batch(makeRng('reuse'), GAP, N, fresh, freshTargets);

      // Larger than needed and full of sentinels.
      const dirty = new Float64Array(nIn + 10).fill(7.5);
      const dirtyTargets = new Float64Array(nTg + 3).fill(-3);
      task.batch(makeRng('reuse'), GAP, N, dirty, dirtyTargets);

      expect(Array.from(dirty.subarray(0, nIn))).toEqual(Array.from(fresh));
      expect(Array.from(dirtyTargets.subarray(0, nTg))).toEqual(Array.from(freshTargets));
      expect(Array.from(dirty.subarray(nIn))).toEqual(new Array(10).fill(7.5));
      expect(Array.from(dirtyTargets.subarray(nTg))).toEqual([-3, -3, -3]);
    });
  }
});
