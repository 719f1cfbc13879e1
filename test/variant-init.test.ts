// Initialisation as DESIGN.md and the papers define it: default U(±1/√H)
// weights with forget bias 1; chrono biases b_f ~ log U[1, T_max − 1] with
// b_i = −b_f; IRNN recurrent weights the identity.
import { describe, expect, it } from 'vitest';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { makeRng } from '../harness/engine/rng.js';
import { getVariant } from '../variants/index.js';

const H = 16;
const T = 50;

function model(name: string): Model {
  const m = new Model(getVariant(name), { T, Bmax: 2, H, X: 3, O: 2, answerSteps: [T - 1], loss: 'ce' }, new ReferenceKernels());
  m.init(makeRng(`init-test/${name}`));
  return m;
}

const view = (m: Model, name: string, n: number) => Array.from(m.heap.subarray(m.offset(name), m.offset(name) + n));

describe('initialisation', () => {
  it('lstm: weights within ±1/√H, biases 0 except the forget block at 1', () => {
    const m = model('lstm');
    const W = view(m, 'W', (H + 3) * 4 * H);
    expect(Math.max(...W.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(H));
    expect(Math.max(...W.map(Math.abs))).toBeGreaterThan(0.9 / Math.sqrt(H)); // really spread over the range
    const b = view(m, 'b', 4 * H);
    expect(b.slice(0, H).every((v) => v === 1)).toBe(true);
    expect(b.slice(H).every((v) => v === 0)).toBe(true);
  });

  it('lstm-chrono: b_f = log u with u in [1, T−1], b_i = −b_f, other gates 0; weights as lstm', () => {
    const m = model('lstm-chrono');
    const b = view(m, 'b', 4 * H);
    const bf = b.slice(0, H);
    for (const v of bf) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(Math.log(T - 1));
    }
    expect(new Set(bf).size).toBe(H); // drawn, not constant
    expect(b.slice(H, 2 * H)).toEqual(bf.map((v) => -v));
    expect(b.slice(2 * H).every((v) => v === 0)).toBe(true);
  });

  it('coupled-chrono sets only the forget block (i = 1 − f has no bias), drawn rather than the default 1', () => {
    const m = model('coupled-chrono');
    const b = view(m, 'b', 3 * H);
    const bf = b.slice(0, H);
    expect(bf.every((v) => v >= 0 && v <= Math.log(T - 1))).toBe(true);
    expect(new Set(bf).size).toBe(H); // a plain coupled would give H ones
    expect(b.slice(H).every((v) => v === 0)).toBe(true);
  });

  it('irnn: recurrent weights are the identity, biases 0', () => {
    const m = model('irnn');
    const Wh = view(m, 'W_h', H * H);
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) expect(Wh[i * H + j]).toBe(i === j ? 1 : 0);
    expect(view(m, 'b', H).every((v) => v === 0)).toBe(true);
  });
});
