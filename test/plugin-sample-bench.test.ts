/**
 * `gapbench sample` and `gapbench bench` take --plugin like the other
 * commands: a plugin task can be sampled (and an unknown name lists it
 * among the valid ones), and a plugin cell can be timed against lstm.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gapbench } from './helpers/gapbench.js';
import { FIXTURES, REPO } from './helpers/plugin-project.js';

const TASK = join(FIXTURES, 'recall-bit-task.js');
const CELL = join(FIXTURES, 'mgu.js');

describe('sample --plugin', () => {
  it('prints sequences of a plugin task, as long as the task says, with its answer step', async () => {
    const r = await gapbench(['sample', 'recall-bit', '--plugin', TASK, '--gap', '3', '--count', '2', '--json'], REPO);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { task: string; gap: number; sequences: { inputs: number[][]; targets: number[]; answerSteps: number[] }[] };
    expect(out.task).toBe('recall-bit');
    expect(out.gap).toBe(3);
    expect(out.sequences).toHaveLength(2);
    for (const s of out.sequences) {
      expect(s.answerSteps).toHaveLength(1);
      expect(s.inputs.length).toBeGreaterThan(s.answerSteps[0]!);
      expect(s.targets).toHaveLength(1);
    }
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
    const { rows } = JSON.parse(r.stdout) as { rows: { suite: string; name: string; flops: number; median_ms: number; ratios: Record<string, number> }[] };
    const mgu = rows.find((x) => x.suite === 'step' && x.name === 'mgu');
    const lstm = rows.find((x) => x.suite === 'step' && x.name === 'lstm');
    expect(mgu).toBeDefined();
    // mgu multiplies [h₋, x] into 2H columns (W_f, then W_h for the candidate); lstm into 4H.
    expect(mgu!.flops).toBeLessThan(lstm!.flops);
    expect(mgu!.median_ms).toBeGreaterThan(0);
    expect(Number.isFinite(mgu!.ratios.time_per_flop_vs_lstm)).toBe(true);
  });
});
