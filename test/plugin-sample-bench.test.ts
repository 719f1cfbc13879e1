/**
 * `gapbench sample` and `gapbench bench` take --plugin like the other
 * commands: a plugin task can be sampled (and an unknown name lists it
 * among the valid ones), and a plugin cell can be timed against lstm.
 * The sampled sequences are the task's (step 0 carries the bit, blanks,
 * then the cue; the target is that bit), and the plugin cell's FLOPs are
 * the closed-form count of the products its step issues.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../harness/cli/bench.js';
import { gapbench } from './helpers/gapbench.js';
import { FIXTURES, REPO } from './helpers/plugin-project.js';

const TASK = join(FIXTURES, 'recall-bit-task.js');
const CELL = join(FIXTURES, 'mgu.js');

describe('sample --plugin', () => {
  it('prints sequences of a plugin task, as long as the task says, with its answer step and the bit as target', async () => {
    const gap = 3;
    const r = await gapbench(['sample', 'recall-bit', '--plugin', TASK, '--gap', String(gap), '--count', '16', '--json'], REPO);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { task: string; gap: number; sequences: { inputs: number[][]; targets: number[]; answerSteps: number[] }[] };
    expect(out.task).toBe('recall-bit');
    expect(out.gap).toBe(gap);
    expect(out.sequences).toHaveLength(16);
    // recall-bit.js: step 0 the bit (channel 0 or 1), steps 1 … g blank (channel 2), step g+1 the cue (channel 3); target: the bit.
    const BLANK = [0, 0, 1, 0];
    const CUE = [0, 0, 0, 1];
    const seen = new Set<number>();
    for (const s of out.sequences) {
      expect(s.inputs).toHaveLength(gap + 2);
      expect(s.answerSteps).toEqual([gap + 1]);
      expect(s.targets).toHaveLength(1);
      const first = s.inputs[0]!;
      const bit = first.indexOf(1);
      expect([0, 1]).toContain(bit);
      expect(first).toEqual(bit === 0 ? [1, 0, 0, 0] : [0, 1, 0, 0]);
      expect(s.targets[0]).toBe(bit);
      for (let t = 1; t <= gap; t++) expect(s.inputs[t]).toEqual(BLANK);
      expect(s.inputs[gap + 1]).toEqual(CUE);
      seen.add(bit);
    }
    // Both bits occur among 16 seeded draws, so a target fixed at 0 or 1 cannot pass.
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('names plugin tasks among the valid ones for an unknown name (exit 2)', async () => {
    const r = await gapbench(['sample', 'recall-bits', '--plugin', TASK], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown task "recall-bits"; valid tasks: copy, adding, delayed-recall, recall-bit');
  });
});

describe('bench --plugin', () => {
  it('times a plugin cell at W1 with its useful FLOPs and its time per FLOP against lstm', async () => {
    const r = await gapbench(['bench', '--plugin', CELL, '--variant', 'mgu,lstm', '--workload', 'W1', '--backend', 'fast', '--time', '30', '--json'], REPO);
    expect(r.code, r.stderr).toBe(0);
    const { rows } = JSON.parse(r.stdout) as { rows: BenchRow[] };
    const mgu = rows.find((x) => x.suite === 'step' && x.name === 'mgu');
    const lstm = rows.find((x) => x.suite === 'step' && x.name === 'lstm');
    expect(mgu).toBeDefined();
    // mgu multiplies [h₋, x] into 2H columns (W_f, then W_h for the candidate); lstm into 4H.
    expect(mgu!.flops).toBeLessThan(lstm!.flops);
    // Closed form of one W1 training step of mgu.js (T = 100, B = 32, H = 64, X = 2, O = 1, one answer step),
    // counting 2·M·N·K per product it issues (no input gradient):
    //   forward, per step: W_f·h₋, W_f·x, W_h·(f*h₋), W_h·x            2·(2BH² + 2BHX)
    //   backward, per step: dW_h (h, x rows), d(f*h₋), dW_f (h, x rows), dh₋   4·2BH² + 2·2BHX
    //   readout: y = h·W_out at the answer step, dh += dy·W_outᵀ, dW_out      3·2BHO
    const [T, B, H, X, O] = [100, 32, 64, 2, 1];
    const closedForm = T * (2 * (2 * B * H * H + 2 * B * H * X) + 4 * 2 * B * H * H + 2 * 2 * B * H * X) + 3 * 2 * B * H * O;
    expect(closedForm).toBe(160_575_488);
    expect(mgu!.flops).toBe(closedForm);
    expect(mgu!.median_ms).toBeGreaterThan(0);
    expect(Number.isFinite(mgu!.ratios.time_per_flop_vs_lstm)).toBe(true);
  });
});
