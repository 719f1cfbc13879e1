/**
 * The task contract. A task is a synthetic sequence problem with a gap g
 * between the information and the step where it is needed. Shapes:
 *   T = length(g) steps, N = sequences in a batch, X = inputWidth,
 *   A_s = answerSteps(g).length, O = outputWidth.
 * Inputs are time-major: inputs[(t * N + n) * X + x].
 * Targets are answer-step-major: targets[a * N + n] (a class index for
 * 'ce' tasks, a real value for 'mse' tasks).
 */
import type { Rng } from '../harness/engine/rng.js';

/** 'ce': softmax cross-entropy over the readout; 'mse': squared error of a scalar readout. */
export type LossKind = 'ce' | 'mse';

/** One task family with its options resolved: sizes, loss, answer steps and the sequence generator. */
export interface Task {
  /** Registry name, e.g. `copy`. */
  readonly name: string;
  /** One line for `gapbench list`. */
  readonly summary: string;
  /** Resolved task options (alphabet size, copy length, ...). */
  readonly options: Readonly<Record<string, number>>;
  /** X: width of one input vector. */
  readonly inputWidth: number;
  /** O: width of the readout at an answer step. */
  readonly outputWidth: number;
  /** 'ce': softmax cross-entropy over O classes; 'mse': squared error of a scalar (O = 1). */
  readonly loss: LossKind;
  /** Smallest gap the task is defined for. */
  readonly minGap: number;
  /** Sequence length T for gap g. */
  length(gap: number): number;
  /** 0-based answer steps for gap g, ascending. */
  answerSteps(gap: number): readonly number[];
  /** Accuracy of the best input-blind predictor at gap g. */
  chance(gap: number): number;
  /** The accuracy rule: is the readout `output[off .. off + O)` correct for `target`? */
  correct(output: ArrayLike<number>, off: number, target: number): boolean;
  /**
   * Writes `size` fresh sequences for gap g into caller-owned arrays:
   * inputs (T * size * X, overwritten whole) and targets (A_s * size).
   * Every draw comes from `rng`.
   */
  batch(rng: Rng, gap: number, size: number, inputs: Float64Array, targets: Float64Array): void;
}

/** A registry entry: a named task family with defaulted numeric options. */
export interface TaskDefinition {
  readonly name: string;
  readonly summary: string;
  /** Option names and their defaults (DESIGN.md). */
  readonly defaults: Readonly<Record<string, number>>;
  /** Validates options (unknown keys and bad values throw) and builds the task. */
  create(options?: Readonly<Record<string, number>>): Task;
}
