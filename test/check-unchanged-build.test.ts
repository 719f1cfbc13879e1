/**
 * The CI line: `npx gapbench check` on this build, against the committed
 * results/baselines/ci.json, passes (exit 0, exact mode on the Node major
 * and kind of multiply-add the baseline was made with), with a JUnit file of one passing testcase
 * per baseline cell. The same run against a copy of that baseline with one
 * cell's test_accuracy edited exits 1 and names that cell, and
 * `check --update --run` of this ci run may write the default baseline
 * path (only runs of other configs are refused there).
 *
 * The only test that reads the committed baseline; it asserts no number
 * of it, so regenerating the baseline (`gapbench check --update`) after an
 * intended numeric change keeps it green.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastFused } from '../harness/engine/kernels/fast.js';
import { nodeMajor } from '../harness/report/compare.js';
import { COMMITTED_CI_BASELINE, editBaseline, failingTestcases, nudge, readBaselineJson, testcases, withDefaultCiBaseline } from './helpers/check-runs.js';
import { gapbench, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const committed = COMMITTED_CI_BASELINE;

let dir: string;
let res: CliRun;
beforeAll(async () => {
  dir = tempDir('check-unchanged');
  // Run from the repository root, where the default baseline path points; keep the run for the tampering test.
  res = await gapbench(['check', '--workers', '2', '--junit', join(dir, 'j.xml'), '--out', join(dir, 'run')], repo);
});
afterAll(() => removeDir(dir));

describe('gapbench check on an unchanged build', () => {
  it('exits 0 against the committed baseline', () => {
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const baseline = readBaselineJson(committed);
    // Exact only on the baseline's Node major and, for the fast backend, its kind of multiply-add.
    const sameMachine = baseline.node.major === nodeMajor(process.version) && (baseline.backend !== 'fast' || baseline.fma === fastFused());
    expect(res.stdout).toContain(sameMachine ? 'exact mode' : 'tolerance mode');
    expect(res.stdout).toContain('PASS');
  });

  it('writes one passing JUnit testcase per baseline cell', () => {
    const keys = readBaselineJson(committed).cells.map((c) => c.key);
    expect(testcases(join(dir, 'j.xml'))).toEqual(keys);
    expect(failingTestcases(join(dir, 'j.xml'))).toEqual([]);
  });

  it('lets --update --run of this ci run write the default baseline path', async () => {
    // A copy of the repository at the default path, so the committed file is never written.
    const work = join(dir, 'work');
    withDefaultCiBaseline(work);
    const upd = await gapbench(['check', '--update', '--run', join(dir, 'run')], work);
    expect(upd.code, upd.stderr).toBe(0);
    expect(upd.stdout).toMatch(/baseline results\/baselines\/ci\.json(: no change| updated from run)/);
  });

  it('exits 1 naming the cell whose accuracy was edited in a copy of the baseline', async () => {
    const cells = readBaselineJson(committed).cells;
    const cell = cells[Math.floor(cells.length / 2)]!;
    editBaseline(committed, join(dir, 'edited.json'), (b) => {
      const c = b.cells.find((x) => x.key === cell.key)!;
      c.test_accuracy = nudge(c.test_accuracy ?? 0.5, 0.25);
    });
    const edited = await gapbench(['check', '--run', join(dir, 'run'), '--baseline', join(dir, 'edited.json'), '--junit', join(dir, 'j2.xml')], repo);
    expect(edited.code, edited.stderr).toBe(1);
    expect(edited.stdout).toMatch(new RegExp(`${cell.key.replace(/[.]/g, '\\.')}\\s+test_accuracy`));
    expect(failingTestcases(join(dir, 'j2.xml'))).toEqual([cell.key]);
  });
});
