/**
 * Sharding: one sweep split over N machines, each running `--shard I/N`
 * (I from 1 to N), then `gapbench merge`.
 *
 * The partition is a pure function of the resolved config and N, so every
 * machine computes the same one without talking to the others: cells are
 * dealt longest first (estimated cost, cost.ts; ties by cell key) each to
 * the shard with the least estimated cost so far (ties: the lowest shard).
 * This is longest-processing-time scheduling (Graham 1969): the largest
 * shard exceeds the best possible by at most a third, and in practice sits
 * within a few percent of the mean when cells outnumber shards.
 *
 * Which shard this process is comes from `--shard I/N`, or from the
 * scheduler's environment (detectShard): a Slurm array job or a Kubernetes
 * Indexed Job. The shard is a run option, not part of the config hash, so
 * the shards of one sweep share one hash and can be merged.
 */
import { ConfigError } from '../config/errors.js';
import { estimateCost } from './cost.js';
import type { CellSpec } from './types.js';

/** Shard `index` (1-based, as vitest and jest count) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * The cells of every shard: `count` lists (shard I is entry I − 1), each in
 * the order of `cells` (grid order). Their union is `cells`, and no cell is
 * in two lists. Shards beyond the number of cells are empty.
 */
export function partitionCells(cells: readonly CellSpec[], count: number): CellSpec[][] {
  checkCount(count, 'shard count');
  const items = cells.map((cell, i) => ({ cell, i, cost: estimateCost(cell) }));
  // Longest first; equal costs by key, so the deal does not depend on the grid's nesting order.
  items.sort((a, b) => b.cost - a.cost || (a.cell.key < b.cell.key ? -1 : a.cell.key > b.cell.key ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const owner = new Array<number>(cells.length);
  for (const { i, cost } of items) {
    let best = 0;
    for (let s = 1; s < count; s++) if ((load[s] as number) < (load[best] as number)) best = s;
    load[best] = (load[best] as number) + cost;
    owner[i] = best;
  }
  const shards: CellSpec[][] = Array.from({ length: count }, () => []);
  cells.forEach((cell, i) => (shards[owner[i] as number] as CellSpec[]).push(cell));
  return shards;
}

/** The cells of one shard, in the order of `cells`. */
export function shardCells(cells: readonly CellSpec[], shard: ShardSpec): CellSpec[] {
  checkShard(shard);
  return partitionCells(cells, shard.count)[shard.index - 1] as CellSpec[];
}

/** What one shard holds, for the line `gapbench run` prints. */
export interface ShardSummary extends ShardSpec {
  /** Cells of this shard, and of the whole grid. */
  readonly cells: number;
  readonly gridCells: number;
  /** This shard's share of the grid's estimated cost, in [0, 1]. */
  readonly costShare: number;
  /** Shards that get no cell (count larger than the grid). */
  readonly emptyShards: number;
}

export function summarizeShard(grid: readonly CellSpec[], shard: ShardSpec): ShardSummary {
  const parts = partitionCells(grid, shard.count);
  const mine = parts[shard.index - 1] ?? [];
  const total = grid.reduce((s, c) => s + estimateCost(c), 0);
  const own = mine.reduce((s, c) => s + estimateCost(c), 0);
  return {
    index: shard.index,
    count: shard.count,
    cells: mine.length,
    gridCells: grid.length,
    costShare: total > 0 ? own / total : 0,
    emptyShards: parts.filter((p) => p.length === 0).length,
  };
}

function checkCount(count: number, what: string): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ConfigError(`${what}: got ${String(count)}, expected a positive integer; e.g. --shard 1/4`);
  }
}

export function checkShard(shard: ShardSpec): void {
  checkCount(shard.count, 'shard count');
  if (!Number.isSafeInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new ConfigError(`shard ${String(shard.index)}/${shard.count}: the index must be an integer from 1 to ${shard.count}; e.g. --shard 1/${shard.count}`);
  }
}

