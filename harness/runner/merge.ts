/**
 * `mergeRuns`: the run folders of one sweep's shards (or any folders of one
 * config) into one run folder, as if one machine had run the whole grid.
 *
 *   shard folders ─same config hash?─> rows by key ─duplicates agree?─>
 *   manifest.json, cells.jsonl (grid order), results.csv, curves.csv, gradflow.csv
 *
 * Idempotent: the output depends only on the set of finished cells and of
 * source runs, never on the order of the folders, the merge time or paths;
 * merging a merged folder again (alone, with its shards, or twice) writes
 * the same bytes. A merged folder records its source runs so that holds.
 *
 * A merged folder is an ordinary run folder of the whole grid (shard null):
 * `gapbench report`, `export` and `run --resume` (which trains only the
 * missing cells) work on it.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { canonicalJson } from '../config/hash.js';
import { TIMING_COLUMNS, curvesCsv, gradflowCsv, inGridOrder, resultsCsv } from '../report/csv.js';
import { expandGrid, gridIndex } from './grid.js';
import { formatShard } from './shard.js';
import {
  CELLS_FILE,
  CURVES_FILE,
  GRADFLOW_FILE,
  RESULTS_FILE,
  isFreshDir,
  readCells,
  readManifest,
  writeDerived,
  writeFileAtomic,
  writeManifest,
  type Manifest,
  type RunSession,
} from './store.js';
import type { CellRow } from './types.js';

/** One run that contributed to a merge, as its manifest described it. */
export interface MergeSource {
  readonly runId: string;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly status: string;
  /** Cells the run listed (its shard, or the grid). */
  readonly cells: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly versions: Manifest['versions'];
  readonly git: Manifest['git'];
}

/** What a merged manifest adds to a run manifest. */
export interface MergeInfo {
  /** Every source run, folded through earlier merges, sorted; no paths (they differ between machines). */
  readonly sources: readonly MergeSource[];
}

export type MergedManifest = Manifest & { readonly merge: MergeInfo };

/** A cell found in more than one folder with the same results (timing aside). */
export interface DuplicateCell {
  readonly key: string;
  readonly folders: readonly string[];
}

/** One input folder as read. */
export interface MergeInput {
  readonly dir: string;
  readonly runId: string;
  readonly shard: MergeSource['shard'];
  readonly status: string;
  /** Finished rows in the folder (a torn last line excluded). */
  readonly rows: number;
  readonly merged: boolean;
}

export interface MergeResult {
  readonly dir: string;
  readonly configHash: string;
  readonly status: 'complete' | 'incomplete';
  readonly inputs: readonly MergeInput[];
  /** Rows of the merged folder, in grid order. */
  readonly rows: readonly CellRow[];
  readonly gridCells: number;
  /** Keys of grid cells in no folder, in grid order. */
  readonly missing: readonly string[];
  readonly duplicates: readonly DuplicateCell[];
  /** Things the user should know (torn lines, unfinished folders, mixed versions); the merge went ahead. */
  readonly warnings: readonly string[];
}

export interface MergeOptions {
  /**
   * The merged run folder: new, empty, or a previous merge of the same
   * config, whose cells count as one more input (cells a resume trained
   * there are kept) before it is rewritten.
   */
  readonly out: string;
}

/** The run's own record, or the sources a merged folder already folded in. */
function sourcesOf(m: Manifest): MergeSource[] {
  const merge = (m as Partial<MergedManifest>).merge;
  if (merge !== undefined && Array.isArray(merge.sources)) return [...merge.sources];
  return [
    {
      runId: m.runId,
      shard: m.shard ?? null,
      status: m.status,
      cells: m.cells.length,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      versions: m.versions,
      git: m.git,
    },
  ];
}

/**
 * One record per source run: a run seen directly (its folder is an input)
 * beats the copy an earlier merge folded in, and among copies the one that
 * ran longest (latest end; a resumed shard's newer manifest) wins, so a
 * re-merge refreshes a source instead of listing it twice.
 */
