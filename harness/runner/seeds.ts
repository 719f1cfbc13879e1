/**
 * Seed keys of one cell (DESIGN.md, Seeds and determinism). Every random
 * draw of a cell comes from makeRng(key) with one of these readable keys:
 *
 *   data: `${seed}/${task}/${gap}/${replicate}/train|eval|test|gradflow`
 *   init: `${seed}/${task}/${variant}/${gap}/${replicate}/init`
 *
 * Data keys omit the variant (and the hidden size and learning rate), so
 * every variant of a (task, gap, replicate) sees the same sequences: a
 * paired comparison. The init key omits hidden and lr too, so an lr sweep
 * starts every rate from the same weights.
 */
import type { CellSpec } from './types.js';

export interface SeedKeys {
  /** Training batches, drawn in order from one stream. */
  readonly train: string;
  /** Fresh evaluation sequences every `evalEvery` steps. */
  readonly eval: string;
  /** The fixed test set. */
  readonly test: string;
  /** The one fixed batch gradient flow is measured on. */
  readonly gradflow: string;
  /** Parameter initialisation. */
  readonly init: string;
}

export function seedKeys(spec: Pick<CellSpec, 'seed' | 'task' | 'variant' | 'gap' | 'replicate'>): SeedKeys {
  const data = `${spec.seed}/${spec.task}/${spec.gap}/${spec.replicate}`;
  return {
    train: `${data}/train`,
    eval: `${data}/eval`,
    test: `${data}/test`,
    gradflow: `${data}/gradflow`,
    init: `${spec.seed}/${spec.task}/${spec.variant}/${spec.gap}/${spec.replicate}/init`,
  };
}
