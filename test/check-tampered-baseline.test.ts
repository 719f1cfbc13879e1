/**
 * A baseline edited by hand is reported: one cell's test_accuracy changed
 * in a copy of an honest baseline makes `check` exit 1 with a table row
 * naming that cell, the edited value and the value the run has; a cell
 * deleted from the copy is reported as missing from the baseline. No
 * other cell is named.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselinedRun, ciSlice, editBaseline, failingTestcases, nudge, readBaselineJson } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
let keys: string[];
beforeAll(async () => {
  dir = tempDir('check-tampered');
  keys = (await baselinedRun(dir, ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm'], gaps: [2] }))).map((r) => r.key);
});
afterAll(() => removeDir(dir));

/** The table row of `key` and `metric` in check's stdout, split into columns. */
function tableRow(stdout: string, key: string, metric: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/))
    .find((cols) => cols[0] === key && cols[1] === metric);
}

describe('check against a tampered baseline', () => {
  it('reports an edited test_accuracy with exit 1, naming only that cell', async () => {
    const base = readBaselineJson(join(dir, 'b.json'));
    const cell = base.cells[2]!;
    const real = cell.test_accuracy!;
    const edited = nudge(real, 0.25);
    editBaseline(join(dir, 'b.json'), join(dir, 'edited.json'), (b) => {
      b.cells[2]!.test_accuracy = edited;
    });
    const res = await gapbench(['check', '--run', 'run', '--baseline', 'edited.json', '--junit', 'j.xml'], dir);
    expect(res.code, res.stderr).toBe(1);
    expect(tableRow(res.stdout, cell.key, 'test_accuracy')?.slice(2, 4)).toEqual([String(edited), String(real)]);
    expect(failingTestcases(join(dir, 'j.xml'))).toEqual([cell.key]);
    for (const k of keys.filter((k) => k !== cell.key)) expect(res.stdout).not.toContain(k);
  });

  it('reports a cell missing from the baseline with exit 1', async () => {
    const gone = keys[5]!;
    editBaseline(join(dir, 'b.json'), join(dir, 'short.json'), (b) => {
      b.cells = b.cells.filter((c) => c.key !== gone);
    });
    const res = await gapbench(['check', '--run', 'run', '--baseline', 'short.json'], dir);
    expect(res.code, res.stderr).toBe(1);
    expect(tableRow(res.stdout, gone, 'cell')?.slice(2, 4)).toEqual(['missing', 'present']);
  });
});
