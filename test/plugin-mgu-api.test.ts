/**
 * The README's MGU plugin through the public API only: everything comes
 * from the built package entry (dist/harness/index.js, what `import ...
 * from 'gapbench'` loads), never from source paths. The cell is defined with
 * defineVariant, passes gradcheck below 1e-6 for every tensor, and a short
 * run trains it in worker threads (which must load the plugin themselves)
 * on both backends and records the plugin in the manifest.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The built package entry, as a user imports it (`npm test` builds first).
import * as gapbench from '../dist/harness/index.js';
import { removeDir, tempDir } from './helpers/gapbench.js';
import { FIXTURES } from './helpers/plugin-project.js';

const PLUGIN = join(FIXTURES, 'mgu.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('the MGU plugin through the public API', () => {
  it('is a Variant built with defineVariant, registered by loadPlugin', async () => {
    const loaded = await gapbench.loadPlugin(PLUGIN);
    expect(loaded.variants).toEqual(['mgu']);
    expect(loaded.sha256).toBe(createHash('sha256').update(readFileSync(PLUGIN)).digest('hex'));
    const { mgu } = (await import('./fixtures/mgu.js')) as { mgu: gapbench.Variant };
    // The module the plugin loader imported is the one a user imports: one registry entry, one object.
    expect(gapbench.getVariant('mgu')).toBe(mgu);
    expect(gapbench.variantNames).toContain('mgu');
    expect(gapbench.isBuiltinVariant('mgu')).toBe(false);
    expect(gapbench.defineVariant(mgu)).toBe(mgu);
  });

  it('passes gradcheck: every tensor and the inputs below 1e-6, both losses', () => {
    const report = gapbench.gradcheck('mgu');
    expect(report.threshold).toBe(1e-6);
    const tensors = ['W_f', 'b_f', 'W_h', 'b_h', 'out.W', 'out.b', 'x'];
    expect(report.results.map((r) => `${r.loss}/${r.tensor}`).sort()).toEqual(['ce', 'mse'].flatMap((l) => tensors.map((t) => `${l}/${t}`)).sort());
    for (const r of report.results) expect(r.max_rel_err, `${r.loss}/${r.tensor}`).toBeLessThan(1e-6);
    expect(report.ok).toBe(true);
  });

  for (const backend of ['reference', 'fast'] as const) {
    it(`trains in a worker thread on the ${backend} backend and writes rows for it`, async () => {
      const out = tempDir(`mgu-api-${backend}`);
      dirs.push(out);
      const result = await gapbench.runExperiment(
        { preset: 'ci', plugins: [PLUGIN], tasks: ['delayed-recall'], variants: ['mgu'], gaps: [2], replicates: 1, backend, gradflow: false },
        { out, workers: 1 },
      );
      expect(result.status).toBe('complete');
      expect(result.rows).toHaveLength(1);
      const row = result.rows[0]!;
      // Cells train only in workers: status ok means the worker loaded the plugin and trained the cell.
      expect(row.status, row.status === 'error' ? row.message : '').toBe('ok');
      expect(row).toMatchObject({ task: 'delayed-recall', variant: 'mgu', gap: 2, backend });
      if (row.status === 'ok') {
        expect(row.test_accuracy).toBeGreaterThanOrEqual(0);
        expect(row.test_accuracy).toBeLessThanOrEqual(1);
      }
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { configHash: string; config: gapbench.ExperimentConfig };
      expect(manifest.config.plugins).toEqual([{ path: PLUGIN, sha256: createHash('sha256').update(readFileSync(PLUGIN)).digest('hex') }]);
      expect(manifest.configHash).toBe(gapbench.configHash(result.config));
      const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
      expect(csv).toHaveLength(2);
      expect(csv[1]).toMatch(/^delayed-recall,mgu,2,0,/);
    });
  }
});
