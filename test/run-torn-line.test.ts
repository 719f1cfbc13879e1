// A crash mid-write can leave a torn last line in cells.jsonl. Readers
// detect it, report it and ignore it; `--resume` truncates it before
// appending, reruns that cell, and ends with the same results as before.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { readCells } from '../harness/runner/store.js';
import { dropColumns, gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

const TINY = ['--preset', 'ci', '--tasks', 'copy', '--variants', 'rnn,lstm', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--no-report'];

let cwd: string;
let run: string;
let complete: string;
let lines: string[];
beforeAll(async () => {
  cwd = tempDir('torn');
  run = join(cwd, 'run');
  const r = await gapbench(['run', ...TINY, '--out', 'run', '--workers', '1'], cwd);
  expect(r.code, r.stderr).toBe(0);
  complete = readText(run, 'results.csv');
  lines = readText(run, 'cells.jsonl').trimEnd().split('\n');
  // Simulate a crash while the last cell was being written: drop its line, leave half of it.
  const last = lines.at(-1) as string;
  writeFileSync(join(run, 'cells.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
  appendFileSync(join(run, 'cells.jsonl'), last.slice(0, Math.floor(last.length / 2)));
});
afterAll(() => removeDir(cwd));

describe('torn last line of cells.jsonl', () => {
  it('is detected and skipped by the reader', () => {
    const read = readCells(run);
    expect(read.rows).toHaveLength(lines.length - 1);
    expect(read.torn).toMatchObject({ line: lines.length });
    expect(read.torn?.bytes).toBeGreaterThan(0);
  });

  it('is reported by export, which leaves the folder as it is', async () => {
    const before = readFileSync(join(run, 'cells.jsonl'));
    const r = await gapbench(['export', 'run', '--format', 'csv'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cells\.jsonl: ignored a torn last line \(line 4, \d+ bytes\)/);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1 + lines.length - 1);
    expect(readFileSync(join(run, 'cells.jsonl'))).toEqual(before);
  });

  it('is truncated by --resume, which reruns that cell and reproduces the results', async () => {
    const r = await gapbench(['run', '--resume', 'run', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ignored a torn last line \(line 4, \d+ bytes\) from an interrupted write; its cell runs again/);
    expect(r.stderr).toMatch(/1 cells to train on 1 worker\(s\), 3 already finished/);
    const after = readText(run, 'cells.jsonl').trimEnd().split('\n');
    expect(after).toHaveLength(lines.length);
    for (const l of after) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(dropColumns(readText(run, 'results.csv'), TIMING_COLUMNS)).toBe(dropColumns(complete, TIMING_COLUMNS));
  });

  it('is an error when a bad line is not the last', () => {
    writeFileSync(join(run, 'cells.jsonl'), `${lines[0]}\n{"key": garbage\n${lines[1]}\n`);
    expect(() => readCells(run)).toThrow(/cells\.jsonl: line 2 is not a cell row; the file was edited or damaged/);
  });
});
