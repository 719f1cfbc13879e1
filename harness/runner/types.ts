/**
 * Contracts of the runner: one cell of the grid and its result row.
 * Column names follow DESIGN.md (File formats) exactly.
 */
import type { GradflowPoint } from '../engine/gradflow.js';
import type { BackendName } from '../engine/types.js';

/** Everything needed to train one (task, variant, gap, replicate, hidden, lr) cell. */
export interface CellSpec {
  /** Stable key, e.g. `copy/lstm/g20/r0/h64/lr0.001`. */
  readonly key: string;
  readonly task: string;
  readonly taskOptions: Readonly<Record<string, number>>;
  readonly variant: string;
  readonly gap: number;
  readonly replicate: number;
  /** Base seed of the run; every per-cell key derives from it. */
  readonly seed: string;
  readonly hidden: number;
  readonly batch: number;
  readonly lr: number;
  readonly steps: number;
  readonly evalEvery: number;
  readonly evalSize: number;
  readonly testSize: number;
  readonly clip: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly solvedThreshold: number;
  readonly backend: BackendName;
  /** Record gradient flow at init and after training (gradflow.csv). */
  readonly gradflow?: boolean;
}

/** How a cell ended: trained to the end, diverged (NaN/Inf), or threw. */
export type CellStatus = 'ok' | 'diverged' | 'error';

/** One point of a learning curve. */
export interface CurvePoint {
  readonly step: number;
  readonly split: 'train' | 'eval';
  readonly loss: number;
  readonly accuracy: number;
}

/** Fields every row carries, whatever its status. */
interface CellRowBase {
  readonly key: string;
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly replicate: number;
  readonly seed: string;
  readonly hidden: number;
  readonly batch: number;
  readonly lr: number;
  readonly steps: number;
  readonly chance: number;
  readonly params: number;
  readonly backend: BackendName;
  readonly wall_ms: number;
  readonly curve: readonly CurvePoint[];
  /** Present when the spec asked for gradient flow. */
  readonly gradflow?: readonly GradflowRecord[];
}

/** One gradflow.csv line without the cell coordinates. */
export interface GradflowRecord extends GradflowPoint {
  readonly phase: 'init' | 'trained';
}

/** A cell that trained to the end of its budget. */
export interface OkRow extends CellRowBase {
  readonly status: 'ok';
  readonly test_accuracy: number;
  readonly test_loss: number;
  /** First eval step at or above the solved threshold; null if never. */
  readonly steps_to_solve: number | null;
  readonly sequences_to_solve: number | null;
  readonly final_train_loss: number;
}

/** A cell whose loss or parameters became NaN/Inf; training stopped at `diverged_step`. */
export interface DivergedRow extends CellRowBase {
  readonly status: 'diverged';
  readonly diverged_step: number;
}

/** A cell that threw; the sweep goes on. */
export interface ErrorRow extends CellRowBase {
  readonly status: 'error';
  readonly message: string;
}

/** One finished cell: a union on `status`; only ok rows carry test metrics. */
export type CellRow = OkRow | DivergedRow | ErrorRow;
