/**
 * Aggregates behind every figure and table of the report, as pure functions
 * of cell rows (no I/O), so `check`, the report and the tests share them.
 *
 * A group is one (task, variant, gap, hidden, lr) cell of the grid, over its
 * replicates. Only `ok` rows enter means, medians and intervals; diverged and
 * error rows are counted in `failed` and listed by the report, never silently
 * dropped. Output order is canonical — task and variant in the given order
 * (config order), then gap, hidden, lr ascending — and rows are sorted by
 * replicate before any sum, so the same rows in any file order give the same
 * numbers to the bit.
 */
import type { CellRow, OkRow } from '../runner/types.js';
import { mean, meanInterval95, median } from './stats.js';

/** Display order of names; names not listed follow, alphabetically. */
export interface AggregateOrder {
  readonly tasks?: readonly string[];
  readonly variants?: readonly string[];
}

/** A hyperparameter setting; more than one per run when hidden or lr is swept. */
export interface Setting {
  readonly hidden: number;
  readonly lr: number;
}

/** Test accuracy of one (task, variant, gap, setting) over its ok replicates. */
export interface AccuracyAggregate extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  /** Ok replicates entering mean/min/max. */
  readonly n: number;
  /** Diverged or error replicates, excluded from the statistics. */
  readonly failed: number;
  /** null when n = 0. */
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Chance accuracy of the task at this gap (mean over all rows of the group). */
  readonly chance: number;
}

/** Mean eval accuracy at one step of the learning curve. */
export interface CurveAggregate extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly step: number;
  /** Ok replicates with an eval point at this step. */
  readonly n: number;
  readonly mean: number;
}

/** Steps to reach the solved threshold on the eval set, over ok replicates. */
export interface SolveAggregate extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly n: number;
  readonly failed: number;
  /** Replicates that reached the threshold. */
  readonly solved: number;
  /** Median over ok replicates, unsolved counted as never (+∞); null = the median is never (or n = 0). */
  readonly median: number | null;
}

/** variant − baseline test accuracy, paired by (task, gap, setting, replicate). */
export interface PairedDifference extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly baseline: string;
  readonly gap: number;
  /** Replicates where both the variant and the baseline are ok. */
  readonly n: number;
  /** null when n = 0. */
  readonly mean: number | null;
  /** Two-sided 95% t-interval of the mean difference; null when n < 2. */
  readonly lo: number | null;
  readonly hi: number | null;
}

/** The largest gap a variant handles reliably. */
export interface ReliableGap extends Setting {
  readonly task: string;
  readonly variant: string;
  /** null = no gap qualifies. */
  readonly gap: number | null;
  /** Replicates counted per gap (the denominator of the 2/3 rule). */
  readonly replicates: number;
}

export const RELIABLE_FRACTION = { num: 2, den: 3 } as const;

function rank(order: readonly string[] | undefined, name: string): number {
  const i = order?.indexOf(name) ?? -1;
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

function cmpName(order: readonly string[] | undefined, a: string, b: string): number {
  return rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0);
}

interface Coords extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
}

/** Canonical order of group coordinates: task, variant, gap, hidden, lr. */
export function compareCoords(order: AggregateOrder, a: Coords, b: Coords): number {
  return (
    cmpName(order.tasks, a.task, b.task) ||
    cmpName(order.variants, a.variant, b.variant) ||
    a.gap - b.gap ||
    a.hidden - b.hidden ||
    a.lr - b.lr
  );
}

/** Rows sorted canonically, replicate last: the order every sum runs in. */
export function sortRows(rows: readonly CellRow[], order: AggregateOrder = {}): CellRow[] {
  return [...rows].sort((a, b) => compareCoords(order, a, b) || a.replicate - b.replicate);
}

function groupKey(c: Coords): string {
  return JSON.stringify([c.task, c.variant, c.gap, c.hidden, c.lr]);
}

/** Rows grouped by (task, variant, gap, hidden, lr), groups in canonical order, rows by replicate. */
export function groupRows(rows: readonly CellRow[], order: AggregateOrder = {}): CellRow[][] {
  const groups = new Map<string, CellRow[]>();
  for (const r of sortRows(rows, order)) {
    const k = groupKey(r);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
    else g.push(r);
  }
  return [...groups.values()];
}

function isOk(r: CellRow): r is OkRow {
  return r.status === 'ok';
}

function coordsOf(r: CellRow): Coords {
  return { task: r.task, variant: r.variant, gap: r.gap, hidden: r.hidden, lr: r.lr };
}

/** The distinct settings in `rows`, ascending by hidden then lr. */
export function settingsOf(rows: readonly CellRow[]): Setting[] {
  const seen = new Map<string, Setting>();
  for (const r of rows) seen.set(JSON.stringify([r.hidden, r.lr]), { hidden: r.hidden, lr: r.lr });
  return [...seen.values()].sort((a, b) => a.hidden - b.hidden || a.lr - b.lr);
}

