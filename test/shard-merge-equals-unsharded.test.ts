// Three shards run as separate processes (`gapbench run --shard I/3`), then
// `gapbench merge`, give the same results.csv as one unsharded run (timing
// columns aside), and the same curves.csv and gradflow.csv: a cell's numbers
// depend only on its spec, never on which machine or shard ran it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { dropColumns, gapbench, readText, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

// 2 tasks × 2 variants × 2 gaps × 2 replicates = 16 small cells.
const SWEEP = ['--preset', 'ci', '--tasks', 'delayed-recall,adding', '--variants', 'rnn,gru', '--steps', '10', '--eval-every', '5', '--workers', '1', '--no-report'];

interface ShardManifest {
  configHash: string;
  status: string;
  shard: { index: number; count: number } | null;
  cells: { key: string }[];
}
const manifestOf = (dir: string): ShardManifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ShardManifest;

let cwd: string;
let shards: CliRun[];
let whole: CliRun;
let merge: CliRun;
beforeAll(async () => {
  cwd = tempDir('shard-merge');
  shards = await Promise.all([1, 2, 3].map((i) => gapbench(['run', ...SWEEP, '--shard', `${i}/3`, '--out', `shard-${i}`], cwd)));
  whole = await gapbench(['run', ...SWEEP, '--out', 'whole'], cwd);
  merge = await gapbench(['merge', 'shard-3', 'shard-1', 'shard-2', '--out', 'merged', '--no-report'], cwd);
});
afterAll(() => removeDir(cwd));

describe('three shards merged = one unsharded run', () => {
  it('runs every shard and the merge', () => {
    for (const r of [...shards, whole, merge]) expect(r.code, r.stderr).toBe(0);
  });

  it('prints which shard of which total runs, its cells and its share of the estimated cost', () => {
    shards.forEach((r, i) => expect(r.stderr).toMatch(new RegExp(`shard ${i + 1} of 3 from --shard ${i + 1}/3: \\d+ of 16 cells, \\d+\\.\\d% of the estimated cost`)));
  });

  it('records the shard in each folder, lists only its cells, and shares the config hash', () => {
    const ms = [1, 2, 3].map((i) => manifestOf(join(cwd, `shard-${i}`)));
    ms.forEach((m, i) => expect(m.shard).toEqual({ index: i + 1, count: 3 }));
    expect(new Set(ms.map((m) => m.configHash))).toEqual(new Set([manifestOf(join(cwd, 'whole')).configHash]));
    const keys = ms.flatMap((m) => m.cells.map((c) => c.key));
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    for (const m of ms) expect(m.cells.length).toBeGreaterThan(0);
    for (let i = 1; i <= 3; i++) expect(readText(join(cwd, `shard-${i}`), 'results.csv').trimEnd().split('\n')).toHaveLength(1 + (ms[i - 1] as ShardManifest).cells.length);
  });

  it('gives results.csv identical to the unsharded run except timing columns', () => {
    const merged = readText(join(cwd, 'merged'), 'results.csv');
    expect(merged.trimEnd().split('\n')).toHaveLength(1 + 16);
    expect(dropColumns(merged, TIMING_COLUMNS)).toBe(dropColumns(readText(join(cwd, 'whole'), 'results.csv'), TIMING_COLUMNS));
  });

  it('gives identical curves.csv and gradflow.csv, and a complete whole-grid manifest', () => {
    expect(readText(join(cwd, 'merged'), 'curves.csv')).toBe(readText(join(cwd, 'whole'), 'curves.csv'));
    expect(readText(join(cwd, 'merged'), 'gradflow.csv')).toBe(readText(join(cwd, 'whole'), 'gradflow.csv'));
    const m = manifestOf(join(cwd, 'merged'));
    const w = manifestOf(join(cwd, 'whole'));
    expect(m.status).toBe('complete');
    expect(m.shard).toBeNull();
    expect(m.cells).toEqual(w.cells);
    expect(merge.stdout).toContain('merged 16 of 16 cells into merged (complete)');
  });
});