/** `2/4` */
export function formatShard(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

/** A non-negative decimal integer as typed (no sign, no exponent, no fraction), or null. */
function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** `--shard I/N` as typed; a ConfigError naming the value and the fix. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*([^/]*)\/([^/]*)\s*$/.exec(text);
  const index = m ? parseCount(m[1] as string) : null;
  const count = m ? parseCount(m[2] as string) : null;
  if (index === null || count === null) {
    throw new ConfigError(`--shard ${JSON.stringify(text)}: expected I/N with whole numbers, shard I (counted from 1) of N; e.g. --shard 2/4`);
  }
  if (count < 1) throw new ConfigError(`--shard ${text}: the shard count must be at least 1; e.g. --shard 1/4`);
  if (index < 1 || index > count) {
    throw new ConfigError(`--shard ${text}: shards are counted from 1 to ${count}, got ${index}; e.g. --shard ${Math.min(Math.max(index, 1), count)}/${count}`);
  }
  return { index, count };
}

/** Where the shard of a run came from. */
export type ShardSource = 'flag' | 'slurm' | 'kubernetes';

export interface DetectedShard {
  readonly shard: ShardSpec;
  readonly source: ShardSource;
  /** One line for the user: which shard of which total, and why. */
  readonly reason: string;
}

export interface ShardFlags {
  /** `--shard I/N` as typed. */
  readonly shard?: string | undefined;
  /** `--shards N` as typed (the total, for a Kubernetes Indexed Job). */
  readonly shards?: string | undefined;
}

/** The environment variables detectShard reads (process.env fits). */
export type ShardEnv = Readonly<Record<string, string | undefined>>;

const SLURM_VARS = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX', 'SLURM_ARRAY_TASK_STEP'] as const;

