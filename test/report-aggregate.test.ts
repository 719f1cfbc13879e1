/**
 * The report's aggregates (harness/report/aggregate.ts) equal the same
 * statistics recomputed here, independently, from results.csv as the run
 * writes it (report/csv.ts): means, min/max, failed counts, median steps to
 * solve, paired differences against lstm with their t-intervals, and the max
 * reliable gap under the 2/3 rule.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateAccuracy,
  aggregateStepsToSolve,
  maxReliableGap,
  pairedDifferences,
  tQuantile975,
} from '../harness/report/index.js';
import { resultsCsv } from '../harness/report/csv.js';
import type { CellRow } from '../harness/runner/types.js';
import { parseCsv, syntheticRows } from './report-fixtures.js';

const opts = {
  diverged: ['copy/rnn/g50/r1/h64/lr0.001', 'adding/lstm/g20/r0/h64/lr0.001'],
  errored: ['adding/gru/g200/r2/h64/lr0.001', 'copy/gru/g10/r0/h64/lr0.001', 'copy/gru/g10/r1/h64/lr0.001'],
};
const rows = syntheticRows(opts);
const table = parseCsv(resultsCsv(rows));

type Rec = Record<string, string>;
const groupOf = (r: Rec): string => [r['task'], r['variant'], r['gap'], r['hidden'], r['lr']].join('|');
const keyOf = (a: { task: string; variant: string; gap: number; hidden: number; lr: number }): string =>
  [a.task, a.variant, a.gap, a.hidden, a.lr].join('|');

function groups(): Map<string, Rec[]> {
  const out = new Map<string, Rec[]>();
  for (const r of table) out.set(groupOf(r), [...(out.get(groupOf(r)) ?? []), r]);
  return out;
}

describe('report aggregates equal a recomputation from results.csv', () => {
  it('results.csv has one record per row, failed metrics empty', () => {
    expect(table.length).toBe(rows.length);
    const failed = table.filter((r) => r['status'] !== 'ok');
    expect(failed.length).toBe(5);
    expect(failed.every((r) => r['test_accuracy'] === '')).toBe(true);
  });

  it('mean, min, max, n and failed count per (task, variant, gap, setting)', () => {
    const agg = aggregateAccuracy(rows);
    const g = groups();
    expect(agg.length).toBe(g.size);
    for (const a of agg) {
      const recs = g.get(keyOf(a)) as Rec[];
      const ok = recs.filter((r) => r['status'] === 'ok').map((r) => Number(r['test_accuracy']));
      expect(a.n).toBe(ok.length);
      expect(a.failed).toBe(recs.length - ok.length);
      if (ok.length === 0) {
        expect(a.mean).toBeNull();
        continue;
      }
      let sum = 0;
      for (const v of ok) sum += v;
      expect(a.mean).toBeCloseTo(sum / ok.length, 12);
      expect(a.min).toBe(ok.reduce((m, v) => (v < m ? v : m), Infinity));
      expect(a.max).toBe(ok.reduce((m, v) => (v > m ? v : m), -Infinity));
    }
    // copy/gru/g10 lost two of three replicates: the mean is the survivor's accuracy
    const gru10 = agg.find((a) => a.task === 'copy' && a.variant === 'gru' && a.gap === 10);
    expect(gru10?.n).toBe(1);
    expect(gru10?.failed).toBe(2);
  });

  it('median steps to solve, unsolved counted as never', () => {
    const g = groups();
    for (const s of aggregateStepsToSolve(rows)) {
      const recs = (g.get(keyOf(s)) as Rec[]).filter((r) => r['status'] === 'ok');
      const steps = recs.map((r) => (r['steps_to_solve'] === '' ? Infinity : Number(r['steps_to_solve']))).sort((a, b) => a - b);
      const n = steps.length;
      const med = n === 0 ? Infinity : n % 2 === 1 ? (steps[(n - 1) / 2] as number) : ((steps[n / 2 - 1] as number) + (steps[n / 2] as number)) / 2;
      expect(s.median).toBe(Number.isFinite(med) ? med : null);
      expect(s.solved).toBe(steps.filter((x) => x !== Infinity).length);
    }
    const solvedSome = aggregateStepsToSolve(rows).filter((s) => s.median !== null);
    const never = aggregateStepsToSolve(rows).filter((s) => s.n > 0 && s.median === null);
    expect(solvedSome.length).toBeGreaterThan(0);
    expect(never.length).toBeGreaterThan(0);
  });

  it('paired differences against lstm: same replicate, mean and 95% t-interval', () => {
    const byRep = new Map<string, number>();
    for (const r of table) {
      if (r['status'] === 'ok') byRep.set([r['task'], r['variant'], r['gap'], r['hidden'], r['lr'], r['replicate']].join('|'), Number(r['test_accuracy']));
    }
    const diffs = pairedDifferences(rows, 'lstm');
    expect(diffs.some((d) => d.variant === 'lstm')).toBe(false);
    expect(diffs.length).toBe(groups().size - 3 * 5); // every group but lstm's (3 tasks × 5 gaps)
    for (const d of diffs) {
      const ds: number[] = [];
      for (let rep = 0; rep < 3; rep++) {
        const v = byRep.get([d.task, d.variant, d.gap, d.hidden, d.lr, rep].join('|'));
        const b = byRep.get([d.task, 'lstm', d.gap, d.hidden, d.lr, rep].join('|'));
        if (v !== undefined && b !== undefined) ds.push(v - b);
      }
      expect(d.n).toBe(ds.length);
      if (ds.length === 0) {
        expect(d.mean).toBeNull();
        continue;
      }
      const m = ds.reduce((s, v) => s + v, 0) / ds.length;
      expect(d.mean).toBeCloseTo(m, 12);
      if (ds.length < 2) {
        expect(d.lo).toBeNull();
        expect(d.hi).toBeNull();
        continue;
      }
      const sd = Math.sqrt(ds.reduce((s, v) => s + (v - m) ** 2, 0) / (ds.length - 1));
      // t_{0.975} for df = 1 and 2 from the standard table: 12.706 and 4.303
      const t = ds.length === 2 ? 12.706 : 4.303;
      expect(d.lo).toBeCloseTo(m - (t * sd) / Math.sqrt(ds.length), 3);
      expect(d.hi).toBeCloseTo(m + (t * sd) / Math.sqrt(ds.length), 3);
    }
    // adding/lstm/g20/r0 diverged: its pairs have n = 2; copy/gru/g10 has one survivor: n = 1, no interval
    expect(diffs.find((d) => d.task === 'adding' && d.variant === 'rnn' && d.gap === 20)?.n).toBe(2);
    const single = diffs.find((d) => d.task === 'copy' && d.variant === 'gru' && d.gap === 10);
    expect(single?.n).toBe(1);
    expect(single?.lo).toBeNull();
    expect(single?.mean).not.toBeNull();
  });

  it('no lstm rows: no paired differences', () => {
    expect(pairedDifferences(rows.filter((r) => r.variant !== 'lstm'), 'lstm')).toEqual([]);
  });

  it('max reliable gap: largest gap where at least 2/3 of replicates reach the threshold', () => {
    const threshold = 0.95;
    const reliable = maxReliableGap(rows, threshold, 3);
    const g = groups();
    for (const rg of reliable) {
      let best: number | null = null;
      for (const gap of [10, 20, 50, 100, 200]) {
        const recs = g.get(keyOf({ ...rg, gap })) ?? [];
        const reached = recs.filter((r) => r['status'] === 'ok' && Number(r['test_accuracy']) >= threshold).length;
        if (reached / 3 >= 2 / 3 - 1e-12) best = gap;
      }
      expect(rg.gap).toBe(best);
    }
    expect(reliable.length).toBe(3 * 5);
    expect(reliable.some((r) => r.gap === null)).toBe(true);
    expect(reliable.some((r) => r.gap !== null && r.gap >= 20)).toBe(true);
  });

  it('the 2/3 rule on hand-made rows: 2 of 3 qualifies, 1 of 3 does not, a missing replicate counts against', () => {
    const base = rows.find((r) => r.status === 'ok' && r.task === 'copy' && r.variant === 'lstm' && r.gap === 10) as CellRow & { status: 'ok' };
    const mk = (gap: number, replicate: number, acc: number): CellRow => ({ ...base, key: `x/g${gap}/r${replicate}`, gap, replicate, test_accuracy: acc });
    const hand = [mk(10, 0, 1), mk(10, 1, 1), mk(10, 2, 0.5), mk(20, 0, 1), mk(20, 1, 0.5), mk(20, 2, 0.5), mk(50, 0, 1), mk(50, 1, 1)];
    expect(maxReliableGap(hand, 0.95, 3)[0]?.gap).toBe(50); // 50: 2 of 3 planned (one missing) still qualifies
    expect(maxReliableGap(hand.filter((r) => r.gap !== 50), 0.95, 3)[0]?.gap).toBe(10);
    expect(maxReliableGap(hand.map((r) => ({ ...r, test_accuracy: 0.1 })), 0.95, 3)[0]?.gap).toBeNull();
  });

  it('does not depend on row order (same numbers to the bit)', () => {
    const shuffled = [...rows].reverse();
    shuffled.push(shuffled.shift() as CellRow);
    expect(aggregateAccuracy(shuffled, { variants: ['rnn', 'lstm', 'peephole', 'coupled', 'gru'] })).toEqual(
      aggregateAccuracy(rows, { variants: ['rnn', 'lstm', 'peephole', 'coupled', 'gru'] }),
    );
    expect(pairedDifferences(shuffled)).toEqual(pairedDifferences(rows));
  });

  it('t quantiles match the standard table', () => {
    // two-sided 95%: df 1 → 12.706, 2 → 4.303, 10 → 2.228, 30 → 2.042, ∞ → 1.960
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(10)).toBeCloseTo(2.228, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 3);
    expect(() => tQuantile975(0)).toThrow(/positive integer/);
  });
});
