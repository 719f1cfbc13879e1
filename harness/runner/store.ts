/**
 * The run folder (DESIGN.md, Results):
 *
 *   manifest.json  what was run: schema version, resolved config and hash,
 *                  cell list, versions, backend, git commit, sessions, status
 *   cells.jsonl    one CellRow per line, appended and fsync'd as each cell
 *                  finishes: the source of truth
 *   results.csv, curves.csv   derived from cells.jsonl (report/csv.ts)
 *
 * A crash can tear only the last line of cells.jsonl (one write per line);
 * readers detect it, report it and ignore it, and a resumed run truncates
 * it before appending.
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.js';
import type { ExperimentConfig } from '../config/schema.js';
import type { CellCoordinates } from './grid.js';
import type { CellRow } from './types.js';

export const MANIFEST_FILE = 'manifest.json';
export const CELLS_FILE = 'cells.jsonl';
export const RESULTS_FILE = 'results.csv';
export const CURVES_FILE = 'curves.csv';
export const GRADFLOW_FILE = 'gradflow.csv';

/** Version of the run-folder layout; bump on an incompatible change. */
export const RUN_SCHEMA_VERSION = 1;

/**
 * `incomplete`: a merged folder (runner/merge.ts) some grid cells are in no
 * source of; `gapbench run --resume` trains them. A run itself never ends so.
 */
export type RunStatus = 'running' | 'complete' | 'interrupted' | 'failed' | 'incomplete';

/** What built and ran the results: gapbench version, Node version, ENGINE_VERSION. */
export interface RunVersions {
  readonly gapbench: string;
  readonly node: string;
  /** ENGINE_VERSION of the build (engine/version.ts); absent in folders from before it was recorded. */
  readonly engine?: number;
  /**
   * Fast backend only: whether its multiply-adds are fused on this machine
   * (kernels/fast.ts `fastFused`); fast results are bit-identical only
   * between machines that agree. Absent for the reference backend and in
   * folders from before it was recorded.
   */
  readonly fma?: boolean;
}

/** One invocation of `gapbench run` on this folder (the first, then each resume). */
export interface RunSession {
  readonly startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  readonly workers: number;
  /** Cells this session finished. */
  cellsRun: number;
  /** The build of this session; absent in folders from before sessions recorded it (then the manifest's `versions` and `git`). */
  readonly versions?: RunVersions;
  readonly git?: { readonly commit: string } | null;
}

export interface Manifest {
  readonly schema: number;
  readonly tool: 'gapbench';
  readonly runId: string;
  readonly configHash: string;
  readonly config: ExperimentConfig;
  readonly backend: string;
  /** The build of the first session; each session records its own (a resume refuses another engine or Node major). */
  readonly versions: RunVersions;
  readonly git: { readonly commit: string } | null;
  /** Which part of the grid this folder runs; null = all of it. */
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly cells: readonly (CellCoordinates & { readonly key: string })[];
  readonly startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  sessions: RunSession[];
}

/** The package root: the nearest folder above this module holding gapbench's package.json. */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'gapbench') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function gapbenchVersion(): string {
  const root = packageRoot();
  if (root === null) return 'unknown';
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
}

/**
 * HEAD of the checkout gapbench runs from, or null outside git. Asynchronous,
 * so a run looks it up while it validates its config and plans the folder.
 */
export function gitCommit(): Promise<string | null> {
  const root = packageRoot();
  if (root === null) return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, timeout: 5000 }, (err, stdout) => {
      const commit = err === null ? stdout.trim() : '';
      resolve(/^[0-9a-f]{40}$/.test(commit) ? commit : null);
    });
  });
}

