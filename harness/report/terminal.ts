/**
 * The compact end-of-run table: mean test accuracy over replicates, one
 * block per task (and per hidden size / learning rate when those are
 * swept), variants down, gaps across, chance as the last line:
 *
 *   copy
 *   variant    g10    g20    g50
 *   rnn      0.412  0.203  0.131
 *   lstm     1.000  0.998  0.871
 *   chance   0.125  0.125  0.125
 *
 * A cell with some failed (diverged/error) replicates is marked `*`; one
 * with no successful replicate prints `-`.
 */
import type { CellRow } from '../runner/types.js';

export interface AccuracySummary {
  readonly task: string;
  readonly hidden: number;
  readonly lr: number;
  readonly variant: string;
  readonly gap: number;
  /** Mean test accuracy over ok replicates, or null if none. */
  readonly mean: number | null;
  readonly ok: number;
  readonly failed: number;
  readonly chance: number | null;
}

function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Means per (task, hidden, lr, variant, gap), in first-seen order of `rows` (grid order). */
export function summarize(rows: readonly CellRow[]): AccuracySummary[] {
  const groups = new Map<string, { rows: CellRow[] }>();
  for (const r of rows) {
    const id = JSON.stringify([r.task, r.hidden, r.lr, r.variant, r.gap]);
    let g = groups.get(id);
    if (g === undefined) {
      g = { rows: [] };
      groups.set(id, g);
    }
    g.rows.push(r);
  }
  const out: AccuracySummary[] = [];
  for (const { rows: rs } of groups.values()) {
    const first = rs[0] as CellRow;
    let sum = 0;
    let ok = 0;
    for (const r of rs) {
      if (r.status === 'ok') {
        sum += r.test_accuracy;
        ok++;
      }
    }
    out.push({
      task: first.task,
      hidden: first.hidden,
      lr: first.lr,
      variant: first.variant,
      gap: first.gap,
      mean: ok > 0 ? sum / ok : null,
      ok,
      failed: rs.length - ok,
      chance: Number.isFinite(first.chance) ? first.chance : null,
    });
  }
  return out;
}

/** The table text (ends with a newline), or '' when there are no rows. */
export function accuracyTable(rows: readonly CellRow[]): string {
  const summary = summarize(rows);
  if (summary.length === 0) return '';
  const sweptHidden = uniq(summary.map((s) => s.hidden)).length > 1;
  const sweptLr = uniq(summary.map((s) => s.lr)).length > 1;
  const blocks = uniq(summary.map((s) => JSON.stringify([s.task, s.hidden, s.lr])));
  const lines: string[] = [];
  for (const blockId of blocks) {
    const cells = summary.filter((s) => JSON.stringify([s.task, s.hidden, s.lr]) === blockId);
    const head = cells[0] as AccuracySummary;
    const title = [head.task, sweptHidden ? `hidden ${head.hidden}` : '', sweptLr ? `lr ${head.lr}` : ''].filter(Boolean).join('  ');
    const variants = uniq(cells.map((c) => c.variant));
    const gaps = uniq(cells.map((c) => c.gap)).sort((a, b) => a - b);
    const at = (v: string, g: number): AccuracySummary | undefined => cells.find((c) => c.variant === v && c.gap === g);
    const fmt = (s: AccuracySummary | undefined): string => {
      if (s === undefined || s.mean === null) return '-';
      return `${s.mean.toFixed(3)}${s.failed > 0 ? '*' : ''}`;
    };
    const nameWidth = Math.max(7, ...variants.map((v) => v.length));
    const colWidth = Math.max(6, ...gaps.map((g) => `g${g}`.length));
    const row = (label: string, values: string[]): string =>
      `${label.padEnd(nameWidth)}  ${values.map((v) => v.padStart(colWidth)).join('  ')}`.trimEnd();
    if (lines.length > 0) lines.push('');
    lines.push(title);
    lines.push(row('variant', gaps.map((g) => `g${g}`)));
    for (const v of variants) lines.push(row(v, gaps.map((g) => fmt(at(v, g)))));
    lines.push(
      row(
        'chance',
        gaps.map((g) => {
          const c = cells.find((s) => s.gap === g)?.chance;
          return c === undefined || c === null ? '-' : c.toFixed(3);
        }),
      ),
    );
  }
  if (summary.some((s) => s.failed > 0)) lines.push('', '* some replicates diverged or failed; the mean is over the rest');
  return `${lines.join('\n')}\n`;
}
