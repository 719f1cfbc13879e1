/**
 * Grid expansion: tasks × variants × gaps × hidden × lr × replicates, in
 * that nesting order (the "grid order" of results.csv). A cell's key names
 * all its coordinates, so adding a value to any axis leaves the keys (and,
 * through seeds.ts, the seeds) of existing cells unchanged.
 */
import type { ExperimentConfig } from '../config/schema.js';
import type { CellSpec } from './types.js';

/** The coordinates that identify a cell within one config. */
export interface CellCoordinates {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly replicate: number;
  readonly hidden: number;
  readonly lr: number;
}

/** `copy/lstm/g20/r0/h64/lr0.001` */
export function cellKey(c: CellCoordinates): string {
  return `${c.task}/${c.variant}/g${c.gap}/r${c.replicate}/h${c.hidden}/lr${c.lr}`;
}

/** Every cell of a resolved config, in grid order. */
export function expandGrid(config: ExperimentConfig): CellSpec[] {
  const cells: CellSpec[] = [];
  for (const task of config.tasks) {
    const taskOptions = config.taskOptions[task] ?? {};
    for (const variant of config.variants) {
      for (const gap of config.gaps) {
        for (const hidden of config.hidden) {
          for (const lr of config.lr) {
            for (let replicate = 0; replicate < config.replicates; replicate++) {
              const coords = { task, variant, gap, replicate, hidden, lr };
              cells.push({
                key: cellKey(coords),
                ...coords,
                taskOptions,
                seed: config.seed,
                batch: config.batch,
                steps: config.steps,
                evalEvery: config.evalEvery,
                evalSize: config.evalSize,
                testSize: config.testSize,
                clip: config.clip,
                beta1: config.beta1,
                beta2: config.beta2,
                eps: config.eps,
                solvedThreshold: config.solvedThreshold,
                backend: config.backend,
                gradflow: config.gradflow,
              });
            }
          }
        }
      }
    }
  }
  return cells;
}

/** Position of each key in grid order, for sorting rows independently of completion order. */
export function gridIndex(cells: readonly CellSpec[]): Map<string, number> {
  return new Map(cells.map((c, i) => [c.key, i]));
}
