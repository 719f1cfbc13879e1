/**
 * report.html: one self-contained page (inline SVG and CSS, no scripts, no
 * external URLs) that opens offline. Layout:
 *
 *   summary (cell counts, warnings) · max reliable gap (the headline table)
 *   per task: its figures (builder order), then accuracy, steps-to-solve and
 *     paired-difference tables
 *   run-wide figures · failed cells · resolved config and versions
 *
 * Table cells carry `data-*` coordinates so scripts and tests can find a
 * number without depending on the layout.
 */
import type { CellRow } from '../runner/types.js';
import {
  aggregateAccuracy,
  aggregateStepsToSolve,
  failedRows,
  maxReliableGap,
  pairedDifferences,
  RELIABLE_FRACTION,
  type Setting,
} from './aggregate.js';
import { fileSlug, settingLabel } from './figures.js';
import type { ReportContext, ReportFigure } from './types.js';

export const PAIRED_BASELINE = 'lstm';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Accuracy-like numbers: 3 decimals. */
export function fmt3(x: number): string {
  return x.toFixed(3);
}

/** Signed, 3 decimals: +0.120, -0.045 (ASCII minus, so the text copies into any tool). */
export function fmtSigned(x: number): string {
  const s = x.toFixed(3);
  return x >= 0 && !s.startsWith('-') ? `+${s}` : s === '-0.000' ? '+0.000' : s;
}

const NONE = '—';

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` data-${k}="${escapeHtml(String(v))}"`)
    .join('');
}

function coordAttrs(task: string, variant: string, gap: number | null, s: Setting): Record<string, string | number> {
  return gap === null ? { task, variant, hidden: s.hidden, lr: s.lr } : { task, variant, gap, hidden: s.hidden, lr: s.lr };
}

/** Row label of a (variant, setting) line; the setting only when swept. */
function rowLabel(ctx: ReportContext, variant: string, s: Setting): string {
  return ctx.settings.length > 1 ? `${escapeHtml(variant)} <span class="setting">${escapeHtml(settingLabel(s))}</span>` : escapeHtml(variant);
}

interface WideCell {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly hidden: number;
  readonly lr: number;
}

