/**
 * `runExperiment`: the programmatic entry of `gapbench run`.
 *
 *   config ─validate─> grid ─skip finished─> longest first ─pool─> rows
 *                                                              │
 *                        cells.jsonl (append + fsync per row) <┘
 *                        results.csv, curves.csv, manifest.json at the end
 *
 * Every input problem (bad config, occupied or unwritable folder, resume
 * of another config) is a ConfigError raised before anything is written.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { DEFAULT_RUNS_ROOT } from '../config/defaults.js';
import { configHash } from '../config/hash.js';
import { validateConfig } from '../config/resolve.js';
import { fastFused } from '../engine/kernels/fast.js';
import type { BackendName } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import type { ExperimentConfig, ExperimentInput } from '../config/schema.js';
import { loadConfigPlugins } from '../plugins/load.js';
import { describeFma, nodeMajor } from '../report/compare.js';
import { curvesCsv, gradflowCsv, inGridOrder, resultsCsv } from '../report/csv.js';
import { paramCount, rowCoordinates, taskOf } from './cell-info.js';
import { estimateCost, longestFirst } from './cost.js';
import { expandGrid, gridIndex } from './grid.js';
import { runPool } from './pool.js';
import { formatShard, shardCells, summarizeShard, checkShard, type ShardSpec, type ShardSummary } from './shard.js';
import {
  CURVES_FILE,
  GRADFLOW_FILE,
  CellLog,
  RESULTS_FILE,
  RUN_SCHEMA_VERSION,
  gapbenchVersion,
  gitCommit,
  isFreshDir,
  readCells,
  readManifest,
  truncateTorn,
  writeDerived,
  writeManifest,
  type Manifest,
  type RunSession,
  type RunStatus,
  type RunVersions,
  type TornLine,
} from './store.js';
import type { CellRow, CellSpec, ErrorRow } from './types.js';

/** Progress of a run, for terminals and `--json`. */
export type RunEvent =
  | {
      readonly type: 'start';
      readonly dir: string;
      readonly runId: string;
      readonly configHash: string;
      /** Cells in the grid, already finished (resume), and to run now. */
      readonly total: number;
      readonly done: number;
      readonly pending: number;
      readonly workers: number;
      readonly resumed: boolean;
      /** Present when the folder runs one shard of the grid (total counts that shard's cells). */
      readonly shard?: ShardSummary;
    }
  | { readonly type: 'torn'; readonly dir: string; readonly line: number; readonly bytes: number }
  | {
      readonly type: 'cell';
      readonly row: CellRow;
      readonly done: number;
      readonly total: number;
      readonly elapsedMs: number;
      /** Estimated time to finish the remaining cells, from their estimated cost; null before the first cell. */
      readonly etaMs: number | null;
    }
  | { readonly type: 'end'; readonly dir: string; readonly status: RunStatus; readonly done: number; readonly total: number; readonly elapsedMs: number };

/** How and where `runExperiment` runs: workers, run folder, abort signal, progress events. */
export interface RunExperimentOptions {
  /** Parallel worker threads; default: os.availableParallelism(). */
  readonly workers?: number;
  /** The run folder itself (new or empty, or a run of the same config to continue). */
  readonly out?: string;
  /** An earlier run folder to continue; its config hash must match. */
  readonly resume?: string;
  /**
   * Run only this shard of the grid (shard.ts). Absent: the whole grid for
   * a new folder, the folder's own shard when continuing one.
   */
  readonly shard?: ShardSpec | null;
  /** Parent of new run folders when neither `out` nor `resume` is given. */
  readonly runsRoot?: string;
  /** Aborting stops scheduling, terminates workers and marks the run interrupted. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** Worker script override (tests). */
  readonly workerUrl?: URL;
  /** Things the user should know that do not stop the run (a resume from another git commit); default: stderr. */
  readonly onWarning?: (message: string) => void;
}

/** Every finished row of the run folder in grid order, the folder, its status and its config hash. */
export interface RunExperimentResult {
  /** Every finished cell of the run folder (earlier sessions included), in grid order. */
  readonly rows: CellRow[];
  readonly dir: string;
  readonly status: RunStatus;
  readonly configHash: string;
}

