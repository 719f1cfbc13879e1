// The guard that keeps another config out of a preset's default baseline
// lets the preset itself in on either backend: plain `gapbench check`
// compares a run of the preset on the other backend with that baseline (in
// tolerance mode), so `check --update --run` of such a run may write it.
import { describe, expect, it } from 'vitest';
import { configHash } from '../harness/config/hash.js';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import { blockedDefault, defaultBaselinePath } from '../harness/runner/check.js';

const ci = validateConfig(presets.ci);
const path = defaultBaselinePath('ci');

describe('check --update into the default ci baseline', () => {
  it('takes the ci preset on its own backend and on the other one', () => {
    expect(blockedDefault(path, configHash(ci), ci, 'run a')).toBeNull();
    const other = validateConfig({ ...presets.ci, backend: ci.backend === 'fast' ? 'reference' : 'fast' });
    expect(configHash(other)).not.toBe(configHash(ci));
    expect(blockedDefault(path, configHash(other), other, 'run b')).toBeNull();
  });

  it('refuses another config, naming the differing field', () => {
    const other = validateConfig({ ...presets.ci, steps: 151 });
    expect(blockedDefault(path, configHash(other), other, 'run c')).toMatch(/is the default baseline of the ci preset .*run c is of another config .*steps/);
  });

  it('lets any config into a file that is no preset\'s default', () => {
    const other = validateConfig({ ...presets.ci, steps: 151 });
    expect(blockedDefault('results/baselines/mine.json', configHash(other), other, 'run d')).toBeNull();
  });
});
