// GFLOP/s in `gapbench bench` divides stepFlops — the 2·M·N·K of every
// matrix product a training step actually issues, counted by running the
// step on counting kernels — by the median time. Here the count is held
// against the closed form of each cell's products at W1 and W2, and the
// bench's JSON rows against the count and its interleaved lstm ratio.
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../harness/cli/bench.js';
import { stepFlops, workloads, type Workload } from '../harness/engine/workloads.js';
import { builtinVariants } from '../variants/index.js';
import { gapbench } from './helpers/gapbench.js';

/**
 * Per time step: forward products into n pre-activation columns from
 * [h₋, x] (H + X rows), backward the weight gradient (same size) and the
 * gradient into h₋ (B × H from n); the adding task's readout (O = 1) at
 * the last step: y = h·W_out forward, dh and dW_out backward.
 */
function closedForm(n: number, w: Workload, extraPerStep = 0): number {
  const { T, B, H, X } = w;
  const perStep = 2 * B * n * (H + X) + 2 * (H + X) * n * B + 2 * B * H * n + extraPerStep;
  const readout = 2 * B * H + 2 * B * H + 2 * H * B;
  return T * perStep + readout;
}

describe('stepFlops counts every product a step issues', () => {
  for (const w of [workloads.W1, workloads.W2]) {
    const { H } = w;
    it(`${w.name}: lstm and peephole 4H gate columns, coupled 3H`, () => {
      expect(stepFlops(builtinVariants.lstm, w)).toBe(closedForm(4 * H, w));
      expect(stepFlops(builtinVariants.peephole, w)).toBe(closedForm(4 * H, w));
      expect(stepFlops(builtinVariants.coupled, w)).toBe(closedForm(3 * H, w));
    });
    it(`${w.name}: rnn H columns`, () => {
      expect(stepFlops(builtinVariants.rnn, w)).toBe(closedForm(H, w));
    });
    it(`${w.name}: gru 2H (z, r) + H (candidate) columns, r·h₋ is the candidate's h input`, () => {
      expect(stepFlops(builtinVariants.gru, w)).toBe(closedForm(3 * H, w));
    });
  }
});

describe('gapbench bench --json', () => {
  it('reports a step row whose GFLOP/s is stepFlops over its median', async () => {
    const r = await gapbench(['bench', '--json', '--backend', 'fast', '--workload', 'W1', '--variant', 'rnn,lstm', '--time', '30'], process.cwd());
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: BenchRow[] };
    const step = out.rows.find((x) => x.suite === 'step' && x.name === 'rnn' && x.workload === 'W1' && x.backend === 'fast');
    expect(step).toBeDefined();
    expect(step!.flops).toBe(stepFlops(builtinVariants.rnn, workloads.W1));
    expect(step!.median_ms).toBeGreaterThan(0);
    expect(step!.gflops).toBeCloseTo(step!.flops / step!.median_ms / 1e6, 9);
    expect(out.rows.some((x) => x.suite === 'kernel')).toBe(true);
    // Time per FLOP against lstm comes from interleaved rounds: lstm against itself is 1 in every round.
    const lstm = out.rows.find((x) => x.suite === 'step' && x.name === 'lstm');
    expect(lstm!.ratios.time_per_flop_vs_lstm).toBe(1);
    expect(step!.ratios.time_per_flop_vs_lstm).toBeGreaterThan(0);
    expect(Number.isFinite(step!.ratios.time_per_flop_vs_lstm)).toBe(true);
  });

  it('refuses a negative --e2e-steps before measuring anything', async () => {
    const r = await gapbench(['bench', '--e2e-steps', '-1'], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--e2e-steps -1 must be a whole number of steps (0 skips the end-to-end comparison)');
    expect(r.stdout).toBe('');
  });
});
