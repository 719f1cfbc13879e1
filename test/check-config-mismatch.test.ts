/**
 * A baseline of another config is a usage error, not a regression:
 * `check` exits 2 with a message naming the differing fields and the
 * `--update` command, both for a finished run and for a preset — the
 * latter before any cell trains (the baseline is read first).
 */
import { join } from 'node:path';
import { presets } from '../harness/config/presets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselinedRun, ciSlice, trainRunFolder } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
beforeAll(async () => {
  dir = tempDir('check-config');
  const slice = { tasks: ['adding'], variants: ['rnn'], gaps: [2] };
  await baselinedRun(dir, ciSlice(slice), 'a', 'a.json');
  trainRunFolder(join(dir, 'b'), ciSlice({ ...slice, steps: 40 }));
});
afterAll(() => removeDir(dir));

describe('check against a baseline of another config', () => {
  it('exits 2 for a run with other steps, naming the field and the update command', async () => {
    const res = await gapbench(['check', '--run', 'b', '--baseline', 'a.json', '--junit', 'j.xml'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('baseline a.json is for another config');
    expect(res.stderr).toContain(`steps: ${presets.ci.steps} → 40`);
    expect(res.stderr).toContain('npx gapbench check --update --run b --baseline a.json');
    expect(res.stdout).not.toContain('FAIL');
  });

  it('exits 2 for the ci preset before training a cell', async () => {
    const res = await gapbench(['check', '--preset', 'ci', '--baseline', 'a.json'], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('is for another config');
    expect(res.stderr).toMatch(/tasks: \["adding"\] → \["copy","adding","delayed-recall"\]/);
    expect(res.stderr).not.toContain('training preset');
  });
});
