// Merging shards into an earlier merge keeps the cells that only that
// folder holds: merge partial shards, `run --resume` the merged folder for
// the missing cells, merge the same shards into it again — the resumed
// cells survive and every result is unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

// 1 task × 2 variants × 2 gaps × 2 replicates = 8 tiny cells, over 3 shards of which 2 are merged.
const SWEEP = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,gru', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

let cwd: string;
beforeAll(async () => {
  cwd = tempDir('merge-resumed');
  const runs = await Promise.all([1, 2].map((i) => gapbench(['run', ...SWEEP, '--shard', `${i}/3`, '--out', `s${i}`], cwd)));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

/** cells.jsonl as key → row text without timing, so two folders compare by results. */
function results(dir: string): Map<string, string> {
  const lines = readFileSync(join(cwd, dir, 'cells.jsonl'), 'utf8').trimEnd().split('\n');
  return new Map(
    lines.map((l) => {
      const row = JSON.parse(l) as Record<string, unknown>;
      for (const c of TIMING_COLUMNS) delete row[c];
      return [row['key'] as string, JSON.stringify(row)];
    }),
  );
}
const manifest = (dir: string): { status: string; merge: { sources: { runId: string }[] } } => JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8'));

describe('gapbench merge into a resumed merge', () => {
  it('keeps the cells the resume trained there, with identical results', async () => {
    const partial = await gapbench(['merge', 's1', 's2', '--out', 'sweep', '--no-report'], cwd);
    expect(partial.code, partial.stderr).toBe(0);
    expect(manifest('sweep').status).toBe('incomplete');
    const before = results('sweep').size;
    expect(before).toBeLessThan(8);

    const resumed = await gapbench(['run', '--resume', 'sweep', '--workers', '1', '--no-report'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    const full = results('sweep');
    expect(full.size).toBe(8);
    expect(manifest('sweep').status).toBe('complete');

    const again = await gapbench(['merge', 's1', 's2', '--out', 'sweep', '--no-report'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('merged 8 of 8 cells');
    expect(results('sweep')).toEqual(full);
    const m = manifest('sweep');
    expect(m.status).toBe('complete');
    // Each shard listed once, however often it was merged.
    expect(m.merge.sources.map((s) => s.runId)).toHaveLength(2);
  });
});
