// Bad gaps, options, batch sizes and buffers are rejected at the edge with
// errors that name the task, the value and the fix.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask, MAX_GAP, taskNames } from '../tasks/index.js';

describe('gap validation', () => {
  for (const name of taskNames) {
    const task = getTask(name);
    const calls: [string, (g: number) => unknown][] = [
      ['length', (g) => task.length(g)],
      ['answerSteps', (g) => task.answerSteps(g)],
      ['chance', (g) => task.chance(g)],
      ['batch', (g) => task.batch(makeRng('v'), g, 1, new Float64Array(1e4), new Float64Array(100))],
    ];
    for (const [method, call] of calls) {
      it(`${name}.${method} rejects bad gaps`, () => {
        const min = task.minGap;
        expect(() => call(min - 1)).toThrow(new RegExp(`task "${name}": gap ${min - 1} is below this task's minimum gap ${min}; use a gap of at least ${min}`));
        expect(() => call(2.5)).toThrow(new RegExp(`task "${name}": gap must be an integer number of steps, got 2.5`));
        expect(() => call(Number.NaN)).toThrow(/got NaN/);
        expect(() => call(Infinity)).toThrow(/got Infinity/);
        expect(() => call('6' as unknown as number)).toThrow(/got "6"/);
        expect(() => call(MAX_GAP + 1)).toThrow(new RegExp(`gap ${MAX_GAP + 1} is larger than the maximum ${MAX_GAP}; use a gap of at most ${MAX_GAP}`));
        expect(() => call(min)).not.toThrow();
      });
    }
  }

  it('minimum gaps: copy 1, adding 2, delayed-recall 1', () => {
    expect(() => getTask('copy').length(0)).toThrow(/minimum gap 1/);
    expect(() => getTask('adding').length(1)).toThrow(/minimum gap 2/);
    expect(() => getTask('delayed-recall').length(0)).toThrow(/minimum gap 1/);
  });
});

describe('option validation', () => {
  it('unknown keys list the valid options', () => {
    expect(() => getTask('copy', { alpha: 3 })).toThrow('task "copy": unknown option "alpha"; valid options: alphabet, copyLength');
    expect(() => getTask('delayed-recall', { copyLength: 3 })).toThrow('task "delayed-recall": unknown option "copyLength"; valid options: alphabet');
    expect(() => getTask('adding', { alphabet: 8 })).toThrow('task "adding": unknown option "alphabet"; valid options: none (adding takes no options)');
  });

  it('alphabet must be an integer in [2, 1024]', () => {
    for (const name of ['copy', 'delayed-recall']) {
      for (const bad of [1, 0, -3, 1025, 2.5, Number.NaN]) {
        expect(() => getTask(name, { alphabet: bad })).toThrow(
          new RegExp(`task "${name}": option alphabet \\(alphabet size A\\) must be an integer in \\[2, 1024\\], got ${bad}; set alphabet to a whole number between 2 and 1024 \\(default 8\\)`),
        );
      }
      expect(getTask(name, { alphabet: 2 }).outputWidth).toBe(2);
      expect(getTask(name, { alphabet: 1024 }).outputWidth).toBe(1024);
    }
  });

  it('copyLength must be an integer in [1, 10000]', () => {
    for (const bad of [0, -1, 10_001, 1.5]) {
      expect(() => getTask('copy', { copyLength: bad })).toThrow(new RegExp(`option copyLength .* must be an integer in \\[1, 10000\\], got ${bad}`));
    }
    expect(getTask('copy', { copyLength: 1 }).answerSteps(1)).toEqual([2]);
  });

  it('non-number values are rejected', () => {
    expect(() => getTask('copy', { alphabet: '4' as unknown as number })).toThrow(/got "4"/);
  });
});

describe('batch validation', () => {
  const task = getTask('copy'); // T = 26 at g = 6, X = 10, 10 answer steps
  it('rejects bad batch sizes', () => {
    for (const bad of [0, -1, 1.5]) {
      expect(() => task.batch(makeRng('v'), 6, bad, new Float64Array(1e4), new Float64Array(100))).toThrow(
        new RegExp(`task "copy": batch size must be a positive integer, got ${bad}`),
      );
    }
  });

  it('rejects buffers that are too small, naming the size needed', () => {
    expect(() => task.batch(makeRng('v'), 6, 4, new Float64Array(1039), new Float64Array(40))).toThrow(
      'task "copy": inputs holds 1039 numbers but gap 6, batch 4 needs T·N·X = 26·4·10 = 1040; allocate at least 1040',
    );
    expect(() => task.batch(makeRng('v'), 6, 4, new Float64Array(1040), new Float64Array(39))).toThrow(
      'task "copy": targets holds 39 numbers but gap 6, batch 4 needs answer steps·N = 10·4 = 40; allocate at least 40',
    );
    expect(() => task.batch(makeRng('v'), 6, 4, new Float64Array(1040), new Float64Array(40))).not.toThrow();
  });

  it('rejects non-Float64Array buffers', () => {
    expect(() => task.batch(makeRng('v'), 6, 1, new Float32Array(260) as unknown as Float64Array, new Float64Array(10))).toThrow(
      /inputs must be a Float64Array, got Float32Array/,
    );
  });
});
