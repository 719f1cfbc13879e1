// Grid expansion and seed derivation (DESIGN.md, Seeds): the grid is the
// full product of its axes with distinct stable keys; adding a variant, a
// gap or a hidden size leaves the keys and seeds of existing cells as they
// were; every variant of a (task, gap, replicate) shares its data keys.
import { describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import { expandGrid } from '../harness/runner/grid.js';
import { seedKeys } from '../harness/runner/seeds.js';
import type { CellSpec } from '../harness/runner/types.js';

const small = { ...presets.ci, tasks: ['copy', 'adding'], variants: ['rnn', 'lstm'], gaps: [2, 5], replicates: 2, hidden: 8 };

function byKey(cells: readonly CellSpec[]): Map<string, { spec: CellSpec; seeds: ReturnType<typeof seedKeys> }> {
  return new Map(cells.map((c) => [c.key, { spec: c, seeds: seedKeys(c) }]));
}

describe('grid expansion and seeds', () => {
  it('is the full product tasks × variants × gaps × hidden × lr × replicates with distinct keys', () => {
    const cells = expandGrid(validateConfig({ ...small, hidden: [4, 8], lr: [0.01, 0.001] }));
    expect(cells.length).toBe(2 * 2 * 2 * 2 * 2 * 2);
    expect(new Set(cells.map((c) => c.key)).size).toBe(cells.length);
    expect(cells[0]?.key).toBe('copy/rnn/g2/r0/h4/lr0.001');
  });

  it('keeps the keys and seeds of existing cells when a variant, a gap or a hidden size is added', () => {
    const before = byKey(expandGrid(validateConfig(small)));
    const grown = [
      { ...small, variants: ['rnn', 'gru', 'lstm'] },
      { ...small, gaps: [2, 3, 5, 9] },
      { ...small, hidden: [4, 8] },
      { ...small, replicates: 3 },
    ];
    for (const config of grown) {
      const after = byKey(expandGrid(validateConfig(config)));
      expect(after.size).toBeGreaterThan(before.size);
      for (const [key, cell] of before) {
        expect(after.get(key)?.seeds, key).toEqual(cell.seeds);
        expect(after.get(key)?.spec.seed).toBe(cell.spec.seed);
      }
    }
  });

  it('derives the readable keys of DESIGN.md; variants share data keys, not init keys', () => {
    const cells = expandGrid(validateConfig({ ...small, seed: 7 }));
    const rnn = cells.find((c) => c.key === 'adding/rnn/g5/r1/h8/lr0.01');
    const lstm = cells.find((c) => c.key === 'adding/lstm/g5/r1/h8/lr0.01');
    expect(rnn && seedKeys(rnn)).toEqual({
      train: '7/adding/5/1/train',
      eval: '7/adding/5/1/eval',
      test: '7/adding/5/1/test',
      gradflow: '7/adding/5/1/gradflow',
      init: '7/adding/rnn/5/1/init',
    });
    const a = seedKeys(rnn as CellSpec);
    const b = seedKeys(lstm as CellSpec);
    expect([b.train, b.eval, b.test]).toEqual([a.train, a.eval, a.test]);
    expect(b.init).not.toBe(a.init);
  });

  it('gives different replicates and gaps different data keys', () => {
    const keys = expandGrid(validateConfig(small)).filter((c) => c.variant === 'rnn').map((c) => seedKeys(c).train);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