/** `-s2of4` for a shard, '' for the whole grid: shards started in the same second get distinct run ids. */
function shardSuffix(shard: ShardSpec | null | undefined): string {
  return shard ? `-s${shard.index}of${shard.count}` : '';
}

/** `20250314T101502Z` */
function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

interface Plan {
  readonly dir: string;
  readonly runId: string;
  /** The manifest of the run being continued, or null for a new run. */
  readonly previous: Manifest | null;
}

function hashMismatch(what: string, dir: string, theirs: string, ours: string): ConfigError {
  return new ConfigError(
    `${what} ${dir} was run with config hash ${theirs}, but this config has hash ${ours}; ` +
      `resume with the same settings (\`npx gapbench run --resume ${dir}\` alone reuses its config), or start a new run in another folder`,
  );
}

/** Decides the run folder and checks it; writes nothing. */
/** The shard a folder runs: the one asked for, or on resume the folder's own; a mismatch is a ConfigError. */
function planShard(asked: ShardSpec | null, previous: Manifest | null, dir: string): ShardSpec | null {
  if (asked !== null) checkShard(asked);
  if (previous === null) return asked;
  const own = previous.shard ?? null;
  if (asked === null || (own !== null && own.index === asked.index && own.count === asked.count)) return own;
  const what = own === null ? 'the whole grid (no shard)' : `shard ${formatShard(own)}`;
  throw new ConfigError(
    `${dir} runs ${what} of this config, but this run asks for shard ${formatShard(asked)} (from --shard or the scheduler's environment); ` +
      `continue a folder as its own shard (\`npx gapbench run --resume ${dir}\` keeps it), or give each shard its own --out folder`,
  );
}

function planRun(hash: string, options: RunExperimentOptions): Plan {
  if (options.resume !== undefined) {
    const dir = resolve(options.resume);
    const previous = readManifest(dir);
    if (previous.configHash !== hash) throw hashMismatch('--resume', options.resume, previous.configHash, hash);
    return { dir, runId: previous.runId, previous };
  }
  if (options.out !== undefined) {
    const dir = resolve(options.out);
    if (isFreshDir(dir)) return { dir, runId: `${utcStamp(new Date())}-${hash.slice(0, 8)}${shardSuffix(options.shard)}`, previous: null };
    let previous: Manifest;
    try {
      previous = readManifest(dir);
    } catch {
      throw new ConfigError(`--out ${options.out} is not empty and is not a gapbench run folder; choose a new or empty folder for --out`);
    }
    if (previous.configHash !== hash) throw hashMismatch('--out', options.out, previous.configHash, hash);
    return { dir, runId: previous.runId, previous };
  }
  const root = resolve(options.runsRoot ?? DEFAULT_RUNS_ROOT);
  const base = `${utcStamp(new Date())}-${hash.slice(0, 8)}${shardSuffix(options.shard)}`;
  let runId = base;
  for (let n = 2; !isFreshDir(join(root, runId)); n++) runId = `${base}-${n}`;
  return { dir: join(root, runId), runId, previous: null };
}

/** The builds that wrote a folder's rows: each session's, or the manifest's for sessions from before they recorded it. */
export function sessionBuilds(m: Manifest): { versions: RunVersions; git: Manifest['git'] }[] {
  const sessions: readonly RunSession[] = m.sessions ?? [];
  const recorded = sessions.filter((s) => s.versions !== undefined).map((s) => ({ versions: s.versions as RunVersions, git: s.git ?? null }));
  // Sessions from before per-session versions ran the manifest's build (a resume then copied it).
  if (recorded.length < sessions.length || recorded.length === 0) recorded.unshift({ versions: m.versions, git: m.git });
  return recorded;
}

/** Distinct values a (possibly merged, `a, b`-joined) version field takes. */
export function versionValues(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return String(v)
    .split(', ')
    .filter((x) => x !== '');
}

/** The `fma` field of a session's versions: recorded for the fast backend only. */
export function fmaOf(backend: BackendName): { fma?: boolean } {
  return backend === 'fast' ? { fma: fastFused() } : {};
}

/**
 * A recorded `fma` as booleans (undefined: not recorded): a merged
 * manifest's versions hold each field as text, "true", or "false, true"
 * when the shards disagreed.
 */
