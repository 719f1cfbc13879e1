/**
 * The report's figures as Vega-Lite specs rendered to SVG (render.ts):
 *
 * - fig-accuracy-<task>.svg: test accuracy against gap (log x), one line per
 *   variant (mean over ok replicates) with a min–max band, dashed chance line.
 * - fig-curves-<task>.svg: eval accuracy against training step, one panel
 *   per gap (and setting, when hidden or lr is swept), one line per variant,
 *   dashed chance and dotted solved-threshold lines.
 * - fig-gradflow-<task>.svg: gradient norm against distance from the answer
 *   (figure-gradflow.ts), when the run recorded gradient flow.
 *
 * Every mark layer is named, so the SVG carries classes `series_marks`,
 * `band_marks`, `chance_marks`, ... and each series path an aria-label with
 * its variant: tests and readers can find a series by name.
 */
import type { TopLevelSpec } from 'vega-lite';
import { aggregateAccuracy, aggregateCurves, type Setting } from './aggregate.js';
import { gradflowFigures } from './figure-gradflow.js';
import { renderSvg } from './render.js';
import type { FigureBuilder, ReportContext, ReportFigure } from './types.js';

/** d3 category10: saturated and distinct at line width 2 (rnn, lstm, peephole, coupled, gru take the first five). */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const REFERENCE_GREY = '#555555';

/** A file-name-safe form of a task name. */
export function fileSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_');
}

export function settingLabel(s: Setting): string {
  return `hidden ${s.hidden}, lr ${s.lr}`;
}

/** Shared look of every report figure (Vega-Lite `config`): readable font sizes, legend symbols as solid strokes. */
export const FIGURE_CONFIG = {
  font: 'sans-serif',
  view: { stroke: '#dddddd' },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start' as const, offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal' as const, gridColor: '#ececec' },
  legend: { labelFontSize: 12, titleFontSize: 13, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, symbolSize: 240 },
  header: { labelFontSize: 13, titleFontSize: 13 },
};

/** The variant colour scale: the same colour for a variant in every figure of a report. */
export function variantColorScale(ctx: ReportContext): { domain: string[]; range: string[] } {
  const domain = [...ctx.variants];
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length] as string) };
}

function chanceByGap(ctx: ReportContext, task: string, setting: Setting): Map<number, number> {
  const byGap = new Map<number, number[]>();
  for (const r of ctx.rows) {
    if (r.task !== task || r.hidden !== setting.hidden || r.lr !== setting.lr) continue;
    const list = byGap.get(r.gap);
    if (list === undefined) byGap.set(r.gap, [r.chance]);
    else list.push(r.chance);
  }
  const out = new Map<number, number>();
  for (const [gap, list] of [...byGap].sort((a, b) => a[0] - b[0])) out.set(gap, list.reduce((s, v) => s + v, 0) / list.length);
  return out;
}

function sameSetting(a: Setting, b: Setting): boolean {
  return a.hidden === b.hidden && a.lr === b.lr;
}

/** Accuracy-vs-gap spec of one task; exported so tests and notebooks can inspect it. */
export function accuracySpec(ctx: ReportContext, task: string): TopLevelSpec {
  const swept = ctx.settings.length > 1;
  const agg = aggregateAccuracy(
    ctx.rows.filter((r) => r.task === task),
    ctx.order,
  );
  const values: Record<string, string | number>[] = [];
  const gaps = new Set<number>();
  for (const a of agg) {
    gaps.add(a.gap);
    if (a.mean === null || a.min === null || a.max === null) continue;
    values.push({ kind: 'acc', panel: settingLabel(a), variant: a.variant, gap: a.gap, mean: a.mean, min: a.min, max: a.max, n: a.n });
  }
  for (const s of ctx.settings) {
    const chance = chanceByGap(ctx, task, s);
    // label at the smallest gap, where accuracies are highest and the label rarely hides a line
    const first = [...chance.keys()][0];
    for (const [gap, c] of chance) {
      values.push({ kind: 'chance', panel: settingLabel(s), gap, chance: c });
      if (gap === first) values.push({ kind: 'chanceLabel', panel: settingLabel(s), gap, chance: c, label: 'chance' });
    }
  }
  const gapList = [...gaps].sort((a, b) => a - b);
  const lo = gapList[0] ?? 1;
  const hi = gapList[gapList.length - 1] ?? 1;
  // a little room on both ends of the log axis so end points and the chance label are not on the frame
  const x = {
    field: 'gap',
    type: 'quantitative' as const,
    title: 'gap (steps between information and answer, log scale)',
    scale: { type: 'log' as const, domain: [lo / 1.25, hi * 1.25], nice: false },
    axis: { values: gapList, format: 'd', grid: true },
  };
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'test accuracy' };
  const color = { field: 'variant', type: 'nominal' as const, title: 'variant', scale: variantColorScale(ctx), sort: [...ctx.variants] };
  const layerSpec = {
    width: 560,
    height: 320,
    layer: [
      {
        name: 'band',
        transform: [{ filter: "datum.kind === 'acc'" }],
        mark: { type: 'area' as const, opacity: 0.16 },
        encoding: { x, y: { ...y, field: 'min' }, y2: { field: 'max' }, color },
      },
      {
        name: 'chance',
        transform: [{ filter: "datum.kind === 'chance'" }],
        mark: { type: 'line' as const, strokeDash: [6, 4], strokeWidth: 1.5, color: REFERENCE_GREY },
        encoding: { x, y: { ...y, field: 'chance' }, description: { value: 'chance' } },
      },
      {
        name: 'chance_label',
        transform: [{ filter: "datum.kind === 'chanceLabel'" }],
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'bottom' as const, dx: 4, dy: -4, fontSize: 12, color: REFERENCE_GREY },
        encoding: { x, y: { ...y, field: 'chance' }, text: { field: 'label' } },
      },
      {
        name: 'series',
        transform: [{ filter: "datum.kind === 'acc'" }],
        mark: { type: 'line' as const, strokeWidth: 2.5, point: { filled: true, size: 45 } },
        encoding: { x, y: { ...y, field: 'mean' }, color, description: { field: 'variant' } },
      },
    ],
  };
  const title = {
    text: `${task}: test accuracy vs gap`,
    subtitle: 'line = mean over replicates; band = min–max over replicates; dashed = chance',
  };
  const common = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, config: FIGURE_CONFIG, data: { values } };
  if (!swept) return { ...common, ...layerSpec } as TopLevelSpec;
  return {
    ...common,
    facet: { field: 'panel', type: 'ordinal', title: null, sort: ctx.settings.map(settingLabel) },
    columns: Math.min(ctx.settings.length, 2),
    spec: layerSpec,
  } as TopLevelSpec;
}