function envInt(env: ShardEnv, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const n = parseCount(raw);
  if (n === null) throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a whole number; unset it, or pass --shard I/N to choose the shard explicitly`);
  return n;
}

/**
 * A Slurm array task as shard I/N, or null outside an array job.
 *
 * Slurm sets SLURM_ARRAY_TASK_ID with COUNT, MIN, MAX (and STEP) for every
 * array task. The shard is the task's position in the array:
 * I = (ID − MIN) / STEP + 1 and N = COUNT (or (MAX − MIN) / STEP + 1), so
 * `--array=0-3` and `--array=1-4` both run shards 1/4 … 4/4. Without MIN,
 * IDs are read as counted from 0, as in Slurm's own examples.
 */
function slurmShard(env: ShardEnv): { shard: ShardSpec; vars: string } | null {
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (id === null) return null;
  const countVar = envInt(env, 'SLURM_ARRAY_TASK_COUNT');
  let min = envInt(env, 'SLURM_ARRAY_TASK_MIN');
  const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
  const step = envInt(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
  const vars = SLURM_VARS.filter((v) => env[v] !== undefined && env[v]?.trim() !== '')
    .map((v) => `${v}=${env[v]?.trim()}`)
    .join(' ');
  const fix = 'submit a contiguous array such as `sbatch --array=1-N` (or 0-(N-1)), or pass --shard I/N';
  if (step < 1) throw new ConfigError(`Slurm array: ${vars}: the step must be at least 1; ${fix}`);
  if (countVar === null && (min === null || max === null)) {
    throw new ConfigError(
      `Slurm array: ${vars} but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN/MAX is set, so the number of shards is unknown; set SLURM_ARRAY_TASK_COUNT, or pass --shard I/N`,
    );
  }
  if (min === null) min = 0;
  if (id < min || (id - min) % step !== 0) throw new ConfigError(`Slurm array: ${vars}: the task ID is not in the array ${min}, ${min + step}, …; ${fix}`);
  const fromRange = max === null ? null : max < min || (max - min) % step !== 0 ? Number.NaN : (max - min) / step + 1;
  if (fromRange !== null && Number.isNaN(fromRange)) throw new ConfigError(`Slurm array: ${vars}: MIN and MAX do not span a range of this step; ${fix}`);
  if (countVar !== null && fromRange !== null && countVar !== fromRange) {
    // `--array=1,3,8` or `--array=1-4,9`: IDs with holes, so the position of a task is not its ID.
    throw new ConfigError(`Slurm array: ${vars}: ${countVar} tasks but the IDs span ${fromRange} positions, so the array has holes; ${fix}`);
  }
  const count = countVar ?? (fromRange as number);
  const index = (id - min) / step + 1;
  if (count < 1 || index > count) {
    throw new ConfigError(
      `Slurm array: ${vars}: task ID ${id} is position ${index} of an array of ${count}` +
        (env['SLURM_ARRAY_TASK_MIN'] === undefined ? ' (IDs read as counted from 0 because SLURM_ARRAY_TASK_MIN is not set)' : '') +
        `; ${fix}`,
    );
  }
  return { shard: { index, count }, vars };
}

/** A Kubernetes Indexed Job pod: JOB_COMPLETION_INDEX (from 0), or null outside one. */
function kubernetesIndex(env: ShardEnv): number | null {
  return envInt(env, 'JOB_COMPLETION_INDEX');
}

/**
 * The shard this process runs, from flags and the environment, or null for
 * the whole grid. Precedence: `--shard I/N` (overrides the environment),
 * then a Slurm array job, then a Kubernetes Indexed Job with `--shards N`.
 * Pure: pass `process.env` or a test object. Bad or contradictory values
 * are ConfigErrors (exit 2) naming the variable or flag and the fix.
 */
export function detectShard(flags: ShardFlags, env: ShardEnv): DetectedShard | null {
  const shardsFlag = flags.shards === undefined ? null : parseCount(flags.shards);
  if (flags.shards !== undefined && (shardsFlag === null || shardsFlag < 1)) {
    throw new ConfigError(`--shards ${JSON.stringify(flags.shards)}: expected a positive whole number, the total number of shards; e.g. --shards 4`);
  }
  const k8s = kubernetesIndex(env);
  let slurm: ReturnType<typeof slurmShard> | null = null;
  let slurmError: unknown = null;
  try {
    slurm = slurmShard(env);
  } catch (err) {
    slurmError = err;
  }

  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    if (shardsFlag !== null && shardsFlag !== shard.count) {
      throw new ConfigError(`--shard ${flags.shard} and --shards ${shardsFlag} disagree on the number of shards; give only --shard I/N`);
    }
    const ignored = [
      ...(env['SLURM_ARRAY_TASK_ID'] !== undefined ? [`SLURM_ARRAY_TASK_ID=${env['SLURM_ARRAY_TASK_ID']}`] : []),
      ...(k8s !== null ? [`JOB_COMPLETION_INDEX=${k8s}`] : []),
    ];
    const over = ignored.length > 0 ? ` (overriding ${ignored.join(' and ')} in the environment)` : '';
    return { shard, source: 'flag', reason: `from --shard ${formatShard(shard)}${over}` };
  }

  if (slurmError !== null) throw slurmError;
  if (slurm !== null && k8s !== null) {
    throw new ConfigError(
      `both a Slurm array (SLURM_ARRAY_TASK_ID=${env['SLURM_ARRAY_TASK_ID']}) and a Kubernetes Indexed Job (JOB_COMPLETION_INDEX=${k8s}) are in the environment; pass --shard I/N to choose`,
    );
  }
  if (slurm !== null) {
    if (shardsFlag !== null && shardsFlag !== slurm.shard.count) {
      throw new ConfigError(`--shards ${shardsFlag} disagrees with the Slurm array of ${slurm.shard.count} tasks (${slurm.vars}); drop --shards, or resubmit with --array=1-${shardsFlag}`);
    }
    return { shard: slurm.shard, source: 'slurm', reason: `from the Slurm array task (${slurm.vars})` };
  }
  if (k8s !== null) {
    if (shardsFlag === null) {
      throw new ConfigError(
        `JOB_COMPLETION_INDEX=${k8s} (a Kubernetes Indexed Job) is set but the number of shards is not: pass --shards N with N equal to the Job's spec.completions, or --shard I/N explicitly`,
      );
    }
    if (k8s >= shardsFlag) {
      throw new ConfigError(`JOB_COMPLETION_INDEX=${k8s} is counted from 0, so it must be below --shards ${shardsFlag}; set --shards to the Job's spec.completions`);
    }
    const shard = { index: k8s + 1, count: shardsFlag };
    return { shard, source: 'kubernetes', reason: `from the Kubernetes Indexed Job (JOB_COMPLETION_INDEX=${k8s}, counted from 0, with --shards ${shardsFlag})` };
  }
  if (shardsFlag !== null) {
    throw new ConfigError(
      `--shards ${shardsFlag} gives the number of shards but not which one to run; pass --shard I/${shardsFlag}, or run inside a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array`,
    );
  }
  return null;
}
