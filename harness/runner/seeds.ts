/**
 * Per-cell seed keys (DESIGN.md, Seeds and determinism). Data streams depend
 * on task, gap and replicate only — every variant, hidden size and learning
 * rate sees the same sequences (paired comparison); the init stream also
 * depends on the variant.
 */
export interface SeedKeys {
  readonly train: string;
  readonly eval: string;
  readonly test: string;
  readonly init: string;
}

export interface SeedCoordinates {
  readonly seed: string;
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly replicate: number;
}

export function seedKeys(c: SeedCoordinates): SeedKeys {
  const data = `${c.seed}/${c.task}/${c.gap}/${c.replicate}`;
  return {
    train: `${data}/train`,
    eval: `${data}/eval`,
    test: `${data}/test`,
    init: `${c.seed}/${c.task}/${c.variant}/${c.gap}/${c.replicate}/init`,
  };
}
