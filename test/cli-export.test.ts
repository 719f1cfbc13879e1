// `gapbench export DIR` rebuilds results from cells.jsonl: CSV equal to the
// run's results.csv, or JSON with the config hash and every row (curves
// included), to stdout or to --out FILE. The run it exports is made with
// the default --report, so it also checks that `run` writes report.html.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

let cwd: string;
beforeAll(async () => {
  cwd = tempDir('export');
  const r = await gapbench(['run', '--preset', 'ci', '--tasks', 'adding', '--variants', 'rnn,lstm', '--gaps', '2', '--hidden', '8', '--steps', '5', '--out', 'run', '--workers', '2'], cwd);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/report: run\/report\.html\nrun folder: run\n$/);
  expect(existsSync(join(cwd, 'run', 'report.html'))).toBe(true);
});
afterAll(() => removeDir(cwd));

describe('gapbench export', () => {
  it('writes the results.csv of the run as CSV', async () => {
    const r = await gapbench(['export', 'run'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readText(join(cwd, 'run'), 'results.csv'));
  });

  it('writes every row with its curve as JSON to a file', async () => {
    const r = await gapbench(['export', 'run', '--format', 'json', '--out', 'run.json'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(join(cwd, 'run.json'), 'utf8')) as { configHash: string; rows: { key: string; curve: unknown[] }[] };
    const manifest = JSON.parse(readText(join(cwd, 'run'), 'manifest.json')) as { configHash: string };
    expect(doc.configHash).toBe(manifest.configHash);
    expect(doc.rows.map((row) => row.key)).toEqual(['adding/rnn/g2/r0/h8/lr0.01', 'adding/rnn/g2/r1/h8/lr0.01', 'adding/lstm/g2/r0/h8/lr0.01', 'adding/lstm/g2/r1/h8/lr0.01']);
    for (const row of doc.rows) expect(row.curve.length).toBeGreaterThan(0);
  });

  it('warns on stderr when the run has cells still to train, and exports the finished ones', async () => {
    const part = join(cwd, 'part');
    cpSync(join(cwd, 'run'), part, { recursive: true });
    const lines = readText(part, 'cells.jsonl').trimEnd().split('\n');
    writeFileSync(join(part, 'cells.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);
    const r = await gapbench(['export', 'part'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^part: only 3 of 4 cells are finished \(run complete\), so the export has 3 rows; `gapbench run --resume part` trains the rest\n$/);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1 + 3);
    const whole = await gapbench(['export', 'run'], cwd);
    expect(whole.stderr).toBe('');
  });

  it('exits 2 on a folder that is not a run, and on an unknown format', async () => {
    const notRun = await gapbench(['export', '.'], cwd);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/is not a gapbench run folder \(no manifest\.json\)/);
    const badFormat = await gapbench(['export', 'run', '--format', 'xml'], cwd);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/Invalid values:[\s\S]*xml/);
  });

  it('rejects --plugin, which export would ignore (a run folder exports without its cells loaded)', async () => {
    const r = await gapbench(['export', 'run', '--plugin', 'mgu.js'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown argument: plugin');
  });
});
