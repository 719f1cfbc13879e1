/**
 * Initialisation, as DESIGN.md and Tallec & Ollivier (2018) define it, for the
 * cases variant-init.test.ts leaves open:
 * - default init: cell weights (peephole vectors included) and the readout
 *   W and b are U(±1/√H); cell biases are 0 except the forget-gate bias 1
 *   (lstm, peephole, coupled); rnn and gru biases are all 0; irnn's W_h is
 *   the identity and its b 0;
 * - chrono: b_f ~ log U[1, T_max − 1] (T_max = T), drawn per unit; b_i = −b_f
 *   where the input gate is free (peephole-chrono, as lstm-chrono), and no
 *   input-gate block at all where i = 1 − f (coupled-chrono: b is [f | ĉ | o]).
 *   A constant b_f = 1 (plain coupled) lies inside [0, log(T − 1)], so the
 *   range alone does not tell chrono from the default: the draws must differ.
 *
 * "Uniform" is checked as: every value within ±1/√H, all distinct, both signs,
 * and (for n ≥ 64 values) the largest |v| past (1 − 14/n)/√H and a mean within
 * 0.3/√H of 0. With a fixed seed this is deterministic; for fresh draws the
 * last two fail with probability (1 − 14/n)^n ≤ e^−14 ≈ 8e-7 and ≤ 2e-5 (the
 * mean of n U(±a) has sd a/√(3n)). On a 4288-number weight matrix the first
 * bound is 0.997/√H, so a scale off by 1% (e.g. 1/√(H+1)) is seen.
 */
import { describe, expect, it } from 'vitest';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import { getVariant } from '../variants/index.js';

const H = 64;
const X = 3;
const O = 16;
const T = 50;

function model(name: string, steps = T): Model {
  const m = new Model(getVariant(name), { T: steps, Bmax: 1, H, X, O, answerSteps: [steps - 1], loss: 'ce' }, new ReferenceKernels());
  m.heap.fill(Number.NaN, m.params, m.params + m.P); // init must write every number
  m.init(makeRng(`init-chrono-defaults/${name}/${steps}`));
  return m;
}

/** Tensor `name` as a plain array, checking its declared shape. */
function view(m: Model, name: string, rows: number, cols: number): number[] {
  const spec = m.layout.specs.find((s) => s.name === name);
  expect(spec, `${m.variant.name} has a tensor ${name}`).toBeDefined();
  expect(`${spec!.rows}×${spec!.cols}`, `${m.variant.name} ${name} shape`).toBe(`${rows}×${cols}`);
  return Array.from(m.heap.subarray(m.offset(name), m.offset(name) + rows * cols));
}

function expectUniform(v: readonly number[], label: string): void {
  const a = 1 / Math.sqrt(H);
  expect(Math.max(...v.map(Math.abs)), `${label}: |v| ≤ 1/√H`).toBeLessThanOrEqual(a);
  expect(new Set(v).size, `${label}: drawn, not constant`).toBe(v.length);
  expect(v.some((x) => x > 0) && v.some((x) => x < 0), `${label}: both signs`).toBe(true);
  if (v.length >= 64) {
    expect(Math.max(...v.map(Math.abs)), `${label}: spread over the whole range`).toBeGreaterThan((1 - 14 / v.length) * a);
    expect(Math.abs(v.reduce((s, x) => s + x, 0) / v.length), `${label}: centred on 0`).toBeLessThan(0.3 * a);
  }
}

/** A bias of gate blocks of H: block g must equal values[g] everywhere. */
function expectBlocks(b: readonly number[], values: readonly number[], label: string): void {
  expect(b.length, `${label}: ${values.length} gate blocks of H`).toBe(values.length * H);
  values.forEach((want, g) => expect(b.slice(g * H, (g + 1) * H), `${label} block ${g}`).toEqual(new Array<number>(H).fill(want)));
}

/** Chrono forget biases: H distinct draws of log U[1, steps − 1]. */
function expectChronoForget(bf: readonly number[], steps: number, label: string): void {
  expect(bf.length).toBe(H);
  for (const v of bf) {
    expect(v, `${label}: b_f ≥ log 1`).toBeGreaterThanOrEqual(0);
    expect(v, `${label}: b_f ≤ log(T − 1)`).toBeLessThanOrEqual(Math.log(steps - 1));
  }
  expect(new Set(bf).size, `${label}: one draw per unit`).toBe(H);
  expect(bf.some((v) => v !== 1), `${label}: not the default forget bias 1`).toBe(true);
  // exp(b_f) is U[1, T − 1]: 64 draws cover most of it (miss half with probability ~2^-63).
  const u = bf.map(Math.exp);
  expect(Math.max(...u) - Math.min(...u), `${label}: exp(b_f) spread over [1, T − 1]`).toBeGreaterThan((steps - 2) / 2);
}

