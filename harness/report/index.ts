/**
 * The report of a run folder: figures (SVG) and report.html, regenerated
 * from manifest.json and cells.jsonl alone.
 *
 *   writeReport(dir) -> { html: '<dir>/report.html', figures: ['<dir>/fig-accuracy-copy.svg', ...] }
 */
import { writeFileAtomic } from '../runner/store.js';
import { join } from 'node:path';
import { loadRun } from './load.js';
import { figureBuilders } from './figures.js';
import { renderPage } from './html.js';
import { settingsOf } from './aggregate.js';
import type { CellRow } from '../runner/types.js';
import type { ReportContext, ReportFigure } from './types.js';

export const REPORT_FILE = 'report.html';

export interface WriteReportOptions {
  /** Called once per warning (e.g. a torn last line); default: console.warn. */
  readonly onWarning?: (message: string) => void;
}

export interface WrittenReport {
  /** Path of report.html. */
  readonly html: string;
  /** Paths of the SVG figures, in page order. */
  readonly figures: string[];
}

/** Names in config order, then any others present in rows, alphabetically. */
function displayOrder(configured: readonly string[] | undefined, present: Iterable<string>): string[] {
  const seen = new Set(present);
  const first = (configured ?? []).filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !first.includes(n)).sort();
  return [...first, ...rest];
}

/** The context figure builders and the page read; exported for tests and other report consumers. */
export function reportContext(dir: string, manifest: ReportContext['manifest'], rows: readonly CellRow[]): ReportContext {
  const tasks = displayOrder(manifest.config.tasks, rows.map((r) => r.task));
  const variants = displayOrder(manifest.config.variants, rows.map((r) => r.variant));
  return {
    dir,
    manifest,
    rows,
    order: { tasks, variants },
    tasks,
    variants,
    settings: settingsOf(rows),
    threshold: manifest.config.solvedThreshold,
  };
}

/** Every figure of a context, builder by builder (see figures.ts `figureBuilders`). */
export async function buildFigures(ctx: ReportContext): Promise<ReportFigure[]> {
  const out: ReportFigure[] = [];
  for (const build of figureBuilders) out.push(...(await build(ctx)));
  return out;
}

/**
 * Reads `runDir` (manifest.json, cells.jsonl), writes one SVG per figure and
 * report.html into it. A torn last line of cells.jsonl is skipped with a
 * warning (shown in the report too); a missing or damaged file is a
 * ConfigError naming it.
 */
export async function writeReport(runDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const warn = options.onWarning ?? ((m: string) => console.warn(`gapbench report: ${m}`));
  const run = loadRun(runDir);
  for (const w of run.warnings) warn(w);
  const ctx = reportContext(runDir, run.manifest, run.rows);
  const figures = await buildFigures(ctx);
  const paths: string[] = [];
  for (const f of figures) {
    const path = join(runDir, f.file);
    writeFileAtomic(path, f.svg);
    paths.push(path);
  }
  const html = join(runDir, REPORT_FILE);
  writeFileAtomic(html, renderPage({ ctx, figures, warnings: run.warnings }));
  return { html, figures: paths };
}

export {
  aggregateAccuracy,
  aggregateCurves,
  aggregateStepsToSolve,
  compareCoords,
  failedRows,
  groupRows,
  maxReliableGap,
  pairedDifferences,
  RELIABLE_FRACTION,
  settingsOf,
  sortRows,
  type AccuracyAggregate,
  type AggregateOrder,
  type CurveAggregate,
  type PairedDifference,
  type ReliableGap,
  type Setting,
  type SolveAggregate,
} from './aggregate.js';
export { mean, median, meanInterval95, sampleSd, tQuantile975, type MeanInterval } from './stats.js';
export { accuracyFigures, accuracySpec, curveFigures, curvesSpec, FIGURE_CONFIG, figureBuilders, fileSlug, variantColorScale } from './figures.js';
export { renderSvg, prefixSvgIds } from './render.js';
export {
  aggregateGradflow,
  gradflowFigures,
  gradflowGap,
  gradflowSpec,
  perStepFactor,
  type GradflowAggregate,
  type GradflowAggregates,
  type KeepAggregate,
} from './figure-gradflow.js';
export { renderPage, escapeHtml } from './html.js';
export { loadRun, type ReportManifest, type RunData } from './load.js';
export type { FigureBuilder, ReportContext, ReportFigure } from './types.js';
