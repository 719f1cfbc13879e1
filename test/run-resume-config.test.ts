// Resuming a run folder with another config is refused (exit 2) with both
// config hashes named, and leaves the folder untouched; resuming with no
// flags reuses the folder's own config.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

// Four tiny cells: enough to make a real run folder in a second or two.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,gru', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--no-report'];

let cwd: string;
beforeAll(async () => {
  cwd = tempDir('resume-config');
  const r = await gapbench(['run', ...TINY, '--out', 'run', '--workers', '1'], cwd);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

const snapshot = (): Record<string, string> => Object.fromEntries(readdirSync(join(cwd, 'run')).map((f) => [f, readFileSync(join(cwd, 'run', f), 'utf8')]));

describe('gapbench run --resume: config check', () => {
  it('refuses a different config, naming both hashes, and writes nothing', async () => {
    const manifest = JSON.parse(readFileSync(join(cwd, 'run', 'manifest.json'), 'utf8')) as { configHash: string };
    const before = snapshot();
    const r = await gapbench(['run', '--resume', 'run', '--steps', '6'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--resume run was run with config hash ${manifest.configHash}, but this config has hash `);
    expect(r.stderr).toMatch(/this config has hash [0-9a-f]{64}; resume with the same settings/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses --out into a run of another config', async () => {
    const before = snapshot();
    const r = await gapbench(['run', ...TINY, '--seed', '2', '--out', 'run'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--out run was run with config hash [0-9a-f]{64}, but this config has hash [0-9a-f]{64}/);
    expect(snapshot()).toEqual(before);
  });

  it('reuses the run’s own config when resumed without flags, and a different worker count is fine', async () => {
    const r = await gapbench(['run', '--resume', 'run', '--workers', '2', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/0 cells to train .* 4 already finished/);
    const manifest = JSON.parse(readFileSync(join(cwd, 'run', 'manifest.json'), 'utf8')) as { status: string; sessions: unknown[] };
    expect(manifest.status).toBe('complete');
    expect(manifest.sessions).toHaveLength(2);
  });
});
