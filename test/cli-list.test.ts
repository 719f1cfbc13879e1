// `gapbench list` shows every registered task with its options, every
// variant with its equations and every preset with its settings, as text
// or JSON; sections can be asked for one at a time.
import { describe, expect, it } from 'vitest';
import { listCommand } from '../harness/cli/list.js';
import { presets } from '../harness/config/presets.js';
import { taskNames } from '../tasks/index.js';
import { getVariant, variantNames } from '../variants/index.js';
import { runCommand } from './helpers/cli.js';

describe('gapbench list', () => {
  it('lists tasks, variants with equations, and presets as text', async () => {
    const { stdout, error } = await runCommand(listCommand, ['list']);
    expect(error).toBeUndefined();
    for (const t of taskNames) expect(stdout).toContain(`  ${t}`);
    for (const v of variantNames) for (const eq of getVariant(v).equations) expect(stdout).toContain(eq);
    expect(stdout).toMatch(/quick \(default of `gapbench run`\)/);
    expect(stdout).toMatch(/reference\n(.*\n)*?\s+gaps\s+10,20,50,100,200\n/);
    expect(stdout).toContain('alphabet=8 copyLength=10');
  });

  it('prints one section as JSON', async () => {
    const { stdout, error } = await runCommand(listCommand, ['list', 'presets', '--json']);
    expect(error).toBeUndefined();
    const data = JSON.parse(stdout) as { presets: { name: string; settings: unknown }[]; tasks?: unknown };
    expect(data.tasks).toBeUndefined();
    expect(data.presets.find((p) => p.name === 'reference')?.settings).toEqual(presets.reference);
  });

  it('rejects an unknown section', async () => {
    const { error } = await runCommand(listCommand, ['list', 'models']);
    expect((error as Error).message).toMatch(/Invalid values:[\s\S]*models[\s\S]*tasks/);
  });
});
