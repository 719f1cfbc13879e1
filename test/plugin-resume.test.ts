/**
 * A run folder remembers its plugins (manifest.json: config.plugins, path
 * and sha256) and `--resume` reloads them without --plugin. The config
 * hash covers plugin content, not its path. A changed or missing plugin
 * file stops resume, report, `check --run` and `merge` with exit 2 and a
 * message naming the file; passing the file's new location with --plugin continues
 * the run.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir } from './helpers/gapbench.js';
import { FIXTURES, pluginProject } from './helpers/plugin-project.js';

interface Manifest {
  configHash: string;
  status: string;
  config: { plugins?: { path: string; sha256: string }[] };
}

let cwd: string;
let plugin: string;
const RUN = ['run', '--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'mgu,gru', '--gaps', '2', '--replicates', '1', '--workers', '1', '--no-report'];
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as Manifest;
const rowsOf = (dir: string): { variant: string; status: string }[] =>
  readFileSync(join(cwd, dir, 'cells.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { variant: string; status: string });
/** Keeps only the first line of cells.jsonl: the other cell reruns on resume. */
const dropLastCell = (dir: string): void => {
  const first = readFileSync(join(cwd, dir, 'cells.jsonl'), 'utf8').split('\n')[0]!;
  writeFileSync(join(cwd, dir, 'cells.jsonl'), `${first}\n`);
};

beforeAll(async () => {
  cwd = pluginProject('plugin-resume');
  mkdirSync(join(cwd, 'plugins'));
  plugin = join(cwd, 'plugins', 'mgu.js');
  copyFileSync(join(FIXTURES, 'mgu.js'), plugin);
  const r = await gapbench([...RUN, '--plugin', 'plugins/mgu.js', '--out', 'run'], cwd);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

describe('plugins of a run folder', () => {
  it('are recorded in the manifest by absolute path and sha256', () => {
    const m = manifest('run');
    expect(m.status).toBe('complete');
    expect(m.config.plugins).toHaveLength(1);
    expect(m.config.plugins![0]!.path).toBe(plugin);
    expect(m.config.plugins![0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rowsOf('run').map((r) => `${r.variant}:${r.status}`).sort()).toEqual(['gru:ok', 'mgu:ok']);
  });

  it('are reloaded by --resume without --plugin', async () => {
    dropLastCell('run');
    const r = await gapbench(['run', '--resume', 'run', '--no-report', '--workers', '1'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(rowsOf('run').map((x) => `${x.variant}:${x.status}`).sort()).toEqual(['gru:ok', 'mgu:ok']);
  });

  it('hash by content: the same file at another path gives the same config hash', async () => {
    const copy = join(cwd, 'elsewhere.js');
    copyFileSync(plugin, copy);
    const r = await gapbench([...RUN, '--plugin', copy, '--out', 'run-copy'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(manifest('run-copy').configHash).toBe(manifest('run').configHash);
    expect(manifest('run-copy').config.plugins![0]!.path).toBe(copy);
  });

  it('check --run reloads them: a baseline of the run passes', async () => {
    const update = await gapbench(['check', '--run', 'run', '--update', '--baseline', 'baseline.json'], cwd);
    expect(update.code, update.stderr).toBe(0);
    const check = await gapbench(['check', '--run', 'run', '--baseline', 'baseline.json'], cwd);
    expect(check.code, check.stderr).toBe(0);
  });

  it('merge reloads them: two shards of a plugin run merge into one folder that records the plugin', async () => {
    for (const i of [1, 2]) {
      const r = await gapbench([...RUN, '--plugin', 'plugins/mgu.js', '--shard', `${i}/2`, '--out', `shard-${i}`], cwd);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = await gapbench(['merge', 'shard-1', 'shard-2', '--out', 'merged', '--no-report'], cwd);
    expect(merged.code, merged.stderr).toBe(0);
    expect(manifest('merged').configHash).toBe(manifest('run').configHash);
    expect(manifest('merged').config.plugins).toEqual(manifest('run').config.plugins);
    expect(rowsOf('merged').map((x) => `${x.variant}:${x.status}`).sort()).toEqual(['gru:ok', 'mgu:ok']);
  });

  it('a changed plugin stops resume, report, check and merge with exit 2 naming the file', async () => {
    const original = readFileSync(plugin);
    writeFileSync(plugin, `${original.toString()}\n// edited\n`);
    try {
      dropLastCell('run');
      const resume = await gapbench(['run', '--resume', 'run', '--no-report'], cwd);
      expect(resume.code).toBe(2);
      expect(resume.stderr).toMatch(new RegExp(`plugin ${plugin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed since run folder run used it`));
      const report = await gapbench(['report', 'run'], cwd);
      expect(report.code).toBe(2);
      expect(report.stderr).toContain(`plugin ${plugin} changed since run folder run used it`);
      const check = await gapbench(['check', '--run', 'run', '--baseline', 'baseline.json'], cwd);
      expect(check.code).toBe(2);
      expect(check.stderr).toContain(`plugin ${plugin} changed since run folder run used it`);
      const merge = await gapbench(['merge', 'shard-1', 'shard-2', '--out', 'merged-again', '--no-report'], cwd);
      expect(merge.code).toBe(2);
      expect(merge.stderr).toContain(`plugin ${plugin} changed since run folder shard-1 used it`);
    } finally {
      writeFileSync(plugin, original);
    }
  });

  it('a moved plugin: exit 2 naming the old path; --plugin NEW_PATH continues the run', async () => {
    const moved = join(cwd, 'moved-mgu.js');
    renameSync(plugin, moved);
    try {
      dropLastCell('run');
      const gone = await gapbench(['run', '--resume', 'run', '--no-report'], cwd);
      expect(gone.code).toBe(2);
      expect(gone.stderr).toContain(`plugin ${plugin} used by run folder run is gone; restore the file, or pass its new location with --plugin PATH`);
      const again = await gapbench(['run', '--resume', 'run', '--no-report', '--workers', '1', '--plugin', moved], cwd);
      expect(again.code, again.stderr).toBe(0);
      expect(rowsOf('run').map((x) => `${x.variant}:${x.status}`).sort()).toEqual(['gru:ok', 'mgu:ok']);
      expect(manifest('run').status).toBe('complete');
    } finally {
      renameSync(moved, plugin);
    }
  });
});
