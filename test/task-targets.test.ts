// Every target equals what an independent decoder (test/helpers/recompute.ts,
// written from DESIGN.md) reads off the inputs, for thousands of sequences
// at several gaps and option settings; the layout is checked on the way.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';
import { recompute, sequenceOf, targetsOf } from './helpers/recompute.js';

const cases: { task: string; options?: Record<string, number>; gaps: number[] }[] = [
  { task: 'copy', gaps: [1, 2, 6, 50] },
  { task: 'copy', options: { alphabet: 3, copyLength: 4 }, gaps: [1, 9] },
  { task: 'adding', gaps: [2, 3, 10, 101] },
  { task: 'delayed-recall', gaps: [1, 5, 40] },
  { task: 'delayed-recall', options: { alphabet: 2 }, gaps: [1, 7] },
];

const SEQUENCES = 3000;
const N = 100; // batch size; SEQUENCES / N batches reuse the same buffers

describe('targets recomputed from the inputs', () => {
  for (const { task: name, options, gaps } of cases) {
    for (const gap of gaps) {
      it(`${name} ${JSON.stringify(options ?? {})} gap ${gap}`, () => {
        const task = getTask(name, options);
        const T = task.length(gap);
        const X = task.inputWidth;
        const answerSteps = [...task.answerSteps(gap)];
        const inputs = new Float64Array(T * N * X);
        const targets = new Float64Array(answerSteps.length * N);
        const rng = makeRng(`test/targets/${name}/${gap}`);
        // One assertion per batch (expect() per sequence is slow); the first mismatch is reported.
        for (let b = 0; b < SEQUENCES / N; b++) {
          task.batch(rng, gap, N, inputs, targets);
          const got: number[][] = [];
          const want: number[][] = [];
          for (let n = 0; n < N; n++) {
            const expected = recompute(name, task.options, sequenceOf(inputs, T, N, X, n), gap);
            if (expected.answerSteps.join() !== answerSteps.join()) expect(expected.answerSteps).toEqual(answerSteps);
            // Exact: the decoder adds the same two doubles for adding.
            got.push(targetsOf(targets, answerSteps.length, N, n));
            want.push(expected.targets);
          }
          expect(got).toEqual(want);
        }
      });
    }
  }
});
