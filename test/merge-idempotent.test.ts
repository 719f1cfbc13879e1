// Merging is idempotent: merging a merged folder again, the same shards
// twice, or the merge together with its shards, in any order, writes the
// same bytes (manifest, cells.jsonl, CSVs, report and figures); a partial
// merge completed by a late shard equals merging everything at once.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

// 1 task × 2 variants × 2 gaps × 2 replicates = 8 tiny cells, over 3 shards.
const SWEEP = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,gru', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

let cwd: string;
const files = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(join(cwd, dir)).sort().map((f) => [f, readFileSync(join(cwd, dir, f), 'utf8')]));
const merge = (args: string[]): Promise<CliRun> => gapbench(['merge', ...args], cwd);

beforeAll(async () => {
  cwd = tempDir('merge-idempotent');
  const runs = await Promise.all([1, 2, 3].map((i) => gapbench(['run', ...SWEEP, '--shard', `${i}/3`, '--out', `s${i}`], cwd)));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const first = await merge(['s1', 's2', 's3', '--out', 'm']);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

describe('gapbench merge is idempotent', () => {
  it('writes the report and figures into the merged folder', () => {
    const names = Object.keys(files('m'));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'cells.jsonl', 'results.csv', 'curves.csv', 'gradflow.csv', 'report.html']));
    expect(names.some((n) => n.endsWith('.svg'))).toBe(true);
  });

  it('gives the same bytes when a merged folder is merged again', async () => {
    const r = await merge(['m', '--out', 'again']);
    expect(r.code, r.stderr).toBe(0);
    expect(files('again')).toEqual(files('m'));
  });

  it('gives the same bytes for the shards in another order, listed twice, or with the merge itself', async () => {
    const a = await merge(['s3', 's1', 's2', 's1', '--out', 'twice', '--no-report']);
    const b = await merge(['s2', 'm', 's3', '--out', 'mixed', '--no-report']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/duplicates: \d+ cell\(s\) were in more than one folder with identical results/);
    const core = (dir: string): Record<string, string> => Object.fromEntries(Object.entries(files(dir)).filter(([f]) => !f.endsWith('.svg') && f !== 'report.html'));
    expect(core('twice')).toEqual(core('m'));
    expect(core('mixed')).toEqual(core('m'));
  });

  it('rewrites an earlier merge in place with the same bytes', async () => {
    const before = files('m');
    const r = await merge(['m', 's2', '--out', 'm']);
    expect(r.code, r.stderr).toBe(0);
    expect(files('m')).toEqual(before);
  });

  it('marks a partial merge incomplete, names the missing cells, and completes it with the late shard', async () => {
    const partial = await merge(['s1', 's2', '--out', 'partial', '--no-report']);
    expect(partial.code, partial.stderr).toBe(0);
    const manifest = JSON.parse(files('partial')['manifest.json'] as string) as { status: string };
    expect(manifest.status).toBe('incomplete');
    expect(partial.stdout).toMatch(/missing: \d+ of 8 cells are in no folder: delayed-recall\//);
    const late = await merge(['partial', 's3', '--out', 'partial', '--no-report']);
    expect(late.code, late.stderr).toBe(0);
    const full = await merge(['s1', 's2', 's3', '--out', 'full', '--no-report']);
    expect(files('partial')).toEqual(files('full'));
  });
});