/** Learning-curve spec of one task: one panel per gap (× setting), eval accuracy vs step. */
export function curvesSpec(ctx: ReportContext, task: string): TopLevelSpec {
  const swept = ctx.settings.length > 1;
  const curves = aggregateCurves(
    ctx.rows.filter((r) => r.task === task),
    ctx.order,
  );
  const panelOf = (gap: number, s: Setting): string => (swept ? `gap ${gap} · ${settingLabel(s)}` : `gap ${gap}`);
  const panels: string[] = [];
  const values: Record<string, string | number>[] = [];
  for (const s of ctx.settings) {
    for (const [gap, chance] of chanceByGap(ctx, task, s)) {
      const panel = panelOf(gap, s);
      panels.push(panel);
      values.push({ kind: 'ref', panel, gap, chance, threshold: ctx.threshold });
    }
  }
  // panels gap-major, settings inside, matching the tables
  panels.sort((a, b) => {
    const ga = Number(/^gap (\d+(?:\.\d+)?)/.exec(a)?.[1]);
    const gb = Number(/^gap (\d+(?:\.\d+)?)/.exec(b)?.[1]);
    return ga - gb;
  });
  for (const c of curves) {
    const s = ctx.settings.find((x) => sameSetting(x, c));
    if (s === undefined) continue;
    values.push({ kind: 'curve', panel: panelOf(c.gap, s), variant: c.variant, step: c.step, mean: c.mean, n: c.n });
  }
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'eval accuracy' };
  const color = { field: 'variant', type: 'nominal' as const, title: 'variant', scale: variantColorScale(ctx), sort: [...ctx.variants] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${task}: learning curves`,
      subtitle: `mean eval accuracy over replicates; dashed = chance; dotted = solved threshold ${ctx.threshold}`,
    },
    config: FIGURE_CONFIG,
    data: { values },
    facet: { field: 'panel', type: 'ordinal', title: null, sort: panels },
    columns: Math.min(panels.length, 3),
    spec: {
      width: 250,
      height: 170,
      layer: [
        {
          name: 'chance',
          transform: [{ filter: "datum.kind === 'ref'" }],
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5, color: REFERENCE_GREY },
          encoding: { y: { ...y, field: 'chance' }, description: { value: 'chance' } },
        },
        {
          name: 'threshold',
          transform: [{ filter: "datum.kind === 'ref'" }],
          mark: { type: 'rule', strokeDash: [1, 3], strokeWidth: 1.5, color: '#999999' },
          encoding: { y: { ...y, field: 'threshold' }, description: { value: 'solved threshold' } },
        },
        {
          name: 'series',
          transform: [{ filter: "datum.kind === 'curve'" }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: { field: 'step', type: 'quantitative', title: 'training step', scale: { zero: true } },
            y: { ...y, field: 'mean' },
            color,
            description: { field: 'variant' },
          },
        },
      ],
    },
    resolve: { axis: { x: 'independent' } },
  } as TopLevelSpec;
}

export const accuracyFigures: FigureBuilder = async (ctx) => {
  const out: ReportFigure[] = [];
  for (const task of ctx.tasks) {
    const file = `fig-accuracy-${fileSlug(task)}.svg`;
    out.push({
      file,
      task,
      title: `${task}: accuracy vs gap`,
      caption:
        `Test accuracy against gap (log scale), one line per variant: the mean over successful replicates, ` +
        `with a shaded band from the minimum to the maximum replicate (not a confidence interval). ` +
        `Dashed grey: chance accuracy. Diverged or failed replicates are left out and listed below.`,
      svg: await renderSvg(accuracySpec(ctx, task), file.replace(/\.svg$/, '')),
    });
  }
  return out;
};

export const curveFigures: FigureBuilder = async (ctx) => {
  const out: ReportFigure[] = [];
  for (const task of ctx.tasks) {
    const file = `fig-curves-${fileSlug(task)}.svg`;
    out.push({
      file,
      task,
      title: `${task}: learning curves`,
      caption:
        `Eval accuracy (fresh sequences) against training step, one panel per gap, one line per variant ` +
        `(mean over successful replicates). Dashed grey: chance; dotted: the solved threshold ${ctx.threshold}.`,
      svg: await renderSvg(curvesSpec(ctx, task), file.replace(/\.svg$/, '')),
    });
  }
  return out;
};

/**
 * Every figure of the report, in page order within each task section.
 * To add a figure: write a FigureBuilder (a Vega-Lite spec per task, with
 * FIGURE_CONFIG and variantColorScale for the shared look, rendered by
 * renderSvg with the file name as id prefix; return [] when its input,
 * e.g. an optional CSV in ctx.dir, is absent) and append it here.
 */
export const figureBuilders: readonly FigureBuilder[] = [accuracyFigures, curveFigures, gradflowFigures];
