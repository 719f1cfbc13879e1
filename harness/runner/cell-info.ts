/**
 * Cheap facts about a cell computed from the registries without training:
 * its task (built once per task and options), sequence length, parameter
 * count and chance accuracy. Used for cost estimates and for the row of a
 * cell whose worker died.
 */
import { readoutSpecs } from '../engine/params.js';
import type { Task } from '../../tasks/index.js';
import { getTask } from '../../tasks/index.js';
import { getVariant } from '../../variants/index.js';
import { canonicalJson } from '../config/hash.js';
import type { CellSpec } from './types.js';

const taskCache = new Map<string, Task>();

/** The task of a cell, built with the cell's options (cached). */
export function taskOf(spec: Pick<CellSpec, 'task' | 'taskOptions'>): Task {
  const id = `${spec.task}:${canonicalJson(spec.taskOptions)}`;
  let task = taskCache.get(id);
  if (task === undefined) {
    task = getTask(spec.task, spec.taskOptions);
    taskCache.set(id, task);
  }
  return task;
}

/** P_cell: parameters of the recurrent cell alone (readout excluded). */
export function cellParamCount(spec: Pick<CellSpec, 'task' | 'taskOptions' | 'variant' | 'hidden'>): number {
  const X = taskOf(spec).inputWidth;
  let n = 0;
  for (const p of getVariant(spec.variant).params(spec.hidden, X)) n += p.rows * p.cols;
  return n;
}

/** P: parameters of cell and readout, as the engine lays them out. */
export function paramCount(spec: Pick<CellSpec, 'task' | 'taskOptions' | 'variant' | 'hidden'>): number {
  let n = cellParamCount(spec);
  for (const p of readoutSpecs(spec.hidden, taskOf(spec).outputWidth)) n += p.rows * p.cols;
  return n;
}

/** The coordinates and settings every row repeats from its spec, whatever its status. */
export function rowCoordinates(spec: CellSpec) {
  return {
    key: spec.key,
    task: spec.task,
    variant: spec.variant,
    gap: spec.gap,
    replicate: spec.replicate,
    seed: spec.seed,
    hidden: spec.hidden,
    batch: spec.batch,
    lr: spec.lr,
    steps: spec.steps,
    backend: spec.backend,
  };
}