function latestSources(direct: readonly MergeSource[], folded: readonly MergeSource[]): MergeSource[] {
  const id = (s: MergeSource): string => canonicalJson([s.runId, s.shard, s.startedAt]);
  const byId = new Map<string, MergeSource>();
  const later = (a: MergeSource, b: MergeSource): boolean => {
    const x = [a.endedAt ?? '', a.cells, canonicalJson(a)];
    const y = [b.endedAt ?? '', b.cells, canonicalJson(b)];
    return x.join('\u0000') > y.join('\u0000');
  };
  for (const s of folded) {
    const had = byId.get(id(s));
    if (had === undefined || later(s, had)) byId.set(id(s), s);
  }
  const directIds = new Map<string, MergeSource>();
  for (const s of direct) {
    const had = directIds.get(id(s));
    if (had === undefined || later(s, had)) directIds.set(id(s), s);
  }
  for (const [k, s] of directIds) byId.set(k, s);
  return [...byId.values()];
}

/** One record per session (by start time): the one that ended last wins, so a re-merge refreshes a still-running copy. */
function latestSessions(sessions: readonly RunSession[]): RunSession[] {
  const byStart = new Map<string, RunSession>();
  for (const s of sessions) {
    const had = byStart.get(s.startedAt);
    const rank = (x: RunSession): string => `${x.endedAt ?? ''}\u0000${canonicalJson(x)}`;
    if (had === undefined || rank(s) > rank(had)) byStart.set(s.startedAt, s);
  }
  return [...byStart.values()];
}

