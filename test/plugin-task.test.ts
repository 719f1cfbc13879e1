/**
 * A plugin can bring a task as well as a cell: test/fixtures/recall-bit-task.js
 * (built with defineTask) appears in `gapbench list` and trains in a worker
 * thread like a built-in task, with its own chance level in the rows. Named
 * in a --config file, a plugin path is relative to the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';
import { FIXTURES, REPO } from './helpers/plugin-project.js';

const PLUGIN = join(FIXTURES, 'recall-bit-task.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('a plugin task', () => {
  it('is listed with its summary and options', async () => {
    const r = await gapbench(['list', 'tasks', '--json', '--plugin', PLUGIN], REPO);
    expect(r.code, r.stderr).toBe(0);
    const { tasks } = JSON.parse(r.stdout) as { tasks: { name: string; summary: string; options: object; minGap: number }[] };
    expect(tasks.map((t) => t.name)).toEqual(['copy', 'adding', 'delayed-recall', 'recall-bit']);
    expect(tasks[3]).toEqual({ name: 'recall-bit', summary: 'one bit, g blanks, a cue: output the bit; chance 1/2', options: {}, minGap: 1 });
  });

  it('named in a config file (path relative to the file), trains in a worker and writes rows with its chance level', async () => {
    const home = tempDir('plugin-task');
    dirs.push(home);
    const out = join(home, 'run');
    const config = join(home, 'sweep.json');
    const spec = { preset: 'ci', plugins: [relative(home, PLUGIN)], tasks: ['recall-bit'], variants: ['rnn', 'lstm'], gaps: [2], replicates: 1 };
    writeFileSync(config, JSON.stringify(spec));
    // Run from the repository, not the config's folder: the relative plugin path must still resolve.
    const r = await gapbench(['run', '--config', config, '--workers', '1', '--no-report', '--out', out], REPO);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { config: { plugins: { path: string }[] } };
    expect(manifest.config.plugins.map((p) => p.path)).toEqual([PLUGIN]);
    const rows = readFileSync(join(out, 'cells.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task: string; variant: string; status: string; chance: number; message?: string });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status, row.message).toBe('ok');
      expect(row.task).toBe('recall-bit');
      expect(row.chance).toBe(0.5);
    }
  });
});