/** A variants-down, gaps-across table of one task; `cell` renders the inner HTML of a <td>. */
function wideTable<T extends WideCell>(
  ctx: ReportContext,
  id: string,
  items: readonly T[],
  cell: (item: T) => string,
  extraRows = '',
): string {
  const gaps = [...new Set(items.map((i) => i.gap))].sort((a, b) => a - b);
  const lines = new Map<string, { variant: string; s: Setting; cells: Map<number, T> }>();
  for (const it of items) {
    const k = JSON.stringify([it.variant, it.hidden, it.lr]);
    const line = lines.get(k) ?? { variant: it.variant, s: { hidden: it.hidden, lr: it.lr }, cells: new Map<number, T>() };
    line.cells.set(it.gap, it);
    lines.set(k, line);
  }
  const head = `<tr><th scope="col">variant</th>${gaps.map((g) => `<th scope="col" class="num">gap ${g}</th>`).join('')}</tr>`;
  const body = [...lines.values()]
    .map((line) => {
      const tds = gaps
        .map((g) => {
          const it = line.cells.get(g);
          return it === undefined ? `<td class="num missing">${NONE}</td>` : `<td class="num"${attrs(coordAttrs(it.task, it.variant, g, line.s))}>${cell(it)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${rowLabel(ctx, line.variant, line.s)}</th>${tds}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table id="${escapeHtml(id)}" class="wide">\n<thead>${head}</thead>\n<tbody>\n${body}\n${extraRows}</tbody>\n</table></div>`;
}

function failedNote(failed: number): string {
  return failed > 0 ? ` <span class="failed">${failed} failed</span>` : '';
}

/** A table cell's content: the headline number, then a smaller details line. */
function stacked(main: string, details: string): string {
  return `${main}<span class="details">${details}</span>`;
}

function accuracyTable(ctx: ReportContext, task: string, rows: readonly CellRow[]): string {
  const agg = aggregateAccuracy(rows, ctx.order);
  const gaps = [...new Set(agg.map((a) => a.gap))].sort((a, b) => a - b);
  const chance = gaps.map((g) => {
    const c = agg.filter((a) => a.gap === g).map((a) => a.chance);
    return `<td class="num chance">${c.length > 0 ? fmt3(c.reduce((s, v) => s + v, 0) / c.length) : NONE}</td>`;
  });
  const chanceRow = `<tr class="chance"><th scope="row">chance</th>${chance.join('')}</tr>\n`;
  return wideTable(
    ctx,
    `acc-${fileSlug(task)}`,
    agg,
    (a) =>
      a.mean === null || a.min === null || a.max === null
        ? stacked(`<span class="mean">${NONE}</span>`, `<span class="n">n=0</span>${failedNote(a.failed)}`)
        : stacked(
            `<span class="mean">${fmt3(a.mean)}</span>`,
            `<span class="range">${fmt3(a.min)}–${fmt3(a.max)}</span> <span class="n">n=${a.n}</span>${failedNote(a.failed)}`,
          ),
    chanceRow,
  );
}

function solveTable(ctx: ReportContext, task: string, rows: readonly CellRow[]): string {
  return wideTable(ctx, `solve-${fileSlug(task)}`, aggregateStepsToSolve(rows, ctx.order), (s) =>
    s.n === 0
      ? stacked(`<span class="median">${NONE}</span>`, failedNote(s.failed))
      : stacked(
          `<span class="median">${s.median === null ? 'never' : String(s.median)}</span>`,
          `<span class="n">${s.solved}/${s.n} solved</span>${failedNote(s.failed)}`,
        ),
  );
}

function pairedTable(ctx: ReportContext, task: string, rows: readonly CellRow[]): string {
  const diffs = pairedDifferences(rows, PAIRED_BASELINE, ctx.order);
  if (diffs.length === 0) return `<p class="note">No paired differences: this task has no ${PAIRED_BASELINE} rows, or no other variant.</p>`;
  return wideTable(ctx, `paired-${fileSlug(task)}`, diffs, (d) => {
    if (d.mean === null) return stacked(`<span class="diff">${NONE}</span>`, '<span class="n">n=0</span>');
    const ci = d.lo === null || d.hi === null ? '<span class="ci">no interval</span>' : `<span class="ci">[${fmtSigned(d.lo)}, ${fmtSigned(d.hi)}]</span>`;
    return stacked(`<span class="diff">${fmtSigned(d.mean)}</span>`, `${ci} <span class="n">n=${d.n}</span>`);
  });
}

function reliableTable(ctx: ReportContext): string {
  const planned = ctx.manifest.config.replicates ?? 0;
  const items = maxReliableGap(ctx.rows, ctx.threshold, planned, ctx.order);
  const lines = new Map<string, { variant: string; s: Setting; byTask: Map<string, (typeof items)[number]> }>();
  for (const it of items) {
    const k = JSON.stringify([it.variant, it.hidden, it.lr]);
    const line = lines.get(k) ?? { variant: it.variant, s: { hidden: it.hidden, lr: it.lr }, byTask: new Map() };
    line.byTask.set(it.task, it);
    lines.set(k, line);
  }
  // variants in display order, whatever task they first appeared in
  const ordered = [...lines.values()].sort(
    (a, b) => ctx.order.variants.indexOf(a.variant) - ctx.order.variants.indexOf(b.variant) || a.s.hidden - b.s.hidden || a.s.lr - b.s.lr,
  );
  const head = `<tr><th scope="col">variant</th>${ctx.tasks.map((t) => `<th scope="col" class="num">${escapeHtml(t)}</th>`).join('')}</tr>`;
  const body = ordered
    .map((line) => {
      const tds = ctx.tasks
        .map((t) => {
          const it = line.byTask.get(t);
          if (it === undefined) return `<td class="num missing">${NONE}</td>`;
          return `<td class="num"${attrs(coordAttrs(t, line.variant, null, line.s))}><span class="gap">${it.gap === null ? NONE : String(it.gap)}</span></td>`;
        })
        .join('');
      return `<tr><th scope="row">${rowLabel(ctx, line.variant, line.s)}</th>${tds}</tr>`;
    })
    .join('\n');
  return `<table id="max-reliable-gap">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function failedTable(ctx: ReportContext): string {
  const failed = failedRows(ctx.rows, ctx.order);
  if (failed.length === 0) return '<p class="note">None: every finished cell trained to the end of its budget.</p>';
  const swept = ctx.settings.length > 1;
  const head = `<tr><th>task</th><th>variant</th><th class="num">gap</th><th class="num">replicate</th>${swept ? '<th class="num">hidden</th><th class="num">lr</th>' : ''}<th>status</th><th>detail</th></tr>`;
  const body = failed
    .map((r) => {
      const detail = r.status === 'diverged' ? `loss or parameters not finite at step ${r.diverged_step}` : r.status === 'error' ? r.message : '';
      return (
        `<tr class="${r.status}"${attrs({ key: r.key })}><td>${escapeHtml(r.task)}</td><td>${escapeHtml(r.variant)}</td>` +
        `<td class="num">${r.gap}</td><td class="num">${r.replicate}</td>${swept ? `<td class="num">${r.hidden}</td><td class="num">${r.lr}</td>` : ''}` +
        `<td>${r.status}</td><td class="detail">${escapeHtml(detail)}</td></tr>`
      );
    })
    .join('\n');
  return `<table id="failed-cells">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function figureHtml(f: ReportFigure): string {
  return (
    `<figure id="${escapeHtml(f.file.replace(/\.svg$/, ''))}">\n` +
    `<div class="svg">${f.svg}</div>\n` +
    `<figcaption><strong>${escapeHtml(f.title)}.</strong> ${escapeHtml(f.caption)} <a href="${escapeHtml(f.file)}">${escapeHtml(f.file)}</a></figcaption>\n</figure>`
  );
}

function runInfoTable(ctx: ReportContext): string {
  const m = ctx.manifest;
  const entries: [string, string][] = [];
  const add = (k: string, v: unknown): void => {
    if (v !== undefined && v !== null && v !== '') entries.push([k, String(v)]);
  };
  add('run id', m.runId);
  add('status', m.status);
  add('started', m.startedAt);
  add('ended', m.endedAt);
  add('config hash', m.configHash);
  add('backend', m.backend);
  add('run-folder schema', m.schema);
  add('git commit', m.git?.commit);
  for (const [k, v] of Object.entries(m.versions ?? {})) add(`${k} version`, typeof v === 'string' ? v : JSON.stringify(v));
  return `<table id="run-info" class="kv">\n<tbody>\n${entries.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`).join('\n')}\n</tbody>\n</table>`;
}

/** The resolved config, one field per row; lists and objects as compact JSON. */
function configTable(config: Record<string, unknown>): string {
  const rows = Object.entries(config).map(
    ([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}</code></td></tr>`,
  );
  return `<table id="config-table" class="kv">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const CSS = `
:root { color-scheme: light; --ink: #1d1f23; --muted: #5b6270; --rule: #d9dce1; --band: #f5f6f8; --bad: #a3261b; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-top: 12px; border-top: 2px solid var(--rule); }
h3 { font-size: 16px; margin: 22px 0 8px; }
p.lede, .note, figcaption { color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
a { color: #1f5fa8; }
figure { margin: 18px 0 28px; }
.svg { overflow-x: auto; }
.svg svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 14px; max-width: 920px; margin-top: 6px; }
table { border-collapse: collapse; margin: 10px 0 20px; font-size: 14px; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--band); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.details { display: block; color: var(--muted); font-size: 12px; }
.setting { color: var(--muted); font-size: 12px; }
table.wide td.num { min-width: 120px; }
.mean, .median, .diff, .gap { font-weight: 600; font-size: 15px; }
.failed { color: var(--bad); font-size: 12px; font-weight: 600; }
tr.chance td, tr.chance th { color: var(--muted); font-style: italic; }
td.detail { max-width: 520px; overflow-wrap: anywhere; }
.warnings { border-left: 4px solid var(--bad); background: #fbefed; padding: 8px 14px; }
.summary { display: flex; gap: 28px; flex-wrap: wrap; margin: 12px 0; }
.summary div { font-size: 14px; color: var(--muted); }
.summary strong { display: block; font-size: 22px; color: var(--ink); }
pre { background: var(--band); border: 1px solid var(--rule); padding: 12px; overflow-x: auto; font-size: 13px; }
table.kv th { font-weight: 600; white-space: nowrap; }
table.kv td code { overflow-wrap: anywhere; }
@media print { h2 { break-before: auto; } figure { break-inside: avoid; } }
`;

export interface PageInput {
  readonly ctx: ReportContext;
  readonly figures: readonly ReportFigure[];
  readonly warnings: readonly string[];
}

/** The whole report page. */
export function renderPage({ ctx, figures, warnings }: PageInput): string {
  const m = ctx.manifest;
  const counts = { ok: 0, diverged: 0, error: 0 };
  for (const r of ctx.rows) counts[r.status]++;
  const title = `gapbench report${m.runId !== undefined ? ` — ${m.runId}` : ''}`;
  const frac = `${RELIABLE_FRACTION.num}/${RELIABLE_FRACTION.den}`;
  const cellList = (m as { cells?: unknown }).cells;
  // an empty list means the writer did not record the grid, not an empty grid
  const planned = Array.isArray(cellList) && cellList.length > 0 ? cellList.length : null;
  const parts: string[] = [];
  parts.push(`<header>\n<h1>${escapeHtml(title)}</h1>`);
  parts.push(
    `<p class="lede">How well each recurrent cell carries information across a gap: test accuracy against gap length, per task and variant. ` +
      `Tasks: ${ctx.tasks.map(escapeHtml).join(', ')}. Variants: ${ctx.variants.map(escapeHtml).join(', ')}.</p>`,
  );
  parts.push(
    `<nav><ul>${['summary', ...ctx.tasks.map((t) => `task-${fileSlug(t)}`)]
      .map((id, i) => `<li><a href="#${escapeHtml(id)}">${i === 0 ? 'summary' : escapeHtml(ctx.tasks[i - 1] as string)}</a></li>`)
      .join('')}<li><a href="#failed">failed cells</a></li><li><a href="#config">config and versions</a></li></ul></nav>\n</header>`,
  );

  parts.push(`<section id="summary">\n<h2>Summary</h2>`);
  parts.push(
    `<div class="summary"><div><strong>${ctx.rows.length}</strong>cells finished${planned !== null && planned !== ctx.rows.length ? ` of ${planned} planned` : ''}</div><div><strong>${counts.ok}</strong>ok</div>` +
      `<div><strong>${counts.diverged}</strong>diverged</div><div><strong>${counts.error}</strong>error</div>` +
      (m.config.replicates !== undefined ? `<div><strong>${m.config.replicates}</strong>replicates per cell</div>` : '') +
      `<div><strong>${ctx.threshold}</strong>solved threshold</div></div>`,
  );
  if (warnings.length > 0) parts.push(`<div class="warnings" id="warnings"><strong>Warnings</strong><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>`);
  parts.push(
    `<h3>Max reliable gap</h3>\n<p class="note">Per task and variant, the largest gap at which at least ${frac} of the replicates reach test accuracy ≥ ${ctx.threshold} ` +
      `(the solved threshold). Diverged, failed or missing replicates count as not reaching it. ${NONE} = no gap qualifies.</p>`,
  );
  parts.push(reliableTable(ctx));
  parts.push('</section>');

  for (const task of ctx.tasks) {
    const rows = ctx.rows.filter((r) => r.task === task);
    parts.push(`<section id="task-${escapeHtml(fileSlug(task))}">\n<h2>${escapeHtml(task)}</h2>`);
    for (const f of figures.filter((x) => x.task === task)) parts.push(figureHtml(f));
    parts.push(
      `<h3>Test accuracy</h3>\n<p class="note">Mean over ok replicates, then min–max, then n (ok replicates). ` +
        `Failed replicates are excluded and counted.</p>`,
    );
    parts.push(accuracyTable(ctx, task, rows));
    parts.push(
      `<h3>Steps to solve</h3>\n<p class="note">First eval step at which eval accuracy reached ${ctx.threshold}; median over ok replicates, ` +
        `an unsolved replicate counting as never. "never" = the median replicate never solved it.</p>`,
    );
    parts.push(solveTable(ctx, task, rows));
    parts.push(
      `<h3>Paired difference against ${PAIRED_BASELINE}</h3>\n<p class="note">Test accuracy of the variant minus ${PAIRED_BASELINE}'s on the same gap and replicate ` +
        `(same training and test sequences), mean with a two-sided 95% t-interval across replicates; n = replicates where both are ok. ` +
        `With n = 1 the single difference is shown without an interval.</p>`,
    );
    parts.push(pairedTable(ctx, task, rows));
    parts.push('</section>');
  }

  const runWide = figures.filter((f) => f.task === null);
  if (runWide.length > 0) parts.push(`<section id="figures">\n<h2>More figures</h2>\n${runWide.map(figureHtml).join('\n')}\n</section>`);

  parts.push(`<section id="failed">\n<h2>Failed cells</h2>\n<p class="note">Diverged and error cells; excluded from every mean, median and interval above.</p>`);
  parts.push(failedTable(ctx));
  parts.push('</section>');

  parts.push(`<section id="config">\n<h2>Config and versions</h2>`);
  parts.push(runInfoTable(ctx));
  parts.push(`<h3>Resolved config</h3>\n${configTable(m.config)}`);
  parts.push('</section>');

  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n${parts.join('\n')}\n</main>\n</body>\n</html>\n`
  );
}
