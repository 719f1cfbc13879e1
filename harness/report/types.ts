/**
 * Contracts of the report: the context every figure builder receives and the
 * figures it returns. A new figure (e.g. gradient flow) is one builder
 * function appended to `figureBuilders` in figures.ts; the page places its
 * figures in the task sections (or the run-wide section) in builder order.
 */
import type { CellRow } from '../runner/types.js';
import type { AggregateOrder, Setting } from './aggregate.js';
import type { ReportManifest } from './load.js';

export interface ReportContext {
  /** The run folder; builders may read further files from it (e.g. gradflow.csv). */
  readonly dir: string;
  readonly manifest: ReportManifest;
  /** Valid rows of cells.jsonl, every status. */
  readonly rows: readonly CellRow[];
  /** Task and variant display order (config order). */
  readonly order: Required<AggregateOrder>;
  /** Tasks that have rows, in display order. */
  readonly tasks: readonly string[];
  /** Variants that have rows, in display order; fixes each variant's colour across figures. */
  readonly variants: readonly string[];
  /** Distinct (hidden, lr) settings; more than one when swept. */
  readonly settings: readonly Setting[];
  /** config.solvedThreshold. */
  readonly threshold: number;
}

export interface ReportFigure {
  /** File name inside the run folder, e.g. `fig-accuracy-copy.svg`. */
  readonly file: string;
  /** The task the figure belongs to; null for a run-wide figure. */
  readonly task: string | null;
  /** Heading above the figure. */
  readonly title: string;
  /** What is drawn: lines, band, reference lines, over which replicates. */
  readonly caption: string;
  /** Standalone SVG text (ids already namespaced by the file name). */
  readonly svg: string;
}

/** Builds zero or more figures of a run; must be deterministic in its inputs. */
export type FigureBuilder = (ctx: ReportContext) => Promise<ReportFigure[]>;
