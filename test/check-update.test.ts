/**
 * `gapbench check --update` writes a baseline whose numbers are the run's
 * exactly (JSON numbers round-trip), says "no change" and leaves the bytes
 * alone when nothing changed, prints a table of the changed cells when
 * something did, and refuses an unfinished run (exit 2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_METRICS } from '../harness/report/compare.js';
import { resultRecord } from '../harness/report/csv.js';
import type { CellRow } from '../harness/runner/types.js';
import { ciSlice, editBaseline, nudge, readBaselineJson, trainRunFolder } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

let dir: string;
let rows: CellRow[];
let first: CliRun;
beforeAll(async () => {
  dir = tempDir('check-update');
  rows = trainRunFolder(join(dir, 'run'), ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm'], gaps: [2] }));
  first = await gapbench(['check', '--update', '--run', 'run', '--baseline', 'base/b.json'], dir);
});
afterAll(() => removeDir(dir));

describe('check --update', () => {
  it('writes a new baseline with every metric of every cell bit for bit', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`new baseline base/b.json: ${rows.length} cells`);
    const cells = readBaselineJson(join(dir, 'base/b.json')).cells as unknown as Record<string, unknown>[];
    expect(cells.map((c) => c['key'])).toEqual(rows.map((r) => r.key));
    for (const [i, row] of rows.entries()) {
      const rec = resultRecord(row) as Record<string, unknown>;
      for (const m of BASELINE_METRICS) expect(Object.is(cells[i]![m], rec[m]), `${row.key} ${m}`).toBe(true);
    }
  });

  it('says "no change" and keeps the bytes when the run matches', async () => {
    const before = readFileSync(join(dir, 'base/b.json'), 'utf8');
    const res = await gapbench(['check', '--update', '--run', 'run', '--baseline', 'base/b.json'], dir);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('no change');
    expect(readFileSync(join(dir, 'base/b.json'), 'utf8')).toBe(before);
  });

  it('prints the changed cell and rewrites the baseline from the run', async () => {
    const honest = readFileSync(join(dir, 'base/b.json'), 'utf8');
    const key = rows[4]!.key;
    editBaseline(join(dir, 'base/b.json'), join(dir, 'old.json'), (b) => {
      b.cells[4]!.test_accuracy = nudge(b.cells[4]!.test_accuracy!, 0.25);
    });
    const res = await gapbench(['check', '--update', '--run', 'run', '--baseline', 'old.json'], dir);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`1 of ${rows.length} cells changed`);
    expect(res.stdout).toMatch(new RegExp(`${key.replace(/[.]/g, '\\.')}\\s+test_accuracy`));
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe(honest);
  });

  it('refuses an unfinished run with exit 2', async () => {
    const cells = readFileSync(join(dir, 'run', 'cells.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'run', 'cells.jsonl'), `${cells.slice(0, -1).join('\n')}\n`);
    const res = await gapbench(['check', '--update', '--run', 'run', '--baseline', 'partial.json'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unfinished (1 cell(s) not run');
  });
});