export function fmaValues(v: unknown): (boolean | undefined)[] {
  if (typeof v === 'boolean') return [v];
  if (typeof v !== 'string') return [undefined];
  return versionValues(v).map((x) => (x === 'true' ? true : x === 'false' ? false : undefined));
}

/**
 * Refuses to continue a folder whose rows came from another engine, Node
 * major or kind of multiply-add (results would mix two builds bit-wise);
 * returns a warning when only the git commit differs. Reads only.
 */
function checkBuild(dir: string, previous: Manifest, now: RunVersions, commit: string | null): string | null {
  const builds = sessionBuilds(previous);
  const engines = [...new Set(builds.flatMap((b) => versionValues(b.versions.engine)))];
  const majors = [...new Set(builds.flatMap((b) => versionValues(b.versions.node)).map((v) => String(nodeMajor(v))))];
  const fmas = [...new Set(builds.flatMap((b) => fmaValues(b.versions.fma)))];
  const problems: string[] = [];
  if (engines.some((e) => e !== String(now.engine))) problems.push(`engine version ${engines.join(', ')} (this build: ${String(now.engine)})`);
  if (fmas.some((f) => f !== now.fma)) problems.push(`${fmas.map(describeFma).join(', ')} (this machine: ${describeFma(now.fma)})`);
  if (majors.some((m) => m !== String(nodeMajor(now.node)))) {
    const nodes = [...new Set(builds.flatMap((b) => versionValues(b.versions.node)))];
    problems.push(`Node ${nodes.join(', ')} (this process: ${now.node})`);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `${dir} was run with ${problems.join(' and ')}; its cells would not be comparable bit for bit with the ones this build trains. ` +
        `Start a new run folder (\`npx gapbench run --out NEW\` with the same settings), or resume it with the build, Node major and kind of machine that started it`,
    );
  }
  const commits = [...new Set(builds.map((b) => b.git?.commit ?? 'none'))];
  const ours = commit ?? 'none';
  if (commits.some((c) => c !== ours)) {
    return `${dir} was run from git commit ${commits.join(', ')}, this build is ${ours}; the engine version and Node major agree, so the cells should match, but the manifest now records both commits per session`;
  }
  return null;
}

/** Row of a cell whose worker died: coordinates, chance and size from the registries. */
export function crashRow(spec: CellSpec, message: string, wallMs: number): ErrorRow {
  const safe = (f: () => number): number => {
    try {
      return f();
    } catch {
      return Number.NaN;
    }
  };
  return {
    ...rowCoordinates(spec),
    chance: safe(() => taskOf(spec).chance(spec.gap)),
    params: safe(() => paramCount(spec)),
    wall_ms: wallMs,
    curve: [],
    status: 'error',
    message,
  };
}

function checkWorkers(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new ConfigError(`workers: got ${String(workers)}, expected a positive integer; e.g. --workers 2`);
  }
  return workers;
}

/**
 * Runs (or continues) an experiment and returns every finished row in grid
 * order with the run folder. Resolves with status 'interrupted' when
 * `signal` aborts; throws ConfigError on bad input before writing anything.
 */
