/**
 * `gapbench check` catches a broken variant: lstm with its forget-gate
 * gradient scaled by 0.5 (dL/d(pre-activation of f) halved after the
 * pointwise backward, before the weight gradients use it). Cells trained
 * with it are checked against a baseline of an honest run of the same
 * config: exit 1, and the failing cells are exactly the lstm cells — the
 * rnn and gru cells, trained by untouched code, are bit-identical and not
 * named.
 *
 * The broken lstm is swapped in under its real name through vi.mock of
 * the variant registry, so trainCell (in this process) uses it; the
 * compiled CLI then checks the run folders.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kernels, LstmPointwise, StepView, Variant } from '../harness/engine/types.js';
import { ciSlice, failingTestcases, mutationCheck } from './helpers/check-runs.js';
import { removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

const mutation = vi.hoisted(() => ({ active: false }));

/** Kernels whose lstmBackward halves the forget-gate block of dgates (B × G·H, f = columns 0 … H−1). */
function halveForgetGrad(k: Kernels): Kernels {
  return Object.create(k, {
    lstmBackward: {
      value(a: LstmPointwise): void {
        k.lstmBackward(a);
        const GH = a.G * a.H;
        for (let b = 0; b < a.B; b++) for (let j = 0; j < a.H; j++) k.heap[a.dgates + b * GH + j]! *= 0.5;
      },
    },
  }) as Kernels;
}

vi.mock('../variants/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../variants/index.js')>();
  const lstm = real.builtinVariants.lstm;
  const broken: Variant = { ...lstm, backward: (k: Kernels, s: StepView) => lstm.backward(halveForgetGrad(k), s) };
  return { ...real, getVariant: (name: string): Variant => (mutation.active && name === 'lstm' ? broken : real.getVariant(name)) };
});

const config = ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm', 'gru'], gaps: [2, 5] });

let dir: string;
let keys: string[];
let honestCheck: CliRun;
let brokenCheck: CliRun;
beforeAll(async () => {
  dir = tempDir('check-mut-variant');
  ({ keys, honestCheck, brokenCheck } = await mutationCheck(dir, config, mutation));
});
afterAll(() => removeDir(dir));

describe('check with the lstm forget-gate gradient halved', () => {
  it('passes the honest run against its own baseline', () => {
    expect(honestCheck.code, honestCheck.stdout + honestCheck.stderr).toBe(0);
    expect(honestCheck.stdout).toContain('exact mode');
  });

  it('fails with exit 1', () => {
    expect(brokenCheck.code, brokenCheck.stderr).toBe(1);
    expect(brokenCheck.stdout).toContain('FAIL');
  });

  it('names exactly the lstm cells', () => {
    const lstmKeys = keys.filter((k) => k.includes('/lstm/'));
    expect(lstmKeys).toHaveLength(8);
    expect(failingTestcases(join(dir, 'j.xml')).sort()).toEqual([...lstmKeys].sort());
    expect(brokenCheck.stdout).toContain(lstmKeys[0]);
  });

  it('does not name the rnn and gru cells, which did not change', () => {
    for (const k of keys.filter((k) => !k.includes('/lstm/'))) expect(brokenCheck.stdout).not.toContain(k);
  });
});
