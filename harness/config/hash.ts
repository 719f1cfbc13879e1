/**
 * The config hash: sha256 of the canonical JSON of everything that changes
 * results (DESIGN.md, Results) — tasks and their resolved options, variants,
 * gaps, replicates, seed, hyperparameters, backend, plugins. Run options
 * (workers, out, resume, shard) are not part of it, so runs of one
 * experiment on different machines, worker counts or shards share one hash.
 * Plugins enter by content hash (sorted), not path: the same plugin file at
 * another path gives the same hash; a config without plugins hashes as it
 * did before plugins existed.
 */
import { createHash } from 'node:crypto';
import type { ExperimentConfig } from './schema.js';

/** JSON with object keys sorted at every depth: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`canonicalJson: ${value} has no JSON form; hashed configs hold finite numbers only`);
  }
  return JSON.stringify(value);
}

/**
 * The hashed part of a resolved config, picked field by field: a new field
 * of ExperimentConfig fails to compile here until someone decides it.
 */
export function hashedFields(
  c: ExperimentConfig,
): { readonly [K in Exclude<keyof ExperimentConfig, 'plugins'>]: ExperimentConfig[K] } & { readonly plugins: readonly string[] | undefined } {
  return {
    // Sorted: the order of a list changes the table's row order, not one result.
    tasks: [...c.tasks].sort(),
    taskOptions: c.taskOptions,
    variants: [...c.variants].sort(),
    gaps: c.gaps,
    replicates: c.replicates,
    seed: c.seed,
    hidden: c.hidden,
    batch: c.batch,
    lr: c.lr,
    steps: c.steps,
    evalEvery: c.evalEvery,
    evalSize: c.evalSize,
    testSize: c.testSize,
    clip: c.clip,
    beta1: c.beta1,
    beta2: c.beta2,
    eps: c.eps,
    solvedThreshold: c.solvedThreshold,
    backend: c.backend,
    // Hashed although no metric depends on it: it decides whether a run
    // folder has gradflow.csv, and every cell of a run must agree.
    gradflow: c.gradflow,
    plugins: c.plugins === undefined || c.plugins.length === 0 ? undefined : [...new Set(c.plugins.map((p) => p.sha256))].sort(),
  };
}

/** sha256 hex of the canonical JSON of the hashed fields of a resolved config. */
export function configHash(c: ExperimentConfig): string {
  return createHash('sha256').update(canonicalJson(hashedFields(c))).digest('hex');
}
