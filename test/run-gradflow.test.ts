// gradflow.csv: written by default with DESIGN.md's columns, skipped with
// --no-gradflow, and recording it changes no metric of any cell (it is
// measured on a batch of its own seed stream). The numbers are the right
// ones: the distance-0 norm of the adding rnn at init equals the batch mean
// of ‖∂L/∂h_{T−1}‖ computed here by hand (forward and readout written out
// in this file, from the cell's init and gradflow seed keys), and the rnn's
// norms fall with distance at init (small uniform(±1/√H) weights and tanh
// shrink the gradient at every step back).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import { seedKeys } from '../harness/runner/seeds.js';
import { getTask } from '../tasks/index.js';
import { getVariant } from '../variants/index.js';
import { dropColumns, gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

const SEED = '1';
const GAP = 4;
const HIDDEN = 16;
const BATCH = 16;
const small = ['--preset', 'ci', '--tasks', 'adding,delayed-recall', '--variants', 'rnn,lstm', '--gaps', String(GAP), '--replicates', '1', '--steps', '20', '--workers', '1', '--no-report',
  '--seed', SEED, '--hidden', String(HIDDEN), '--batch', String(BATCH)];

/**
 * Batch mean of ‖∂L/∂h_{T−1}‖ for the adding rnn cell (replicate 0) at
 * init, by hand: h_t = tanh(W_h·h_{t−1} + W_x·x_t + b), y = h_{T−1}·W_out + b_out,
 * L = mean_n (y_n − t_n)² so ∂L/∂y_n = 2(y_n − t_n)/B and
 * ∂L/∂h_{T−1,n} = ∂L/∂y_n · W_out, whose norm is |∂L/∂y_n|·‖W_out‖.
 * The parameters come from the cell's init seed key (Model.init, float64),
 * the batch from its gradflow seed key, as the runner draws them.
 */
function answerGradNormByHand(): number {
  const task = getTask('adding');
  const T = task.length(GAP);
  const X = task.inputWidth;
  const H = HIDDEN;
  const B = BATCH;
  const keys = seedKeys({ seed: SEED, task: 'adding', variant: 'rnn', gap: GAP, replicate: 0 });
  const model = new Model(getVariant('rnn'), { T, Bmax: B, H, X, O: 1, answerSteps: task.answerSteps(GAP), loss: 'mse' }, new ReferenceKernels());
  model.init(makeRng(keys.init));
  const p = model.heap;
  const W = model.offset('W'); // (H+X, H): rows 0..H−1 multiply h, rows H.. multiply x
  const b = model.offset('b');
  const Wout = model.offset('out.W'); // (H, 1)
  const bout = model.offset('out.b');
  const inputs = new Float64Array(T * B * X); // (T, B, X)
  const targets = new Float64Array(B);
  task.batch(makeRng(keys.gradflow), GAP, B, inputs, targets);
  let outNorm = 0;
  for (let j = 0; j < H; j++) outNorm += p[Wout + j]! ** 2;
  outNorm = Math.sqrt(outNorm);
  let sum = 0;
  for (let n = 0; n < B; n++) {
    let h = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const next = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        let a = p[b + j]!;
        for (let i = 0; i < H; i++) a += h[i]! * p[W + i * H + j]!;
        for (let c = 0; c < X; c++) a += inputs[(t * B + n) * X + c]! * p[W + (H + c) * H + j]!;
        next[j] = Math.tanh(a);
      }
      h = next;
    }
    let y = p[bout]!;
    for (let j = 0; j < H; j++) y += h[j]! * p[Wout + j]!;
    sum += Math.abs((2 * (y - targets[n]!)) / B) * outNorm;
  }
  return sum / B;
}
const root = tempDir('gradflow');
afterAll(() => removeDir(root));

describe('gradflow.csv', () => {
  it('is written by default, absent with --no-gradflow, and leaves results.csv unchanged', async () => {
    const on = join(root, 'on');
    const off = join(root, 'off');
    const a = await gapbench(['run', ...small, '--out', on], root);
    const b = await gapbench(['run', ...small, '--no-gradflow', '--out', off], root);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(join(off, 'gradflow.csv'))).toBe(false);
    expect(dropColumns(readText(on, 'results.csv'), ['wall_ms'])).toBe(dropColumns(readText(off, 'results.csv'), ['wall_ms']));

    const lines = readText(on, 'gradflow.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('task,variant,gap,replicate,hidden,lr,phase,distance,grad_norm,state,gate,gate_mean');
    const rows = lines.slice(1).map((l) => l.split(','));
    // adding at gap 4: T = 4, answer at step 3 → distances 0..3; delayed-recall: T = 6, answer step 5 → 0..5.
    const of = (task: string, variant: string, phase: string, state: string) => rows.filter((r) => r[0] === task && r[1] === variant && r[6] === phase && r[9] === state);
    expect(of('adding', 'rnn', 'init', 'h').map((r) => Number(r[7]))).toEqual([0, 1, 2, 3]);
    expect(of('delayed-recall', 'lstm', 'trained', 'c').map((r) => Number(r[7]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(of('adding', 'rnn', 'init', 'c')).toEqual([]); // no cell state
    for (const r of of('adding', 'lstm', 'init', 'h')) {
      expect(r[10]).toBe('f');
      expect(Number(r[11])).toBeGreaterThan(0);
      expect(Number(r[11])).toBeLessThan(1);
    }
    for (const r of rows) expect(Number(r[8])).toBeGreaterThanOrEqual(0);

    // The run's backend is float32 (fast) and the hand computation float64: agreement to 1e-4 relative.
    const atAnswer = Number(of('adding', 'rnn', 'init', 'h')[0]![8]);
    const byHand = answerGradNormByHand();
    expect(byHand).toBeGreaterThan(0);
    expect(Math.abs(atAnswer - byHand) / byHand, `gradflow.csv ${atAnswer}, by hand ${byHand}`).toBeLessThan(1e-4);

    // The rnn at init: the norm falls at every step back from the answer, on both tasks.
    for (const task of ['adding', 'delayed-recall']) {
      const norms = of(task, 'rnn', 'init', 'h').map((r) => Number(r[8]));
      expect(norms.length).toBeGreaterThan(2);
      for (let d = 1; d < norms.length; d++) expect(norms[d]!, `${task} rnn init, distance ${d}: ${norms.join(', ')}`).toBeLessThan(norms[d - 1]!);
    }
  });
});
