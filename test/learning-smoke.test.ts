// Engine + tasks wired end to end: a short fixed-seed training run must
// learn. Budgets are small so this runs in seconds on the reference backend.
import { describe, expect, it } from 'vitest';
import { trainCell } from '../harness/runner/train-cell.js';
import type { CellSpec } from '../harness/runner/types.js';

function spec(task: string, variant: string, gap: number, steps: number, lr: number): CellSpec {
  return {
    key: `${task}/${variant}/g${gap}`, task, taskOptions: {}, variant, gap, replicate: 0, seed: '1',
    hidden: 32, batch: 32, lr, steps, evalEvery: 50, evalSize: 256, testSize: 1000,
    clip: 1, beta1: 0.9, beta2: 0.999, eps: 1e-8, solvedThreshold: 0.95, backend: 'reference',
  };
}

describe('learning smoke test', () => {
  it('lstm solves delayed-recall at gap 5', () => {
    const row = trainCell(spec('delayed-recall', 'lstm', 5, 200, 1e-2));
    expect(row.status).toBe('ok');
    if (row.status !== 'ok') return;
    // Seen at seed 1: test accuracy 1.000, solved at the first eval that reached 0.95.
    expect(row.test_accuracy).toBeGreaterThanOrEqual(0.95);
    expect(row.steps_to_solve).not.toBeNull();
  });

  it('vanilla rnn beats chance on adding at gap 10', () => {
    const row = trainCell(spec('adding', 'rnn', 10, 300, 1e-2));
    expect(row.status).toBe('ok');
    if (row.status !== 'ok') return;
    // Chance (constant 1) is 1 − 0.96² = 0.0784; seen at seed 1: 0.208.
    expect(row.chance).toBeCloseTo(0.0784, 3);
    expect(row.test_accuracy).toBeGreaterThan(2 * row.chance);
  });
});