/** Sorted and without repeats, by canonical JSON: one order whatever the input order. */
function distinctSorted<T>(items: readonly T[], rank: (item: T) => readonly (string | number)[]): T[] {
  const byText = new Map<string, T>();
  for (const item of items) byText.set(canonicalJson(item), item);
  const keyed = [...byText].map(([text, item]) => ({ item, key: [...rank(item), text] }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i] as string | number;
      const y = b.key[i] as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}

/** A row without its timing fields, as canonical JSON: equal texts = equal results. */
function resultText(row: CellRow): string {
  const copy: Record<string, unknown> = { ...row };
  for (const c of TIMING_COLUMNS) delete copy[c];
  return canonicalJson(copy);
}

/** The first field where two rows differ (timing aside), with both values, for the refusal message. */
function firstDifference(a: CellRow, b: CellRow): string {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((f) => !TIMING_COLUMNS.includes(f)).sort();
  for (const f of fields) {
    const u = canonicalJson(x[f] ?? null);
    const v = canonicalJson(y[f] ?? null);
    if (u !== v) return u.length + v.length <= 80 ? `${f} ${u} vs ${v}` : f;
  }
  return '(no field)';
}

/** One value when all agree, else all distinct values joined (and a warning). */
function agreed(values: readonly string[], what: string, warnings: string[]): string {
  const distinct = [...new Set(values)].sort();
  if (distinct.length > 1) warnings.push(`the folders ran on different ${what} (${distinct.join(', ')}); results may differ in the last bits from one machine's run`);
  return distinct.join(', ');
}

/** Each version field (gapbench, node, engine, …) as one value when all sources agree, else the distinct values joined. */
function versionsOf(sources: readonly MergeSource[], warnings: string[]): Manifest['versions'] {
  const fields = [...new Set(sources.flatMap((s) => Object.keys(s.versions ?? {})))].sort();
  const out: Record<string, string> = {};
  for (const f of fields) {
    const values = sources.map((s) => (s.versions as unknown as Record<string, unknown>)[f]).map((v) => (typeof v === 'string' ? v : canonicalJson(v ?? null)));
    out[f] = agreed(values, `${f} versions`, warnings);
  }
  return out as unknown as Manifest['versions'];
}

/**
 * Merges run folders of one config into `options.out`. Refuses (ConfigError,
 * nothing written) folders of different config hashes, a cell with different
 * results in two folders, and an --out that holds anything but a previous
 * merge of this config.
 */
export function mergeRuns(dirs: readonly string[], options: MergeOptions): MergeResult {
  if (dirs.length === 0) throw new ConfigError('merge needs at least one run folder; e.g. gapbench merge shard-1 shard-2 --out merged');
  const paths = [...new Set(dirs.map((d) => resolve(d)))];
  const shown = new Map(dirs.map((d) => [resolve(d), d]));
  const name = (p: string): string => shown.get(p) ?? p;

  const manifests = paths.map((p) => ({ path: p, manifest: readManifest(p) }));
  const out = resolve(options.out);
  const hashes = new Map<string, string[]>();
  for (const { path, manifest } of manifests) hashes.set(manifest.configHash, [...(hashes.get(manifest.configHash) ?? []), name(path)]);
  if (hashes.size > 1) {
    const lines = [...hashes].map(([hash, folders]) => `  config hash ${hash}: ${folders.join(', ')}`);
    throw new ConfigError(
      `cannot merge folders of ${hashes.size} different configs:\n${lines.join('\n')}\n` +
        'merge only the shards of one sweep: run every shard with the same preset, config file and experiment flags ' +
        '(--shard, --shards, --workers and --out do not change the hash)',
    );
  }
  const first = manifests[0] as { path: string; manifest: Manifest };
  const hash = first.manifest.configHash;
  const grid = expandGrid(first.manifest.config);
  const order = gridIndex(grid);

  if (!isFreshDir(out)) {
    let previous: Manifest | null = null;
    try {
      previous = readManifest(out);
    } catch {
      previous = null;
    }
    const isMerge = previous !== null && (previous as Partial<MergedManifest>).merge !== undefined;
    if (previous === null || !isMerge || previous.configHash !== hash) {
      const what =
        previous === null
          ? 'is not empty and is not a gapbench run folder'
          : !isMerge
            ? 'is a run folder, not a previous merge'
            : `is a merge of another config (hash ${previous.configHash}, these folders have ${hash})`;
      throw new ConfigError(`--out ${options.out} ${what}; merge into a new or empty folder, or into an earlier merge of the same config`);
    }
    // The earlier merge is an input too: cells a `run --resume` trained there are in no listed folder.
    if (!paths.includes(out)) {
      paths.push(out);
      shown.set(out, options.out);
      manifests.push({ path: out, manifest: previous });
    }
  }

  const warnings: string[] = [];
  const inputs: MergeInput[] = [];
  // key → the rows found for it, with their folders.
  const found = new Map<string, { row: CellRow; dir: string }[]>();
  for (const { path, manifest } of manifests) {
    const { rows, torn } = readCells(path);
    if (torn !== null) {
      warnings.push(`${name(path)}/${CELLS_FILE}: ignored a torn last line (line ${torn.line}, ${torn.bytes} bytes); that cell counts as missing unless another folder has it`);
    }
    if (manifest.status !== 'complete' && manifest.status !== 'incomplete') {
      warnings.push(`${name(path)} has status ${manifest.status}: cells it did not finish count as missing (\`gapbench run --resume ${name(path)}\` finishes them)`);
    }
    for (const row of rows) {
      if (!order.has(row.key)) {
        throw new ConfigError(
          `${name(path)}/${CELLS_FILE} has a row for cell ${row.key}, which is not in the grid of its own config (hash ${hash}); the folder was edited or damaged — remove that line, or leave the folder out`,
        );
      }
      found.set(row.key, [...(found.get(row.key) ?? []), { row, dir: name(path) }]);
    }
    inputs.push({
      dir: name(path),
      runId: manifest.runId,
      shard: manifest.shard ?? null,
      status: manifest.status,
      rows: rows.length,
      merged: (manifest as Partial<MergedManifest>).merge !== undefined,
    });
  }
  const counts = [...new Set(inputs.map((i) => i.shard?.count).filter((c): c is number => c !== undefined))].sort((a, b) => a - b);
  if (counts.length > 1) warnings.push(`the folders are shards of different splits (${counts.map((c) => `${c} shards`).join(', ')}); overlapping cells are checked and kept once`);

  const rows: CellRow[] = [];
  const duplicates: DuplicateCell[] = [];
  for (const [key, all] of found) {
    // An error row is no result (a crash, a killed worker): a copy that finished (a retry) supersedes it.
    const finished = all.filter((c) => c.row.status !== 'error');
    const copies = finished.length > 0 ? finished : all;
    const reference = copies[0] as { row: CellRow; dir: string };
    const text = resultText(reference.row);
    for (const c of copies.slice(1)) {
      if (resultText(c.row) !== text) {
        throw new ConfigError(
          `cell ${key} is in ${reference.dir} and ${c.dir} with different results (${firstDifference(reference.row, c.row)}); ` +
            `the shards ran different code, Node versions or backends — rerun that cell in one place (remove its line from one folder's ${CELLS_FILE} and \`gapbench run --resume\` it), then merge again`,
        );
      }
    }
    if (all.length > 1) duplicates.push({ key, folders: all.map((c) => c.dir) });
    // Copies agree apart from timing; keep the smallest text so the choice does not depend on folder order.
    const kept = copies.map((c) => ({ row: c.row, json: JSON.stringify(c.row) })).sort((a, b) => (a.json < b.json ? -1 : a.json > b.json ? 1 : 0))[0] as { row: CellRow };
    rows.push(kept.row);
  }
  const sorted = inGridOrder(rows, order);
  duplicates.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const missing = grid.filter((c) => !found.has(c.key)).map((c) => c.key);
  const status = missing.length === 0 ? 'complete' : 'incomplete';

  const isMerged = (m: Manifest): boolean => (m as Partial<MergedManifest>).merge !== undefined;
  const sources = distinctSorted(
    latestSources(
      manifests.filter(({ manifest }) => !isMerged(manifest)).flatMap(({ manifest }) => sourcesOf(manifest)),
      manifests.filter(({ manifest }) => isMerged(manifest)).flatMap(({ manifest }) => sourcesOf(manifest)),
    ),
    (s) => [s.shard?.count ?? 0, s.shard?.index ?? 0, s.startedAt, s.runId],
  );
  const sessions = distinctSorted(
    latestSessions(manifests.flatMap(({ manifest }) => manifest.sessions ?? [])),
    (s: RunSession) => [s.startedAt],
  );
  const commits = [...new Set(sources.map((s) => s.git?.commit ?? 'none'))].sort();
  if (commits.length > 1) warnings.push(`the folders were run from different git commits (${commits.join(', ')}); the merged manifest records no single commit`);
  const ends = sources.map((s) => s.endedAt).filter((e): e is string => e !== null);
  // Fields this module does not set come from one folder, chosen by content, not by argument order.
  const base = distinctSorted(
    manifests.map((m) => m.manifest),
    (m) => [canonicalJson(sourcesOf(m))],
  )[0] as Manifest;
  const manifest: MergedManifest = {
    ...base,
    runId: `merged-${hash.slice(0, 12)}`,
    configHash: hash,
    config: base.config,
    backend: base.backend,
    versions: versionsOf(sources, warnings),
    git: commits.length === 1 && commits[0] !== 'none' ? { commit: commits[0] as string } : null,
    shard: null,
    cells: grid.map(({ key, task, variant, gap, replicate, hidden, lr }) => ({ key, task, variant, gap, replicate, hidden, lr })),
    startedAt: sources.map((s) => s.startedAt).sort()[0] ?? base.startedAt,
    endedAt: ends.length === 0 ? null : (ends.sort().at(-1) as string),
    status,
    sessions,
    merge: { sources },
  };

  // First write: everything above only read. The manifest goes first, so a
  // crash part-way leaves a folder a rerun of the same merge may overwrite.
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new ConfigError(`cannot create ${options.out} (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose a writable folder for --out`);
  }
  writeManifest(out, manifest);
  writeFileAtomic(join(out, CELLS_FILE), sorted.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeDerived(out, RESULTS_FILE, resultsCsv(sorted));
  writeDerived(out, CURVES_FILE, curvesCsv(sorted));
  const flow = gradflowCsv(sorted);
  if (flow !== null) writeDerived(out, GRADFLOW_FILE, flow);

  return { dir: out, configHash: hash, status, inputs, rows: sorted, gridCells: grid.length, missing, duplicates, warnings };
}

/** `shard 2/4`, `whole grid`, or `merge` for an input folder. */
export function describeInput(input: MergeInput): string {
  if (input.merged) return 'earlier merge';
  return input.shard === null ? 'whole grid' : `shard ${formatShard(input.shard)}`;
}
