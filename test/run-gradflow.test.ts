// gradflow.csv: written by default with DESIGN.md's columns, skipped with
// --no-gradflow, and recording it changes no metric of any cell (it is
// measured on a batch of its own seed stream).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropColumns, gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

const small = ['--preset', 'ci', '--tasks', 'adding,delayed-recall', '--variants', 'rnn,lstm', '--gaps', '4', '--replicates', '1', '--steps', '20', '--workers', '1', '--no-report'];
const root = tempDir('gradflow');
afterAll(() => removeDir(root));

describe('gradflow.csv', () => {
  it('is written by default, absent with --no-gradflow, and leaves results.csv unchanged', async () => {
    const on = join(root, 'on');
    const off = join(root, 'off');
    const a = await gapbench(['run', ...small, '--out', on], root);
    const b = await gapbench(['run', ...small, '--no-gradflow', '--out', off], root);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(join(off, 'gradflow.csv'))).toBe(false);
    expect(dropColumns(readText(on, 'results.csv'), ['wall_ms'])).toBe(dropColumns(readText(off, 'results.csv'), ['wall_ms']));

    const lines = readText(on, 'gradflow.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('task,variant,gap,replicate,hidden,lr,phase,distance,grad_norm,state,gate,gate_mean');
    const rows = lines.slice(1).map((l) => l.split(','));
    // adding at gap 4: T = 4, answer at step 3 → distances 0..3; delayed-recall: T = 6, answer step 5 → 0..5.
    const of = (task: string, variant: string, phase: string, state: string) => rows.filter((r) => r[0] === task && r[1] === variant && r[6] === phase && r[9] === state);
    expect(of('adding', 'rnn', 'init', 'h').map((r) => Number(r[7]))).toEqual([0, 1, 2, 3]);
    expect(of('delayed-recall', 'lstm', 'trained', 'c').map((r) => Number(r[7]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(of('adding', 'rnn', 'init', 'c')).toEqual([]); // no cell state
    for (const r of of('adding', 'lstm', 'init', 'h')) {
      expect(r[10]).toBe('f');
      expect(Number(r[11])).toBeGreaterThan(0);
      expect(Number(r[11])).toBeLessThan(1);
    }
    for (const r of rows) expect(Number(r[8])).toBeGreaterThanOrEqual(0);
  });
});
