/**
 * Tolerance mode of `gapbench check`: with --tolerance δ a per-cell
 * test_accuracy change within ±δ passes and a larger one fails naming the
 * cell; a shift of every replicate of one (task, variant, gap) by less
 * than δ but more than δ/2 fails as a moved mean; a solved/unsolved flip
 * fails. Without --tolerance, a baseline made on another Node major or
 * backend is compared in tolerance mode (δ = 0.1) automatically.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHash } from '../harness/config/hash.js';
import type { ExperimentConfig } from '../harness/config/schema.js';
import { baselinedRun, ciSlice, editBaseline, nudge, readBaselineJson } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
beforeAll(async () => {
  dir = tempDir('check-tolerance');
  await baselinedRun(dir, ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm'], gaps: [2] }));
});
afterAll(() => removeDir(dir));

function check(baseline: string, ...extra: string[]) {
  return gapbench(['check', '--run', 'run', '--baseline', baseline, ...extra], dir);
}

describe('check --tolerance', () => {
  it('passes one cell moved by 0.05 with δ = 0.1', async () => {
    editBaseline(join(dir, 'b.json'), join(dir, 'small.json'), (b) => {
      b.cells[1]!.test_accuracy = nudge(b.cells[1]!.test_accuracy!, 0.05);
    });
    const exact = await check('small.json');
    expect(exact.code, 'exact mode sees any change').toBe(1);
    const res = await check('small.json', '--tolerance', '0.1');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('tolerance mode δ = 0.1 (--tolerance)');
    expect(res.stdout).toContain('PASS');
  });

  it('fails one cell moved by 0.3 with δ = 0.1, naming it', async () => {
    const key = readBaselineJson(join(dir, 'b.json')).cells[1]!.key;
    editBaseline(join(dir, 'b.json'), join(dir, 'large.json'), (b) => {
      b.cells[1]!.test_accuracy = nudge(b.cells[1]!.test_accuracy!, 0.3);
    });
    const res = await check('large.json', '--tolerance', '0.1');
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`${key.replace(/[.]/g, '\\.')}\\s+test_accuracy`));
  });

  it('fails when both replicates of one group move by 0.08 the same way (mean beyond δ/2)', async () => {
    const base = readBaselineJson(join(dir, 'b.json'));
    const [r0, r1] = [base.cells[0]!, base.cells[1]!];
    expect([r0.replicate, r1.replicate]).toEqual([0, 1]);
    const group = r0.key.replace('/r0', '');
    const dirn = r0.test_accuracy! + r1.test_accuracy! >= 1 ? -1 : 1;
    editBaseline(join(dir, 'b.json'), join(dir, 'shift.json'), (b) => {
      for (const c of b.cells.slice(0, 2)) c.test_accuracy = c.test_accuracy! + dirn * 0.08;
    });
    const res = await check('shift.json', '--tolerance', '0.1');
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`${group.replace(/[.]/g, '\\.')}\\s+mean test_accuracy`));
    expect(res.stdout).not.toMatch(/\/r[01]\/\S+\s+test_accuracy/);
  });

  it('fails on a solved/unsolved flip', async () => {
    const cell = readBaselineJson(join(dir, 'b.json')).cells[3]!;
    editBaseline(join(dir, 'b.json'), join(dir, 'flip.json'), (b) => {
      const c = b.cells[3]!;
      c.steps_to_solve = c.steps_to_solve === null ? 20 : null;
      c.sequences_to_solve = c.steps_to_solve === null ? null : 320;
    });
    const res = await check('flip.json', '--tolerance', '0.1');
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`${cell.key.replace(/[.]/g, '\\.')}\\s+solved`));
  });

  it('switches to tolerance mode by itself for a baseline made on another Node major', async () => {
    editBaseline(join(dir, 'b.json'), join(dir, 'node.json'), (b) => {
      b.node = { version: `v${b.node.major - 1}.0.0`, major: b.node.major - 1 };
    });
    const res = await check('node.json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/tolerance mode δ = 0\.1 \(automatic, because Node major \d+ in the baseline, \d+ now\)/);
  });

  it('compares a run on another backend in tolerance mode, not as another config', async () => {
    // The same run relabelled as a run of the other backend: its config differs from the baseline's in backend only.
    cpSync(join(dir, 'run'), join(dir, 'run-fast'), { recursive: true });
    const path = join(dir, 'run-fast', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { config: ExperimentConfig; configHash: string; backend: string };
    const was = manifest.backend;
    const other = was === 'fast' ? 'reference' : 'fast';
    manifest.config = { ...manifest.config, backend: other };
    manifest.configHash = configHash(manifest.config);
    manifest.backend = other;
    writeFileSync(path, JSON.stringify(manifest));
    const res = await gapbench(['check', '--run', 'run-fast', '--baseline', 'b.json'], dir);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain(`automatic, because backend ${was} in the baseline, ${other} now`);
  });
});
