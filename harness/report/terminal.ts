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
import { aggregateAccuracy, type AccuracyAggregate } from './aggregate.js';

function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The report's aggregates, with tasks and variants in first-seen (grid) order. */
function summarize(rows: readonly CellRow[]): AccuracyAggregate[] {
  return aggregateAccuracy(rows, { tasks: uniq(rows.map((r) => r.task)), variants: uniq(rows.map((r) => r.variant)) });
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
    const head = cells[0] as AccuracyAggregate;
    const title = [head.task, sweptHidden ? `hidden ${head.hidden}` : '', sweptLr ? `lr ${head.lr}` : ''].filter(Boolean).join('  ');
    const variants = uniq(cells.map((c) => c.variant));
    const gaps = uniq(cells.map((c) => c.gap)).sort((a, b) => a - b);
    const at = (v: string, g: number): AccuracyAggregate | undefined => cells.find((c) => c.variant === v && c.gap === g);
    const fmt = (s: AccuracyAggregate | undefined): string => {
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
          return c === undefined || !Number.isFinite(c) ? '-' : c.toFixed(3);
        }),
      ),
    );
  }
  if (summary.some((s) => s.failed > 0)) lines.push('', '* some replicates diverged or failed; the mean is over the rest');
  return `${lines.join('\n')}\n`;
}
