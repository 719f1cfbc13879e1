/**
 * `gapbench gradcheck --plugin` on a plugin cell with a planted backward
 * bug (test/fixtures/mgu-broken-backward.js: the b_f gradient is never
 * accumulated) exits 1 and names exactly that tensor, in text and JSON.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapbench } from './helpers/gapbench.js';
import { FIXTURES, REPO } from './helpers/plugin-project.js';

const PLUGIN = join(FIXTURES, 'mgu-broken-backward.js');

describe('gapbench gradcheck --plugin with a broken backward', () => {
  it('exits 1 and names b_f, and only b_f, in the text verdict', async () => {
    const r = await gapbench(['gradcheck', '--plugin', PLUGIN, '--variant', 'mgu-broken'], REPO);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^mgu-broken\s+ce\s+b_f\s+\S+\s+FAIL$/m);
    expect(r.stdout).toContain('FAILED: mgu-broken/ce/b_f, mgu-broken/mse/b_f above');
  });

  it('reports the same in --json: b_f above the threshold, every other tensor below', async () => {
    const r = await gapbench(['gradcheck', '--plugin', PLUGIN, '--variant', 'mgu-broken', '--json'], REPO);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { threshold: number; ok: boolean; results: { variant: string; loss: string; tensor: string; max_rel_err: number }[] };
    expect(out.ok).toBe(false);
    const failing = out.results.filter((x) => !(x.max_rel_err < out.threshold)).map((x) => `${x.loss}/${x.tensor}`);
    expect(failing.sort()).toEqual(['ce/b_f', 'mse/b_f']);
    expect(out.results).toHaveLength(14); // (W_f, b_f, W_h, b_h, out.W, out.b, x) × (ce, mse)
    expect(new Set(out.results.map((x) => x.variant))).toEqual(new Set(['mgu-broken']));
  });
});