export async function runExperiment(config: ExperimentConfig | ExperimentInput, options: RunExperimentOptions = {}): Promise<RunExperimentResult> {
  const commitLookup = gitCommit();
  // Plugins the config names (paths, or refs of a resumed run) register their names before validation.
  await loadConfigPlugins(config);
  const resolved = validateConfig(config);
  const hash = configHash(resolved);
  const workers = checkWorkers(options.workers ?? availableParallelism());
  const fullGrid = expandGrid(resolved);
  const plan = planRun(hash, options);
  const versions: RunVersions = { gapbench: gapbenchVersion(), node: process.version, engine: ENGINE_VERSION, ...fmaOf(resolved.backend) };
  const commit = await commitLookup;
  const git = commit === null ? null : { commit };
  const buildWarning = plan.previous === null ? null : checkBuild(options.resume ?? options.out ?? plan.dir, plan.previous, versions, commit);
  const shard = planShard(options.shard ?? null, plan.previous, options.resume ?? options.out ?? plan.dir);
  const grid = shard === null ? fullGrid : shardCells(fullGrid, shard);
  const order = gridIndex(grid);
  const emit = options.onEvent ?? (() => {});

  let earlier: CellRow[] = [];
  let torn: TornLine | null = null;
  if (plan.previous !== null) {
    const read = readCells(plan.dir);
    earlier = read.rows.filter((r) => order.has(r.key));
    torn = read.torn;
  }
  if (buildWarning !== null) (options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`)))(buildWarning);

  // First write: everything above only read.
  try {
    mkdirSync(plan.dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`cannot create the run folder ${plan.dir} (${code}); choose a writable folder with --out`);
  }
  if (torn !== null) {
    emit({ type: 'torn', dir: plan.dir, line: torn.line, bytes: torn.bytes });
    truncateTorn(plan.dir, torn);
  }

  const startedAt = new Date().toISOString();
  const session: RunSession = { startedAt, endedAt: null, status: 'running', workers, cellsRun: 0, versions, git };
  const manifest: Manifest =
    plan.previous === null
      ? {
          schema: RUN_SCHEMA_VERSION,
          tool: 'gapbench',
          runId: plan.runId,
          configHash: hash,
          config: resolved,
          backend: resolved.backend,
          versions,
          git,
          shard: shard === null ? null : { index: shard.index, count: shard.count },
          cells: grid.map(({ key, task, variant, gap, replicate, hidden, lr }) => ({ key, task, variant, gap, replicate, hidden, lr })),
          startedAt,
          endedAt: null,
          status: 'running',
          sessions: [session],
        }
      : { ...plan.previous, endedAt: null, status: 'running', sessions: [...plan.previous.sessions, session] };
  writeManifest(plan.dir, manifest);

  // An error row (a crash, an OOM-killed worker) is retried; ok and diverged rows are deterministic and kept.
  const doneKeys = new Set(earlier.filter((r) => r.status !== 'error').map((r) => r.key));
  const queue = longestFirst(grid.filter((c) => !doneKeys.has(c.key)));
  const costs = new Map(queue.map((c) => [c.key, estimateCost(c)]));
  const costTotal = [...costs.values()].reduce((a, b) => a + b, 0);
  // key → its current row: an error row stays until its retry's row replaces it (as in readCells).
  const byKey = new Map(earlier.map((r) => [r.key, r]));
  let done = doneKeys.size;
  const size = Math.max(1, Math.min(workers, queue.length));
  emit({ type: 'start', dir: plan.dir, runId: plan.runId, configHash: hash, total: grid.length, done, pending: queue.length, workers: size, resumed: plan.previous !== null, ...(shard === null ? {} : { shard: summarizeShard(fullGrid, shard) }) });

  const t0 = performance.now();
  let costDone = 0;
  const log = new CellLog(plan.dir);
  const finish = (status: RunStatus): void => {
    const sorted = inGridOrder([...byKey.values()], order);
    writeDerived(plan.dir, RESULTS_FILE, resultsCsv(sorted));
    writeDerived(plan.dir, CURVES_FILE, curvesCsv(sorted));
    const flow = gradflowCsv(sorted);
    if (flow !== null) writeDerived(plan.dir, GRADFLOW_FILE, flow);
    const endedAt = new Date().toISOString();
    session.endedAt = endedAt;
    session.status = status;
    manifest.endedAt = endedAt;
    manifest.status = status;
    writeManifest(plan.dir, manifest);
  };

  let outcome;
  try {
    outcome = await runPool(queue, {
      workers: size,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
      ...(resolved.plugins !== undefined ? { plugins: resolved.plugins } : {}),
      crashRow,
      onRow: (row, spec) => {
        log.append(row);
        byKey.set(row.key, row);
        done++;
        session.cellsRun++;
        costDone += costs.get(spec.key) ?? 0;
        const elapsedMs = performance.now() - t0;
        const etaMs = costDone > 0 ? (elapsedMs * (costTotal - costDone)) / costDone : null;
        emit({ type: 'cell', row, done, total: grid.length, elapsedMs, etaMs });
      },
    });
  } catch (err) {
    log.close();
    try {
      finish('failed');
    } catch {
      // the original error matters more than a failed status write
    }
    throw err;
  }
  log.close();
  const status: RunStatus = outcome === 'complete' ? 'complete' : 'interrupted';
  finish(status);
  emit({ type: 'end', dir: plan.dir, status, done, total: grid.length, elapsedMs: performance.now() - t0 });
  return { rows: inGridOrder([...byKey.values()], order), dir: plan.dir, status, configHash: hash };
}