describe('default init (DESIGN.md)', () => {
  it('rnn: W uniform, b = 0', () => {
    const m = model('rnn');
    expectUniform(view(m, 'W', H + X, H), 'rnn W');
    expectBlocks(view(m, 'b', 1, H), [0], 'rnn b');
  });

  it('gru: W_zr and W_h uniform, b_zr = 0 and b_h = 0 (no forget bias)', () => {
    const m = model('gru');
    expectUniform(view(m, 'W_zr', H + X, 2 * H), 'gru W_zr');
    expectUniform(view(m, 'W_h', H + X, H), 'gru W_h');
    expectBlocks(view(m, 'b_zr', 1, 2 * H), [0, 0], 'gru b_zr');
    expectBlocks(view(m, 'b_h', 1, H), [0], 'gru b_h');
  });

  it('peephole: W and p_f, p_i, p_o uniform, b = [1 | 0 | 0 | 0]', () => {
    const m = model('peephole');
    expectUniform(view(m, 'W', H + X, 4 * H), 'peephole W');
    for (const p of ['p_f', 'p_i', 'p_o']) expectUniform(view(m, p, 1, H), `peephole ${p}`);
    expectBlocks(view(m, 'b', 1, 4 * H), [1, 0, 0, 0], 'peephole b');
  });

  it('irnn: W_h exactly the identity, b exactly 0, W_x uniform', () => {
    const m = model('irnn');
    const Wh = view(m, 'W_h', H, H);
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) expect(Wh[i * H + j], `W_h[${i}, ${j}]`).toBe(i === j ? 1 : 0);
    expectBlocks(view(m, 'b', 1, H), [0], 'irnn b');
    expectUniform(view(m, 'W_x', X, H), 'irnn W_x');
  });

  it('coupled: W uniform, b = [1 | 0 | 0] over [f | ĉ | o]', () => {
    const m = model('coupled');
    expectUniform(view(m, 'W', H + X, 3 * H), 'coupled W');
    expectBlocks(view(m, 'b', 1, 3 * H), [1, 0, 0], 'coupled b');
  });

  for (const name of ['rnn', 'lstm', 'peephole', 'coupled', 'gru', 'irnn']) {
    it(`${name}: readout out.W and out.b uniform`, () => {
      const m = model(name);
      expectUniform(view(m, 'out.W', H, O), `${name} out.W`);
      expectUniform(view(m, 'out.b', 1, O), `${name} out.b`);
    });
  }
});

describe('chrono init (Tallec & Ollivier 2018)', () => {
  for (const steps of [T, 1000]) {
    it(`coupled-chrono, T = ${steps}: H distinct b_f in [0, log(T − 1)], no input-gate block, ĉ and o biases 0`, () => {
      const m = model('coupled-chrono', steps);
      expect(m.layout.specs.map((s) => s.name)).toEqual(['W', 'b', 'out.W', 'out.b']);
      expectUniform(view(m, 'W', H + X, 3 * H), 'coupled-chrono W');
      const b = view(m, 'b', 1, 3 * H); // [f | ĉ | o]
      expectChronoForget(b.slice(0, H), steps, 'coupled-chrono');
      expect(b.slice(H), 'ĉ and o biases').toEqual(new Array<number>(2 * H).fill(0));
    });

    it(`peephole-chrono, T = ${steps}: b_f as lstm-chrono, b_i = −b_f, ĉ and o biases 0, peepholes uniform`, () => {
      const m = model('peephole-chrono', steps);
      expect(m.layout.specs.map((s) => s.name)).toEqual(['W', 'b', 'p_f', 'p_i', 'p_o', 'out.W', 'out.b']);
      expectUniform(view(m, 'W', H + X, 4 * H), 'peephole-chrono W');
      for (const p of ['p_f', 'p_i', 'p_o']) expectUniform(view(m, p, 1, H), `peephole-chrono ${p}`);
      const b = view(m, 'b', 1, 4 * H); // [f | i | ĉ | o]
      const bf = b.slice(0, H);
      expectChronoForget(bf, steps, 'peephole-chrono');
      expect(b.slice(H, 2 * H), 'b_i = −b_f').toEqual(bf.map((v) => -v));
      expect(b.slice(2 * H), 'ĉ and o biases').toEqual(new Array<number>(2 * H).fill(0));
    });
  }
});
