// Every cell is an independent pure computation of its spec, so the `ci`
// preset gives the same results.csv and curves.csv with 1 and 2 workers
// (timing columns aside), with one config hash; rows are in grid order
// whatever order the cells finished in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { dropColumns, gapbench, readText, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

let cwd: string;
let one: CliRun;
let two: CliRun;
beforeAll(async () => {
  cwd = tempDir('workers');
  one = await gapbench(['run', '--preset', 'ci', '--workers', '1', '--out', 'w1', '--no-report'], cwd);
  two = await gapbench(['run', '--preset', 'ci', '--workers', '2', '--out', 'w2', '--no-report'], cwd);
});
afterAll(() => removeDir(cwd));

describe('worker count', () => {
  it('completes both runs', () => {
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    // ci: 3 tasks × 5 variants × 2 gaps × 2 replicates
    expect(readText(join(cwd, 'w1'), 'results.csv').trimEnd().split('\n')).toHaveLength(1 + 60);
  });

  it('gives identical results.csv except timing columns, and identical curves.csv', () => {
    const a = readText(join(cwd, 'w1'), 'results.csv');
    const b = readText(join(cwd, 'w2'), 'results.csv');
    expect(dropColumns(b, TIMING_COLUMNS)).toBe(dropColumns(a, TIMING_COLUMNS));
    expect(readText(join(cwd, 'w2'), 'curves.csv')).toBe(readText(join(cwd, 'w1'), 'curves.csv'));
  });

  it('records one config hash and the worker count per session', () => {
    const m1 = JSON.parse(readFileSync(join(cwd, 'w1', 'manifest.json'), 'utf8')) as { configHash: string; sessions: { workers: number }[] };
    const m2 = JSON.parse(readFileSync(join(cwd, 'w2', 'manifest.json'), 'utf8')) as { configHash: string; sessions: { workers: number }[] };
    expect(m2.configHash).toBe(m1.configHash);
    expect([m1.sessions[0]?.workers, m2.sessions[0]?.workers]).toEqual([1, 2]);
  });

  it('writes results.csv in grid order though cells finish longest first', () => {
    const keys = readText(join(cwd, 'w2'), 'results.csv')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).join('/'));
    const [small, large] = [presets.ci.gaps[0], presets.ci.gaps.at(-1)];
    expect(keys[0]).toBe(`copy/rnn/${small}/0`);
    expect(keys[1]).toBe(`copy/rnn/${small}/1`);
    expect(keys.at(-1)).toBe(`delayed-recall/gru/${large}/1`);
    const finished = readText(join(cwd, 'w2'), 'cells.jsonl')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { key: string }).key);
    // Longest first: the first cell to finish is not the grid's first (cheapest) one.
    expect(finished[0]).not.toBe(`copy/rnn/g${presets.ci.gaps[0]}/r0/h${presets.ci.hidden}/lr${presets.ci.lr}`);
  });
});
