// The run folder of a shard, through the compiled CLI: the shard comes from
// Slurm's or Kubernetes' variables when --shard is absent; --resume keeps a
// folder's shard and refuses another; a shard with no cells (more shards
// than cells) is a valid, complete, empty run folder; bad shard values exit
// 2 before any folder is made.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

// 2 tiny cells: delayed-recall × rnn × gap 2 × 2 replicates.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn', '--gaps', '2', '--hidden', '8', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

interface M {
  status: string;
  shard: { index: number; count: number } | null;
  cells: { key: string }[];
  sessions: unknown[];
}
let cwd: string;
const manifestOf = (dir: string): M => JSON.parse(readFileSync(join(cwd, dir, 'manifest.json'), 'utf8')) as M;

beforeAll(() => {
  cwd = tempDir('shard-folder');
});
afterAll(() => removeDir(cwd));

describe('run folders of shards', () => {
  it('takes the shard from a Slurm array starting at 0, and --resume keeps it', async () => {
    const slurm = { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '1' };
    const r = await gapbench(['run', ...TINY, '--out', 'slurm'], cwd, slurm);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shard 2 of 2 from the Slurm array task (SLURM_ARRAY_TASK_ID=1 ');
    expect(manifestOf('slurm').shard).toEqual({ index: 2, count: 2 });
    expect(manifestOf('slurm').cells).toHaveLength(1);

    const again = await gapbench(['run', '--resume', 'slurm', '--no-report'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('shard 2 of 2 kept from the run folder: 1 of 2 cells');
    expect(again.stderr).toMatch(/0 cells to train .* 1 already finished/);
    expect(manifestOf('slurm').shard).toEqual({ index: 2, count: 2 });
    expect(manifestOf('slurm').sessions).toHaveLength(2);
  });

  it('refuses to resume a shard folder as another shard, and writes nothing', async () => {
    const before = readText(join(cwd, 'slurm'), 'manifest.json');
    const r = await gapbench(['run', '--resume', 'slurm', '--shard', '1/2'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('slurm runs shard 2/2 of this config, but this run asks for shard 1/2');
    expect(readText(join(cwd, 'slurm'), 'manifest.json')).toBe(before);
  });

  it('takes the shard from a Kubernetes Indexed Job with --shards, and needs --shards', async () => {
    const r = await gapbench(['run', ...TINY, '--shards', '2', '--out', 'k8s'], cwd, { JOB_COMPLETION_INDEX: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(manifestOf('k8s').shard).toEqual({ index: 1, count: 2 });
    const keys = [...manifestOf('k8s').cells, ...manifestOf('slurm').cells].map((c) => c.key).sort();
    expect(keys).toEqual(['delayed-recall/rnn/g2/r0/h8/lr0.01', 'delayed-recall/rnn/g2/r1/h8/lr0.01']);

    const bad = await gapbench(['run', ...TINY, '--out', 'k8s-bad'], cwd, { JOB_COMPLETION_INDEX: '0' });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/JOB_COMPLETION_INDEX=0 .* pass --shards N/);
    expect(existsSync(join(cwd, 'k8s-bad'))).toBe(false);
  });

  it('writes a valid empty run folder for a shard with no cells, and warns', async () => {
    const r = await gapbench(['run', ...TINY, '--shard', '3/3', '--out', 'empty'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shard 3 of 3 from --shard 3/3: 0 of 2 cells, 0.0% of the estimated cost');
    expect(r.stderr).toContain('warning: 3 shards for 2 cells, so 1 shard(s) get no cell');
    const m = manifestOf('empty');
    expect([m.status, m.shard, m.cells]).toEqual(['complete', { index: 3, count: 3 }, []]);
    expect(readText(join(cwd, 'empty'), 'cells.jsonl')).toBe('');
    expect(readText(join(cwd, 'empty'), 'results.csv').trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['0/2', /--shard 0\/2: shards are counted from 1 to 2, got 0/],
    ['3/2', /--shard 3\/2: shards are counted from 1 to 2, got 3/],
    ['x/2', /--shard "x\/2": expected I\/N with whole numbers/],
  ])('exits 2 with no folder for --shard %s', async (shard, message) => {
    const r = await gapbench(['run', ...TINY, '--shard', shard, '--out', 'bad'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'bad'))).toBe(false);
  });
});
