/**
 * results.csv and curves.csv (DESIGN.md, File formats), written with
 * csv-stringify from cell rows. Rows come out in grid order whatever order
 * cells finished in, so a run's CSV depends only on its config. A metric
 * that does not exist (failed cell, never solved) is an empty field;
 * numbers print in JavaScript's shortest round-trip form, so every metric
 * survives bit for bit.
 */
import { stringify } from 'csv-stringify/sync';
import type { CellRow } from '../runner/types.js';

/** results.csv columns, in order (DESIGN.md). hidden and lr are always present, swept or not. */
export const RESULT_COLUMNS = [
  'task',
  'variant',
  'gap',
  'replicate',
  'seed',
  'hidden',
  'batch',
  'lr',
  'steps',
  'status',
  'test_accuracy',
  'test_loss',
  'chance',
  'steps_to_solve',
  'sequences_to_solve',
  'final_train_loss',
  'params',
  'backend',
  'wall_ms',
] as const;

/** Columns that measure time, not results: they differ between otherwise identical runs. */
export const TIMING_COLUMNS: readonly string[] = ['wall_ms'];

/**
 * gradflow.csv columns: cell coordinates, then one gradient-flow point
 * (DESIGN.md), plus the keep/update gate (`f` or `z`) and its mean
 * activation at that step on `h` rows of gated cells.
 */
export const GRADFLOW_COLUMNS = ['task', 'variant', 'gap', 'replicate', 'hidden', 'lr', 'phase', 'distance', 'grad_norm', 'state', 'gate', 'gate_mean'] as const;

/** curves.csv columns: cell coordinates, then one learning-curve point. */
export const CURVE_COLUMNS = ['task', 'variant', 'gap', 'replicate', 'hidden', 'lr', 'step', 'split', 'loss', 'accuracy'] as const;

export type ResultColumn = (typeof RESULT_COLUMNS)[number];
export type ResultRecord = Record<ResultColumn, string | number | null>;

/** A finite number, or null (an empty field) for anything else. */
function metric(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The results.csv record of one row; metrics a status does not have are null. */
export function resultRecord(row: CellRow): ResultRecord {
  const ok = row.status === 'ok' ? row : null;
  return {
    task: row.task,
    variant: row.variant,
    gap: row.gap,
    replicate: row.replicate,
    seed: row.seed,
    hidden: row.hidden,
    batch: row.batch,
    lr: row.lr,
    steps: row.steps,
    status: row.status,
    test_accuracy: metric(ok?.test_accuracy),
    test_loss: metric(ok?.test_loss),
    chance: metric(row.chance),
    steps_to_solve: metric(ok?.steps_to_solve),
    sequences_to_solve: metric(ok?.sequences_to_solve),
    final_train_loss: metric(ok?.final_train_loss),
    params: metric(row.params),
    backend: row.backend,
    wall_ms: metric(row.wall_ms),
  };
}

/**
 * Sorts rows by their position in the grid (`order`: key → index). Rows
 * whose key is not in the grid go last, by key.
 */
export function inGridOrder(rows: readonly CellRow[], order: ReadonlyMap<string, number>): CellRow[] {
  const pos = (r: CellRow): number => order.get(r.key) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => pos(a) - pos(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const cast = { number: (n: number): string => String(n) };

/** results.csv text of rows already in grid order. */
export function resultsCsv(rows: readonly CellRow[]): string {
  return stringify(rows.map(resultRecord), { header: true, columns: [...RESULT_COLUMNS], cast });
}

/** curves.csv text of rows already in grid order: every curve point of every row. */
export function curvesCsv(rows: readonly CellRow[]): string {
  const records: (string | number | null)[][] = [];
  for (const row of rows) {
    for (const p of row.curve ?? []) {
      records.push([row.task, row.variant, row.gap, row.replicate, row.hidden, row.lr, p.step, p.split, metric(p.loss), metric(p.accuracy)]);
    }
  }
  return stringify(records, { header: true, columns: [...CURVE_COLUMNS], cast });
}

/** gradflow.csv text of rows already in grid order; null when no row recorded gradient flow. */
export function gradflowCsv(rows: readonly CellRow[]): string | null {
  if (!rows.some((r) => r.gradflow !== undefined)) return null;
  const records: (string | number | null)[][] = [];
  for (const row of rows) {
    for (const p of row.gradflow ?? []) {
      records.push([row.task, row.variant, row.gap, row.replicate, row.hidden, row.lr, p.phase, p.distance, metric(p.grad_norm), p.state, p.gate ?? null, metric(p.gate_mean)]);
    }
  }
  return stringify(records, { header: true, columns: [...GRADFLOW_COLUMNS], cast });
}