/** Mean, min and max test accuracy per (task, variant, gap, setting) over ok replicates. */
export function aggregateAccuracy(rows: readonly CellRow[], order: AggregateOrder = {}): AccuracyAggregate[] {
  return groupRows(rows, order).map((g) => {
    const first = g[0] as CellRow;
    const acc = g.filter(isOk).map((r) => r.test_accuracy);
    return {
      ...coordsOf(first),
      n: acc.length,
      failed: g.length - acc.length,
      mean: acc.length > 0 ? mean(acc) : null,
      min: acc.length > 0 ? Math.min(...acc) : null,
      max: acc.length > 0 ? Math.max(...acc) : null,
      chance: mean(g.map((r) => r.chance)),
    };
  });
}

/** Mean eval accuracy per (task, variant, gap, setting, step) over ok replicates, steps ascending. */
export function aggregateCurves(rows: readonly CellRow[], order: AggregateOrder = {}): CurveAggregate[] {
  const out: CurveAggregate[] = [];
  for (const g of groupRows(rows, order)) {
    const first = g[0] as CellRow;
    const byStep = new Map<number, number[]>();
    for (const r of g.filter(isOk)) {
      for (const p of r.curve) {
        if (p.split !== 'eval' || !Number.isFinite(p.accuracy)) continue;
        const list = byStep.get(p.step);
        if (list === undefined) byStep.set(p.step, [p.accuracy]);
        else list.push(p.accuracy);
      }
    }
    for (const step of [...byStep.keys()].sort((a, b) => a - b)) {
      const acc = byStep.get(step) as number[];
      out.push({ ...coordsOf(first), step, n: acc.length, mean: mean(acc) });
    }
  }
  return out;
}

/** Median steps to solve per (task, variant, gap, setting); unsolved replicates count as never. */
export function aggregateStepsToSolve(rows: readonly CellRow[], order: AggregateOrder = {}): SolveAggregate[] {
  return groupRows(rows, order).map((g) => {
    const first = g[0] as CellRow;
    const ok = g.filter(isOk);
    const steps = ok.map((r) => (r.steps_to_solve === null ? Infinity : r.steps_to_solve));
    const med = steps.length > 0 ? median(steps) : Infinity;
    return {
      ...coordsOf(first),
      n: ok.length,
      failed: g.length - ok.length,
      solved: steps.filter(Number.isFinite).length,
      median: Number.isFinite(med) ? med : null,
    };
  });
}

/**
 * Paired differences against `baseline`: for every variant other than the
 * baseline, test accuracy minus the baseline's on the same task, gap,
 * setting and replicate (the same training and test sequences, DESIGN.md
 * Seeds), averaged over replicates where both are ok, with a 95% t-interval.
 * Empty when the baseline is not in `rows`.
 */
export function pairedDifferences(rows: readonly CellRow[], baseline = 'lstm', order: AggregateOrder = {}): PairedDifference[] {
  const base = new Map<string, number>();
  for (const r of rows) {
    if (r.variant === baseline && isOk(r)) base.set(JSON.stringify([r.task, r.gap, r.hidden, r.lr, r.replicate]), r.test_accuracy);
  }
  if (!rows.some((r) => r.variant === baseline)) return [];
  const out: PairedDifference[] = [];
  for (const g of groupRows(rows, order)) {
    const first = g[0] as CellRow;
    if (first.variant === baseline) continue;
    const diffs: number[] = [];
    for (const r of g.filter(isOk)) {
      const b = base.get(JSON.stringify([r.task, r.gap, r.hidden, r.lr, r.replicate]));
      if (b !== undefined) diffs.push(r.test_accuracy - b);
    }
    const ci = meanInterval95(diffs);
    out.push({ ...coordsOf(first), baseline, n: ci.n, mean: ci.n > 0 ? ci.mean : null, lo: ci.lo, hi: ci.hi });
  }
  return out;
}

/**
 * Per (task, variant, setting), the largest gap at which at least 2/3 of the
 * replicates reach `threshold` test accuracy. The denominator is the larger
 * of `plannedReplicates` and the replicates present, so a failed or missing
 * replicate counts as not reaching it.
 */
export function maxReliableGap(
  rows: readonly CellRow[],
  threshold: number,
  plannedReplicates = 0,
  order: AggregateOrder = {},
): ReliableGap[] {
  const out = new Map<string, { best: number | null; replicates: number; coords: Coords }>();
  for (const g of groupRows(rows, order)) {
    const first = g[0] as CellRow;
    const k = JSON.stringify([first.task, first.variant, first.hidden, first.lr]);
    const denom = Math.max(plannedReplicates, new Set(g.map((r) => r.replicate)).size);
    const reached = g.filter((r) => isOk(r) && r.test_accuracy >= threshold).length;
    const reliable = reached * RELIABLE_FRACTION.den >= denom * RELIABLE_FRACTION.num;
    const cur = out.get(k) ?? { best: null, replicates: denom, coords: coordsOf(first) };
    // groups come gap-ascending within (task, variant, setting), so the last reliable one is the largest
    out.set(k, { best: reliable ? first.gap : cur.best, replicates: Math.max(cur.replicates, denom), coords: cur.coords });
  }
  return [...out.values()].map(({ best, replicates, coords }) => ({
    task: coords.task,
    variant: coords.variant,
    hidden: coords.hidden,
    lr: coords.lr,
    gap: best,
    replicates,
  }));
}

/** Rows whose status is not ok, in canonical order. */
export function failedRows(rows: readonly CellRow[], order: AggregateOrder = {}): CellRow[] {
  return sortRows(rows, order).filter((r) => !isOk(r));
}
