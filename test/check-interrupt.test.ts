/**
 * Ctrl-C (SIGINT) while `gapbench check` trains the ci preset stops it with
 * exit 130 and one line saying what happened to the run folder: the
 * temporary folder is removed (nothing left under TMPDIR); a folder given
 * with --out is kept, with its finished cells, and the line says how to
 * finish and check it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCells } from '../harness/runner/store.js';
import { COMMITTED_CI_BASELINE } from './helpers/check-runs.js';
import { removeDir, startGapbench, tempDir, type CliRun } from './helpers/gapbench.js';


let dir: string;
beforeAll(() => {
  dir = tempDir('check-interrupt');
});
afterAll(() => removeDir(dir));

/** Starts `check` on one worker, sends SIGINT once the run folder has a finished cell. */
async function interrupted(args: readonly string[], env: Record<string, string>): Promise<{ res: CliRun; runDir: string }> {
  const { child, done } = startGapbench(['check', '--workers', '1', '--baseline', COMMITTED_CI_BASELINE, ...args], dir, env);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let runDir = '';
  const t0 = Date.now();
  for (;;) {
    const m = /training preset ci .* in (\S+)\n/.exec(stderr);
    if (m !== null) runDir = m[1]!;
    if (runDir !== '' && readCells(runDir).rows.length > 0) break;
    if (Date.now() - t0 > 15_000 || child.exitCode !== null) throw new Error(`no finished cell to interrupt after; stderr: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGINT');
  return { res: await done, runDir };
}

describe('Ctrl-C during check', () => {
  it('removes the temporary run folder, says so in one line and exits 130', async () => {
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const { res, runDir } = await interrupted([], { TMPDIR: tmp });
    expect(res.signal).toBeNull();
    expect(res.code).toBe(130);
    expect(runDir.startsWith(tmp)).toBe(true);
    expect(existsSync(runDir)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    const after = res.stderr.slice(res.stderr.indexOf('training preset')).trim().split('\n').slice(1);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/interrupted/);
    expect(after[0]).toContain(runDir);
    expect(res.stdout).not.toContain('FAIL');
  });

  it('with --out keeps the folder and says how to finish and check it', async () => {
    const out = join(dir, 'kept');
    const { res, runDir } = await interrupted(['--out', out], {});
    expect(res.code).toBe(130);
    expect(runDir).toBe(out);
    expect(readCells(out).rows.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('interrupted');
    const after = res.stderr.slice(res.stderr.indexOf('training preset')).trim().split('\n').slice(1);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain(`npx gapbench run --resume ${out}`);
    expect(after[0]).toContain(`npx gapbench check --run ${out}`);
  });
});
