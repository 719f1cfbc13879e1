// A cell whose row in cells.jsonl has status error (a crash, an
// OOM-killed worker) is trained again on resume; the retry's row, appended
// later, wins in cells.jsonl readers and results.csv. Diverged and ok rows
// are deterministic and kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { readCells } from '../harness/runner/store.js';
import { dropColumns, gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

// Four tiny cells.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,gru', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

let cwd: string;
let run: string;
let original: string;
let key: string;
beforeAll(async () => {
  cwd = tempDir('resume-error');
  run = join(cwd, 'run');
  const r = await gapbench(['run', ...TINY, '--out', 'run'], cwd);
  expect(r.code, r.stderr).toBe(0);
  original = readText(run, 'results.csv');
  // The second cell's row becomes the error row a killed worker leaves (chance unknown: stored as null).
  const lines = readText(run, 'cells.jsonl').trimEnd().split('\n');
  const row = JSON.parse(lines[1] as string) as Record<string, unknown>;
  key = row['key'] as string;
  const error = { ...row, status: 'error', chance: null, message: 'worker exited with code 137 (killed)', curve: [] };
  for (const f of ['test_accuracy', 'test_loss', 'steps_to_solve', 'sequences_to_solve', 'final_train_loss']) delete error[f];
  lines[1] = JSON.stringify(error);
  writeFileSync(join(run, 'cells.jsonl'), `${lines.join('\n')}\n`);
});
afterAll(() => removeDir(cwd));

describe('gapbench run --resume retries error rows', () => {
  it('trains the error cell again and results.csv shows it ok, as the first run had it', async () => {
    const r = await gapbench(['run', '--resume', 'run', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 cells to train on \d worker\(s\), 3 already finished/);
    const csv = readText(run, 'results.csv');
    expect(csv).not.toContain(',error,');
    expect(dropColumns(csv, TIMING_COLUMNS)).toBe(dropColumns(original, TIMING_COLUMNS));
    // Both rows stay on disk (append-only); readers keep the last.
    expect(readText(run, 'cells.jsonl').trimEnd().split('\n')).toHaveLength(5);
    const rows = readCells(run).rows;
    expect(rows).toHaveLength(4);
    expect(rows.find((x) => x.key === key)?.status).toBe('ok');
  });

  it('a second resume trains nothing', async () => {
    const r = await gapbench(['run', '--resume', 'run', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/0 cells to train .* 4 already finished/);
    expect(JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')).status).toBe('complete');
  });
});
