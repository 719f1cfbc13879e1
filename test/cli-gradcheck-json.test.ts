// `gapbench gradcheck` run as users run it (the built CLI, a child process)
// on built-in variants: `--json` prints DESIGN.md's format
// {"threshold", "ok", "results": [{"variant", "loss", "tensor", "max_rel_err"}]}
// with one result per (variant, loss, tensor) — every parameter tensor the
// variant declares, the readout and the input x — all below the threshold,
// exit 0; an impossible --threshold fails every tensor, exits 1 and names
// each failure.
import { describe, expect, it } from 'vitest';
import type { GradcheckReport } from '../harness/api/gradcheck.js';
import { gradcheckThreshold } from '../harness/engine/gradcheck.js';
import { readoutSpecs } from '../harness/engine/params.js';
import { getVariant } from '../variants/index.js';
import { gapbench } from './helpers/gapbench.js';

const VARIANTS = ['lstm', 'gru'] as const;
const LOSSES = ['ce', 'mse'] as const;

/** Tensors the check must cover for `variant`: its own, the readout's, and x (names do not depend on sizes). */
function expectedTensors(variant: string): string[] {
  return [...getVariant(variant).params(4, 3).map((s) => s.name), ...readoutSpecs(4, 1).map((s) => s.name), 'x'];
}

describe('gapbench gradcheck --variant lstm,gru', () => {
  it('--json: DESIGN.md shape, every tensor of each variant for each loss, all below the threshold, exit 0', async () => {
    const run = await gapbench(['gradcheck', '--variant', 'lstm,gru', '--json'], process.cwd());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as GradcheckReport;
    expect(Object.keys(report).sort()).toEqual(['ok', 'results', 'threshold']);
    expect(report.threshold).toBe(gradcheckThreshold);
    expect(report.ok).toBe(true);
    for (const r of report.results) {
      expect(Object.keys(r).sort()).toEqual(['loss', 'max_rel_err', 'tensor', 'variant']);
      expect(typeof r.max_rel_err).toBe('number');
      expect(r.max_rel_err, `${r.variant}/${r.loss}/${r.tensor}`).toBeGreaterThanOrEqual(0);
      expect(r.max_rel_err, `${r.variant}/${r.loss}/${r.tensor}`).toBeLessThan(report.threshold);
    }
    const got = report.results.map((r) => `${r.variant}/${r.loss}/${r.tensor}`).sort();
    const want = VARIANTS.flatMap((v) => LOSSES.flatMap((l) => expectedTensors(v).map((t) => `${v}/${l}/${t}`))).sort();
    expect(got).toEqual(want);
    // Guards the derivation above against an empty list: lstm packs W (H+X, 4H) and b (variants/lstm.ts); gru has W_zr, b_zr, W_h, b_h (variants/gru.ts).
    expect(want).toContain('lstm/ce/W');
    expect(want).toContain('gru/mse/W_zr');
    expect(want).toContain('gru/mse/b_h');
  });

  it('--threshold 1e-30: every tensor fails, exit 1, each failure named', async () => {
    const json = await gapbench(['gradcheck', '--variant', 'lstm,gru', '--json', '--threshold', '1e-30'], process.cwd());
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as GradcheckReport;
    expect(report.threshold).toBe(1e-30);
    expect(report.ok).toBe(false);
    expect(report.results.length).toBeGreaterThan(0);
    // Float64 finite differences never agree with the analytic gradient to 1e-30.
    for (const r of report.results) expect(r.max_rel_err, `${r.variant}/${r.loss}/${r.tensor}`).toBeGreaterThan(1e-30);

    const text = await gapbench(['gradcheck', '--variant', 'lstm,gru', '--threshold', '1e-30'], process.cwd());
    expect(text.code).toBe(1);
    const failed = text.stdout.split('\n').find((l) => l.startsWith('FAILED: '));
    expect(failed, text.stdout).toBeDefined();
    expect(failed).toMatch(/ above 1e-30$/);
    const named = (failed as string).replace(/^FAILED: /, '').replace(/ above 1e-30$/, '').split(', ').sort();
    expect(named).toEqual(report.results.map((r) => `${r.variant}/${r.loss}/${r.tensor}`).sort());
    expect(named).toHaveLength(VARIANTS.reduce((n, v) => n + LOSSES.length * expectedTensors(v).length, 0));
    for (const line of text.stdout.split('\n').filter((l) => /^(lstm|gru)\s/.test(l))) expect(line).toMatch(/\sFAIL$/);
  });
});
