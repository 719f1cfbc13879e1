// correct(): argmax with ties to the lowest index for 'ce' tasks,
// |ŷ - y| < 0.04 for adding; a NaN readout is never correct; the offset
// selects one readout inside a larger buffer.
import { describe, expect, it } from 'vitest';
import { getTask } from '../tasks/index.js';

describe('accuracy rule', () => {
  for (const name of ['copy', 'delayed-recall']) {
    const task = getTask(name, { alphabet: 4 });
    it(`${name}: argmax over the A classes`, () => {
      expect(task.correct([0.1, 0.7, 0.2, 0.0], 0, 1)).toBe(true);
      expect(task.correct([0.1, 0.7, 0.2, 0.0], 0, 2)).toBe(false);
      expect(task.correct([-5, -4, -3, -2], 0, 3)).toBe(true);
    });
    it(`${name}: ties go to the lowest index`, () => {
      expect(task.correct([0, 2, 2, 1], 0, 1)).toBe(true);
      expect(task.correct([0, 2, 2, 1], 0, 2)).toBe(false);
      expect(task.correct([1, 1, 1, 1], 0, 0)).toBe(true);
    });
    it(`${name}: offset picks the readout; NaN is wrong`, () => {
      const out = [9, 9, 9, 9, 0, 0, 5, 0];
      expect(task.correct(out, 4, 2)).toBe(true);
      expect(task.correct(out, 4, 0)).toBe(false);
      expect(task.correct([NaN, 0, 0, 0], 0, 0)).toBe(false);
      expect(task.correct([0, NaN, 0, 0], 0, 0)).toBe(false);
      expect(() => task.correct([0, 1], 0, 0)).toThrow(/readout has 2 numbers/);
    });
  }

  it('adding: |y^ - y| < 0.04', () => {
    const task = getTask('adding');
    expect(task.correct([1.0], 0, 1.0)).toBe(true);
    expect(task.correct([1.039], 0, 1.0)).toBe(true);
    expect(task.correct([0.961], 0, 1.0)).toBe(true);
    expect(task.correct([1.041], 0, 1.0)).toBe(false);
    expect(task.correct([0.959], 0, 1.0)).toBe(false);
    expect(task.correct([0, 0.5], 1, 0.52)).toBe(true);
    expect(task.correct([NaN], 0, 1)).toBe(false);
    expect(task.correct([Infinity], 0, 1)).toBe(false);
  });
});
