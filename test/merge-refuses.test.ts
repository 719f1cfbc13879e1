// `gapbench merge` refuses, with exit 2, a message naming the folders and
// the fix, and nothing written: folders of different configs (both hashes
// named), a cell whose results differ between two folders, and an --out
// that holds anything but an earlier merge of the same config.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

// Two tiny cells per run.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

let cwd: string;
const hashOf = (dir: string): string => (JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as { configHash: string }).configHash;
const snapshot = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(join(cwd, dir)).map((f) => [f, readFileSync(join(cwd, dir, f), 'utf8')]));

beforeAll(async () => {
  cwd = tempDir('merge-refuses');
  const runs = await Promise.all([
    gapbench(['run', ...TINY, '--shard', '1/2', '--out', 'a1'], cwd),
    gapbench(['run', ...TINY, '--shard', '2/2', '--out', 'a2'], cwd),
    gapbench(['run', ...TINY, '--seed', '7', '--shard', '2/2', '--out', 'b2'], cwd),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const m = await gapbench(['merge', 'a1', 'a2', '--out', 'merged-a', '--no-report'], cwd);
  expect(m.code, m.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

describe('gapbench merge refuses', () => {
  it('shards of different configs, naming each folder with its config hash', async () => {
    const r = await gapbench(['merge', 'a1', 'b2', '--out', 'mixed'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('cannot merge folders of 2 different configs:');
    expect(r.stderr).toContain(`config hash ${hashOf('a1')}: a1`);
    expect(r.stderr).toContain(`config hash ${hashOf('b2')}: b2`);
    expect(r.stderr).toMatch(/merge only the shards of one sweep.*--shard.*do not change the hash/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'mixed'))).toBe(false);
  });

  it('a cell with different results in two folders, naming the cell, the folders and the field', async () => {
    cpSync(join(cwd, 'a1'), join(cwd, 'a1-tampered'), { recursive: true });
    const path = join(cwd, 'a1-tampered', 'cells.jsonl');
    const rows = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; test_accuracy: number });
    const row = rows[0] as { key: string; test_accuracy: number };
    row.test_accuracy = row.test_accuracy === 0.5 ? 0.25 : 0.5;
    writeFileSync(path, rows.map((x) => `${JSON.stringify(x)}\n`).join(''));
    const r = await gapbench(['merge', 'a1', 'a1-tampered', 'a2', '--out', 'dup'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`cell ${row.key} is in a1 and a1-tampered with different results (test_accuracy `);
    expect(existsSync(join(cwd, 'dup'))).toBe(false);
  });

  it('an --out that is a run folder, a stranger folder, or a merge of another config', async () => {
    mkdirSync(join(cwd, 'notes'));
    writeFileSync(join(cwd, 'notes', 'todo.txt'), 'mine');
    const cases: [string, RegExp][] = [
      ['a2', /--out a2 is a run folder, not a previous merge; merge into a new or empty folder/],
      ['notes', /--out notes is not empty and is not a gapbench run folder/],
    ];
    for (const [out, message] of cases) {
      const before = snapshot(out);
      const r = await gapbench(['merge', 'a1', 'a2', '--out', out], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(snapshot(out)).toEqual(before);
    }
    const before = snapshot('merged-a');
    const r = await gapbench(['merge', 'b2', '--out', 'merged-a'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--out merged-a is a merge of another config (hash ${hashOf('merged-a')}, these folders have ${hashOf('b2')})`);
    expect(snapshot('merged-a')).toEqual(before);
  });
});
