/**
 * What `check --run` compares, and that the README says so: the cell
 * records in cells.jsonl (from which results.csv is written), not
 * results.csv. A hand-edited results.csv does not change the verdict; an
 * edited cell record in cells.jsonl does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_METRICS } from '../harness/report/compare.js';
import { baselinedRun, ciSlice, nudge } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const section = readme.slice(readme.indexOf('## Regression checks in your CI'), readme.indexOf('\n## ', readme.indexOf('## Regression checks in your CI') + 1));

let dir: string;
beforeAll(async () => {
  dir = tempDir('check-cells');
  await baselinedRun(dir, ciSlice({ tasks: ['adding'], variants: ['rnn'], gaps: [2] }));
});
afterAll(() => removeDir(dir));

describe('what check --run compares', () => {
  it('the README names cells.jsonl and each compared metric', () => {
    expect(section).toContain('cells.jsonl');
    for (const m of BASELINE_METRICS) expect(section, m).toContain(m);
    expect(section).not.toMatch(/compares every cell's results\.csv metrics/);
  });

  it('ignores results.csv', async () => {
    writeFileSync(join(dir, 'run', 'results.csv'), 'key,test_accuracy\nnot,a,run\n');
    const res = await gapbench(['check', '--run', 'run', '--baseline', 'b.json'], dir);
    expect(res.code, res.stdout + res.stderr).toBe(0);
  });

  it('fails on an edited cell record in cells.jsonl', async () => {
    const path = join(dir, 'run', 'cells.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const row = JSON.parse(lines[0]!) as { key: string; test_accuracy: number };
    row.test_accuracy = nudge(row.test_accuracy, 0.25);
    lines[0] = JSON.stringify(row);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const res = await gapbench(['check', '--run', 'run', '--baseline', 'b.json'], dir);
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).toContain(row.key);
  });
});
