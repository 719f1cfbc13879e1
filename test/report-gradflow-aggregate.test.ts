/**
 * The numbers behind the gradient-flow figure: replicates combine by the
 * geometric mean, a zero or NaN replicate removes the point (no logarithm),
 * the gru's keep fraction is 1 − z, the fitted per-step factor recovers a
 * known geometric decay, the figure uses the task's largest gap, and a
 * damaged record is an error naming the row.
 */
import { describe, expect, it } from 'vitest';
import { aggregateGradflow, gradflowGap, perStepFactor } from '../harness/report/index.js';
import type { CellRow, GradflowRecord } from '../harness/runner/types.js';
import { syntheticRows } from './report-fixtures.js';
import { withGradflow } from './helpers/gradflow-rows.js';

function row(variant: string, replicate: number, gradflow: GradflowRecord[], gap = 10): CellRow {
  const [base] = syntheticRows({ tasks: ['copy'], variants: [variant], gaps: [gap], replicates: 1 });
  return { ...(base as CellRow), key: `copy/${variant}/g${gap}/r${replicate}/h64/lr0.001`, replicate, gradflow };
}

describe('aggregateGradflow', () => {
  it('takes the geometric mean over replicates, in any row order', () => {
    const a = row('rnn', 0, [{ phase: 'init', distance: 3, state: 'h', grad_norm: 1e-2 }]);
    const b = row('rnn', 1, [{ phase: 'init', distance: 3, state: 'h', grad_norm: 1e-4 }]);
    const forward = aggregateGradflow([a, b]).norms;
    expect(forward).toHaveLength(1);
    expect(forward[0]?.n).toBe(2);
    // 10^((−2 − 4) / 2) = 1e-3, where the arithmetic mean would give 5.05e-3
    expect(forward[0]?.geomean).toBeCloseTo(1e-3, 15);
    expect(aggregateGradflow([b, a]).norms).toEqual(forward);
  });

  it('drops a point when any replicate is zero or NaN (stored as null)', () => {
    const a = row('lstm', 0, [
      { phase: 'init', distance: 0, state: 'c', grad_norm: 0 },
      { phase: 'init', distance: 1, state: 'c', grad_norm: 0.5 },
    ]);
    const b = row('lstm', 1, [
      { phase: 'init', distance: 0, state: 'c', grad_norm: 0 },
      { phase: 'init', distance: 1, state: 'c', grad_norm: null as unknown as number },
    ]);
    const norms = aggregateGradflow([a, b]).norms;
    expect(norms.map((n) => [n.distance, n.geomean])).toEqual([
      [0, null],
      [1, null],
    ]);
  });

  it('keeps f as is and turns the gru update gate z into the kept fraction 1 − z', () => {
    const lstm = row('lstm', 0, [{ phase: 'trained', distance: 2, state: 'h', grad_norm: 1, gate: 'f', gate_mean: 0.8 }]);
    const gru = row('gru', 0, [{ phase: 'trained', distance: 2, state: 'h', grad_norm: 1, gate: 'z', gate_mean: 0.3 }]);
    const keeps = aggregateGradflow([lstm, gru], { variants: ['lstm', 'gru'] }).keeps;
    expect(keeps.map((k) => [k.variant, k.gate, k.keep])).toEqual([
      ['lstm', 'f', 0.8],
      ['gru', 'z', 0.7],
    ]);
  });

  it('rejects a damaged record with the row key, the field and the fix', () => {
    const bad = row('rnn', 0, [{ phase: 'midway' as 'init', distance: 1, state: 'h', grad_norm: 1 }]);
    expect(() => aggregateGradflow([bad])).toThrow(/row copy\/rnn\/g10\/r0\/h64\/lr0\.001 .*phase "midway" \(valid: init \| trained\); remove that line and resume/);
  });
});

describe('perStepFactor', () => {
  it('recovers the factor of an exact geometric decay and ignores d = 0', () => {
    // 0.6^d from d = 1, with an outlier at d = 0 (the readout's own gradient) that must not bend the fit
    const points = [{ distance: 0, geomean: 1e3 }, ...Array.from({ length: 20 }, (_, k) => ({ distance: k + 1, geomean: 0.05 * Math.pow(0.6, k + 1) }))];
    expect(perStepFactor(points)).toBeCloseTo(0.6, 12);
    expect(perStepFactor(points.slice(0, 3))).toBeNull();
  });
});

describe('gradflowGap', () => {
  it('is the largest gap of the task that recorded gradient flow', () => {
    const rows = syntheticRows({ tasks: ['copy', 'adding'], variants: ['rnn'], gaps: [10, 20, 50], replicates: 1 });
    // copy recorded nothing at its largest gap: the figure falls back to the next one
    const partial = withGradflow(rows).map((r) => (r.task === 'copy' && r.gap === 50 ? { ...r, gradflow: undefined } : r));
    expect(gradflowGap(partial, 'copy')).toBe(20);
    expect(gradflowGap(partial, 'adding')).toBe(50);
    expect(gradflowGap(rows, 'copy')).toBeNull();
  });
});
