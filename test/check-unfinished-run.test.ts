/**
 * `check --run` on an unfinished run (cells the manifest lists are missing
 * from cells.jsonl, e.g. an interrupted run) is a usage problem, not a
 * regression: exit 2 with one message saying to finish it with
 * `gapbench run --resume DIR`, no difference table, no FAIL verdict and no
 * `--update` advice (which would refuse the run anyway).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselinedRun, ciSlice } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
beforeAll(async () => {
  dir = tempDir('check-unfinished');
  await baselinedRun(dir, ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn'], gaps: [2] }));
  // As if interrupted after the first cell.
  const lines = readFileSync(join(dir, 'run', 'cells.jsonl'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'run', 'cells.jsonl'), `${lines[0]}\n`);
});
afterAll(() => removeDir(dir));

describe('check --run on an unfinished run', () => {
  it('exits 2 with one message to finish the run, and no diff or --update advice', async () => {
    const res = await gapbench(['check', '--run', 'run', '--baseline', 'b.json', '--junit', 'j.xml'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unfinished');
    expect(res.stderr).toContain('npx gapbench run --resume run');
    expect(res.stderr).not.toContain('--update');
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    // CI still gets a report saying why.
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toContain('unfinished');
  });
});
