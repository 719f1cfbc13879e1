/**
 * Estimated cost of one cell, in multiply-adds of the recurrent cell. Used
 * to run the longest cells first (so the last cell to finish is a short
 * one), for the ETA, and by sharding to balance shards. Only ratios matter.
 *
 * A step of a cell with P_cell parameters costs about P_cell multiply-adds
 * per sequence (the packed gate product dominates; gru's second product is
 * in P_cell too). Over a sequence of T = length(gap) steps:
 *   training: steps · batch · T · P_cell · 3   (forward + BPTT ≈ 3 forwards)
 *   evals:    ⌈steps / evalEvery⌉ · evalSize · T · P_cell  (the last step always evaluates)
 *   test:     testSize · T · P_cell
 * The readout (answer steps only) and the optimizer are ignored.
 */
import { cellParamCount, taskOf } from './cell-info.js';
import type { CellSpec } from './types.js';

export function estimateCost(spec: CellSpec): number {
  const T = taskOf(spec).length(spec.gap);
  const P = cellParamCount(spec);
  const evals = Math.ceil(spec.steps / spec.evalEvery);
  return T * P * (3 * spec.steps * spec.batch + evals * spec.evalSize + spec.testSize);
}

/**
 * Cells longest first; ties keep their order in `cells` (grid order), so
 * the schedule is the same on every machine.
 */
export function longestFirst(cells: readonly CellSpec[]): CellSpec[] {
  const costs = cells.map((c, i) => ({ c, i, cost: estimateCost(c) }));
  costs.sort((a, b) => b.cost - a.cost || a.i - b.i);
  return costs.map((x) => x.c);
}