/** Writes a file so readers see the old or the new content, never a half. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest of a run folder; a ConfigError if `dir` is not one. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new ConfigError(`run folder ${dir} does not exist; pass the folder of an earlier \`gapbench run\` (see results/runs/)`);
  if (!existsSync(path)) throw new ConfigError(`${dir} is not a gapbench run folder (no ${MANIFEST_FILE}); pass the folder of an earlier \`gapbench run\``);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON (${(err as Error).message}); the run folder is damaged, start a new run`);
  }
  if (manifest.schema !== RUN_SCHEMA_VERSION || typeof manifest.configHash !== 'string' || manifest.config === undefined) {
    throw new ConfigError(
      `${path} has run-folder schema ${String(manifest.schema)}, this gapbench reads schema ${RUN_SCHEMA_VERSION}; use the gapbench version that wrote it, or start a new run`,
    );
  }
  return manifest;
}

/** A torn (unterminated or unparsable) last line of cells.jsonl. */
export interface TornLine {
  /** 1-based line number. */
  readonly line: number;
  /** Byte offset where it starts: the length to truncate to. */
  readonly offset: number;
  readonly bytes: number;
}

export interface CellsRead {
  /**
   * Complete rows, one per key: the LAST row written for a key wins (a
   * resume appends a retried error cell after its error row), placed where
   * the key first appeared.
   */
  readonly rows: CellRow[];
  readonly torn: TornLine | null;
}

function isRow(value: unknown): value is CellRow {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['key'] === 'string' && (v['status'] === 'ok' || v['status'] === 'diverged' || v['status'] === 'error');
}

/**
 * Reads cells.jsonl. A torn last line (no trailing newline, or not a row)
 * is returned in `torn` and skipped; a bad line before the last means the
 * file was edited or damaged, and is a ConfigError.
 */
export function readCells(dir: string): CellsRead {
  const path = join(dir, CELLS_FILE);
  if (!existsSync(path)) return { rows: [], torn: null };
  const buf = readFileSync(path);
  // key → row; a later row for a key replaces the earlier one, keeping the key's first position.
  const byKey = new Map<string, CellRow>();
  let start = 0;
  let line = 0;
  while (start < buf.length) {
    line++;
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl;
    const text = buf.subarray(start, end).toString('utf8');
    let row: unknown;
    let parsed = false;
    try {
      row = JSON.parse(text);
      parsed = isRow(row);
    } catch {
      parsed = false;
    }
    const last = nl < 0 || nl === buf.length - 1;
    if (nl < 0 || !parsed) {
      if (last) return { rows: [...byKey.values()], torn: { line, offset: start, bytes: buf.length - start } };
      throw new ConfigError(`${path}: line ${line} is not a cell row; the file was edited or damaged — remove that line (its cell reruns on --resume)`);
    }
    const r = row as CellRow;
    byKey.set(r.key, r);
    start = nl + 1;
  }
  return { rows: [...byKey.values()], torn: null };
}

/** Cuts a torn last line off cells.jsonl so appends start on a fresh line. */
export function truncateTorn(dir: string, torn: TornLine): void {
  truncateSync(join(dir, CELLS_FILE), torn.offset);
}

/** Appends rows to cells.jsonl, one write and one fsync per row. */
export class CellLog {
  private fd: number | null;

  constructor(dir: string) {
    this.fd = openSync(join(dir, CELLS_FILE), 'a');
  }

  append(row: CellRow): void {
    if (this.fd === null) throw new Error('cells.jsonl is closed; open a new CellLog to append');
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Whether `dir` is absent or an empty folder (a fresh run may go there).
 * A file there is a ConfigError, not "not fresh": no run folder can go
 * there, and callers' "not empty / not a run folder" would misdescribe it.
 */
export function isFreshDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) throw new ConfigError(`${dir} is a file, not a folder; a run needs a folder: give --out a new or empty folder (e.g. --out ${dir}-run)`);
  return readdirSync(dir).length === 0;
}

/** Writes a derived file (CSV) of a run folder atomically. */
export function writeDerived(dir: string, name: string, text: string): void {
  writeFileAtomic(join(dir, name), text);
}
