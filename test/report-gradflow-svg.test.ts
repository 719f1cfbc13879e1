/**
 * fig-gradflow-<task>.svg is well-formed SVG with, in each phase panel, one
 * solid ‖∂L/∂h‖ series per variant and one dashed ‖∂L/∂c‖ series per lstm-
 * family variant, a keep-gate row for the gated variants, the rnn's line
 * ending far below the lstm's, and the same bytes for the same rows in any
 * order. Without gradient-flow records there is no figure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gradflowFigures, loadRun, reportContext } from '../harness/report/index.js';
import type { ReportContext } from '../harness/report/index.js';
import type { CellRow } from '../harness/runner/types.js';
import { removeRunDirs, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';
import { withGradflow } from './helpers/gradflow-rows.js';
import { xmlError } from './helpers/xml.js';

afterAll(removeRunDirs);

const VARIANTS = ['rnn', 'lstm', 'peephole', 'coupled', 'gru'];
const CELL_FAMILY = ['lstm', 'peephole', 'coupled'];
const options: SyntheticOptions = { gaps: [10, 20, 50], replicates: 2 };

function contextFor(o: SyntheticOptions, rows: readonly CellRow[]): ReportContext {
  const dir = writeRunDir(rows, syntheticManifest(o));
  const run = loadRun(dir);
  return reportContext(dir, run.manifest, run.rows);
}

/** [aria-label, path d, stroke-dasharray] of every path in the layer named `layer`, in drawing order. */
function paths(svg: string, layer: string): { label: string; d: string; dash: string | null }[] {
  const re = new RegExp(`class="mark-line role-mark ${layer}_marks"[^>]*><path aria-label="([^"]*)"[^>]*?d="([^"]*)"[^>]*?/>`, 'g');
  return [...svg.matchAll(re)].map((m) => ({ label: m[1] as string, d: m[2] as string, dash: /stroke-dasharray="([^"]*)"/.exec(m[0])?.[1] ?? null }));
}

/** Screen y of the last vertex of an SVG path (y grows downward). */
function lastY(d: string): number {
  const nums = [...d.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
  return nums[nums.length - 1] as number;
}

describe('gradient-flow figure', () => {
  it('is well-formed SVG per task with one h series per variant and one dashed c series per lstm-family variant in each phase panel', async () => {
    const figs = await gradflowFigures(contextFor(options, withGradflow(syntheticRows(options))));
    expect(figs.map((f) => f.file)).toEqual(['fig-gradflow-copy.svg', 'fig-gradflow-adding.svg', 'fig-gradflow-delayed-recall.svg']);
    for (const f of figs) {
      expect(xmlError(f.svg), f.file).toBeNull();
      expect(f.svg.startsWith('<svg')).toBe(true);
      // two panels (init, trained), every variant in each
      const h = paths(f.svg, 'series');
      expect(h.map((p) => p.label)).toEqual([...VARIANTS, ...VARIANTS]);
      for (const p of h) expect(p.dash === null || p.dash === '1,0', `${p.label} h is solid`).toBe(true);
      const c = paths(f.svg, 'cell_series');
      expect(c.map((p) => p.label)).toEqual([...CELL_FAMILY, ...CELL_FAMILY]);
      for (const p of c) expect(p.dash, `${p.label} c is dashed`).toBe('6,4');
      // keep-gate row: gated variants only (the rnn has no gate)
      expect(paths(f.svg, 'gate_series').map((p) => p.label)).toEqual([...CELL_FAMILY, 'gru', ...CELL_FAMILY, 'gru']);
      for (const t of ['at initialisation', 'after training', 'at initialisation: keep fraction']) expect(f.svg).toContain(`>${t}</text>`);
      expect(f.svg).toContain('>gradient norm (log scale)</text>');
      expect(f.svg).toContain('gap 50 (the largest of the run)');
      // fitted factors of the synthetic decay (helpers/gradflow-rows.ts): rnn 0.6 per step, lstm c 0.9
      expect(f.svg).toMatch(/rnn ×0\.60 · lstm \(c\) ×0\.90/);
      expect(f.caption).toMatch(/long-term dependency problem/);
      expect(f.caption).toContain('gap 50');
    }
  });

  it('draws the rnn ending far below the lstm family: the vanishing gradient is visible', async () => {
    const o: SyntheticOptions = { tasks: ['delayed-recall'], variants: ['rnn', 'lstm'], gaps: [40], replicates: 1 };
    const [fig] = await gradflowFigures(contextFor(o, withGradflow(syntheticRows(o))));
    const [rnnInit] = paths(fig?.svg ?? '', 'series');
    const [lstmCInit] = paths(fig?.svg ?? '', 'cell_series');
    expect(rnnInit?.label).toBe('rnn');
    expect(lstmCInit?.label).toBe('lstm');
    // at d = 41: 0.6^41 ≈ 8e-10 vs 0.9^41 ≈ 1.3e-2 (× 0.5 scale) — about 7 decades apart on a 250 px axis
    expect(lastY(rnnInit?.d ?? '') - lastY(lstmCInit?.d ?? '')).toBeGreaterThan(100);
  });

  it('same rows in any order give the same bytes', async () => {
    const rows = withGradflow(syntheticRows(options));
    const a = await gradflowFigures(contextFor(options, rows));
    const b = await gradflowFigures(contextFor(options, [...rows].reverse()));
    expect(b.map((f) => f.svg)).toEqual(a.map((f) => f.svg));
  });

  it('gives no figure without records, and none for a task that has none', async () => {
    expect(await gradflowFigures(contextFor(options, syntheticRows(options)))).toEqual([]);
    const some = await gradflowFigures(contextFor(options, withGradflow(syntheticRows(options), ['adding'])));
    expect(some.map((f) => f.file)).toEqual(['fig-gradflow-adding.svg']);
  });

  it('a run of the rnn alone has no c series, no gate row and no c legend entry', async () => {
    const o: SyntheticOptions = { tasks: ['copy'], variants: ['rnn'], gaps: [10], replicates: 1 };
    const [fig] = await gradflowFigures(contextFor(o, withGradflow(syntheticRows(o))));
    expect(xmlError(fig?.svg ?? '')).toBeNull();
    expect(paths(fig?.svg ?? '', 'series').map((p) => p.label)).toEqual(['rnn', 'rnn']);
    expect(paths(fig?.svg ?? '', 'cell_series')).toEqual([]);
    expect(paths(fig?.svg ?? '', 'gate_series')).toEqual([]);
    expect(fig?.svg).not.toContain('(cell)');
  });

  it('a swept hidden size gets a pair of phase panels per setting', async () => {
    const o: SyntheticOptions = { tasks: ['copy'], variants: ['rnn', 'lstm'], gaps: [10], hidden: [16, 32], replicates: 1 };
    const [fig] = await gradflowFigures(contextFor(o, withGradflow(syntheticRows(o))));
    expect(xmlError(fig?.svg ?? '')).toBeNull();
    expect(paths(fig?.svg ?? '', 'series').map((p) => p.label)).toEqual(['rnn', 'lstm', 'rnn', 'lstm', 'rnn', 'lstm', 'rnn', 'lstm']);
    expect(fig?.svg).toContain('>at initialisation · hidden 16, lr 0.001</text>');
    expect(fig?.svg).toContain('>after training · hidden 32, lr 0.001</text>');
  });
});
