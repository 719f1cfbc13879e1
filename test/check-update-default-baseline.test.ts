/**
 * The default baseline results/baselines/ci.json is what plain `gapbench
 * check` (the CI gate) trains the ci preset against, so `check --update`
 * must not write it from a run of another config: after that the gate
 * exits 2. A run of another config checked against the default baseline
 * exits 2 with a command that makes its own baseline file instead, and
 * that command, run as printed, works and leaves ci.json alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciSlice, trainRunFolder, withDefaultCiBaseline } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
let ciJson: string;
let before: string;
beforeAll(() => {
  dir = tempDir('check-update-default');
  // A working directory with the repository's committed ci baseline at the default path.
  ciJson = withDefaultCiBaseline(dir);
  before = readFileSync(ciJson, 'utf8');
  trainRunFolder(join(dir, 'other'), ciSlice({ tasks: ['adding'], variants: ['rnn'], gaps: [2] }));
});
afterAll(() => removeDir(dir));

describe('check --update and the default baseline', () => {
  it('refuses to write the default baseline from a run that is not the ci preset, naming --baseline', async () => {
    const res = await gapbench(['check', '--update', '--run', 'other'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('results/baselines/ci.json');
    expect(res.stderr).toContain('--baseline');
    expect(readFileSync(ciJson, 'utf8')).toBe(before);
  });

  it('refuses it also when the default path is named with --baseline', async () => {
    const res = await gapbench(['check', '--update', '--run', 'other', '--baseline', 'results/baselines/ci.json'], dir);
    expect(res.code).toBe(2);
    expect(readFileSync(ciJson, 'utf8')).toBe(before);
  });

  it('on a config mismatch suggests a command that works as printed and leaves ci.json alone', async () => {
    const res = await gapbench(['check', '--run', 'other'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('is for another config');
    const suggested = [...res.stderr.matchAll(/`npx gapbench (check --update[^`]*)`/g)].map((m) => m[1]!);
    expect(suggested.length, res.stderr).toBeGreaterThan(0);
    for (const cmd of suggested) {
      const args = cmd.split(' ');
      const out = args[args.indexOf('--baseline') + 1]!;
      expect(args, cmd).toContain('--baseline');
      const made = await gapbench(args, dir);
      expect(made.code, `${cmd}: ${made.stderr}`).toBe(0);
      expect(existsSync(join(dir, out))).toBe(true);
      const checked = await gapbench(['check', '--run', 'other', '--baseline', out], dir);
      expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    }
    expect(readFileSync(ciJson, 'utf8')).toBe(before);
  });
});
