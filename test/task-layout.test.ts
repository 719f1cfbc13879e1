// Channel layout, widths, loss kinds, minimum gaps, lengths and 0-based
// answer steps exactly as DESIGN.md states them, written out by hand.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';
import { sequenceOf } from './helpers/recompute.js';

/** The hot channel of every step of sequence 0 (N = 1). */
function channels(name: string, gap: number, options: Record<string, number> = {}): number[] {
  const task = getTask(name, options);
  const T = task.length(gap);
  const X = task.inputWidth;
  const inputs = new Float64Array(T * X);
  const targets = new Float64Array(task.answerSteps(gap).length);
  task.batch(makeRng('layout'), gap, 1, inputs, targets);
  return sequenceOf(inputs, T, 1, X, 0).map((x) => {
    expect(x.filter((v) => v === 1)).toHaveLength(1);
    expect(x.filter((v) => v !== 0 && v !== 1)).toHaveLength(0);
    return x.indexOf(1);
  });
}

const SYMBOL = -1; // any of 0..A-1

function pattern(chs: number[], A: number): number[] {
  return chs.map((c) => (c < A ? SYMBOL : c));
}

describe('copy layout', () => {
  const task = getTask('copy');
  it('widths, loss, minimum gap', () => {
    expect(task.inputWidth).toBe(10); // 8 symbols, blank 8, delimiter 9
    expect(task.outputWidth).toBe(8);
    expect(task.loss).toBe('ce');
    expect(task.minGap).toBe(1);
  });

  it('g = 1: 10 symbols, delimiter at step 10 (no blanks before it), 10 answer blanks', () => {
    expect(task.length(1)).toBe(21);
    expect(task.answerSteps(1)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const B = 8;
    const D = 9;
    const S = SYMBOL;
    expect(pattern(channels('copy', 1), 8)).toEqual([S, S, S, S, S, S, S, S, S, S, D, B, B, B, B, B, B, B, B, B, B]);
  });

  it('g = 6: blanks at steps 10..14, delimiter at 15, answer steps 16..25', () => {
    expect(task.length(6)).toBe(26);
    expect(task.answerSteps(6)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    const chs = pattern(channels('copy', 6), 8);
    expect(chs.slice(0, 10)).toEqual(new Array(10).fill(SYMBOL));
    expect(chs.slice(10, 15)).toEqual([8, 8, 8, 8, 8]);
    expect(chs[15]).toBe(9);
    expect(chs.slice(16)).toEqual(new Array(10).fill(8));
  });

  it('options move the channels: A = 3, K = 2, g = 3 -> blank 3, delimiter 4', () => {
    const t = getTask('copy', { alphabet: 3, copyLength: 2 });
    expect(t.inputWidth).toBe(5);
    expect(t.outputWidth).toBe(3);
    expect(t.length(3)).toBe(7);
    expect(t.answerSteps(3)).toEqual([5, 6]);
    expect(pattern(channels('copy', 3, { alphabet: 3, copyLength: 2 }), 3)).toEqual([SYMBOL, SYMBOL, 3, 3, 4, 3, 3]);
  });
});

describe('adding layout', () => {
  const task = getTask('adding');
  it('widths, loss, minimum gap, length T = g, answer at T - 1', () => {
    expect(task.inputWidth).toBe(2);
    expect(task.outputWidth).toBe(1);
    expect(task.loss).toBe('mse');
    expect(task.minGap).toBe(2);
    expect(task.length(2)).toBe(2);
    expect(task.answerSteps(2)).toEqual([1]);
    expect(task.length(10)).toBe(10);
    expect(task.answerSteps(10)).toEqual([9]);
  });

  it('T = 2: the markers are forced to steps 0 and 1, target their sum', () => {
    const inputs = new Float64Array(2 * 2);
    const targets = new Float64Array(1);
    task.batch(makeRng('layout'), 2, 1, inputs, targets);
    expect(inputs[1]).toBe(1);
    expect(inputs[3]).toBe(1);
    expect(targets[0]).toBe((inputs[0] as number) + (inputs[2] as number));
  });
});

describe('delayed-recall layout', () => {
  const task = getTask('delayed-recall');
  it('widths, loss, minimum gap, length g + 2, answer at g + 1', () => {
    expect(task.inputWidth).toBe(9); // 8 symbols, cue 8
    expect(task.outputWidth).toBe(8);
    expect(task.loss).toBe('ce');
    expect(task.minGap).toBe(1);
    expect(task.length(1)).toBe(3);
    expect(task.answerSteps(1)).toEqual([2]);
    expect(task.length(5)).toBe(7);
    expect(task.answerSteps(5)).toEqual([6]);
  });

  it('g = 5: six symbol steps, then the cue in channel 8', () => {
    expect(pattern(channels('delayed-recall', 5), 8)).toEqual([SYMBOL, SYMBOL, SYMBOL, SYMBOL, SYMBOL, SYMBOL, 8]);
  });
});
