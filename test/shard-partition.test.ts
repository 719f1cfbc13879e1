// Sharding partitions the grid: for random grids and shard counts, the
// shards are disjoint and together hold every cell exactly once, each in
// grid order; the partition depends only on the set of cells (not on the
// order they are listed in); and longest-processing-time assignment keeps
// every shard within one cell of the mean (Graham's list-scheduling bound:
// max load ≤ mean + the largest cell).
import { describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import { makeRng, randInt, type Rng } from '../harness/engine/rng.js';
import { estimateCost } from '../harness/runner/cost.js';
import { expandGrid } from '../harness/runner/grid.js';
import { partitionCells, shardCells } from '../harness/runner/shard.js';
import type { CellSpec } from '../harness/runner/types.js';

const TASKS = ['copy', 'adding', 'delayed-recall'];
const VARIANTS = ['rnn', 'lstm', 'peephole', 'coupled', 'gru'];

/** A non-empty random subset of `items`, in their order. */
function subset<T>(rng: Rng, items: readonly T[]): T[] {
  const picked = items.filter(() => rng() < 0.5);
  return picked.length > 0 ? picked : [items[randInt(rng, 0, items.length)] as T];
}

function randomGrid(rng: Rng): CellSpec[] {
  return expandGrid(
    validateConfig({
      ...presets.ci,
      tasks: subset(rng, TASKS),
      variants: subset(rng, VARIANTS),
      gaps: subset(rng, [2, 3, 5, 8, 13, 40]),
      replicates: randInt(rng, 1, 4),
      hidden: subset(rng, [4, 8, 16]),
      lr: subset(rng, [0.01, 0.003]),
    }),
  );
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, 0, i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

describe('shard partition', () => {
  it('is disjoint, covers every cell once, keeps grid order and is bounded, for 200 random grids', () => {
    const rng = makeRng('shard-partition-property');
    for (let trial = 0; trial < 200; trial++) {
      const grid = randomGrid(rng);
      const n = randInt(rng, 1, Math.min(grid.length + 4, 40));
      const shards = partitionCells(grid, n);
      const label = `trial ${trial}: ${grid.length} cells, ${n} shards`;
      expect(shards, label).toHaveLength(n);

      const seen = new Map<string, number>();
      for (const shard of shards) for (const c of shard) seen.set(c.key, (seen.get(c.key) ?? 0) + 1);
      expect(seen.size, label).toBe(grid.length);
      expect([...seen.values()].every((k) => k === 1), label).toBe(true);
      for (const c of grid) expect(seen.has(c.key), `${label}: ${c.key}`).toBe(true);

      const position = new Map(grid.map((c, i) => [c.key, i]));
      for (const shard of shards) {
        const pos = shard.map((c) => position.get(c.key) as number);
        expect(pos, label).toEqual([...pos].sort((a, b) => a - b));
      }

      const costs = grid.map(estimateCost);
      const mean = costs.reduce((a, b) => a + b, 0) / n;
      const largest = Math.max(...costs);
      for (const shard of shards) {
        const load = shard.reduce((s, c) => s + estimateCost(c), 0);
        expect(load, label).toBeLessThanOrEqual(mean + largest);
      }
      // More shards than cells: every cell alone, the rest empty.
      if (n >= grid.length) expect(shards.filter((s) => s.length === 0), label).toHaveLength(n - grid.length);

      // shardCells is one entry of the partition.
      const i = randInt(rng, 1, n + 1);
      expect(shardCells(grid, { index: i, count: n }).map((c) => c.key), label).toEqual((shards[i - 1] as CellSpec[]).map((c) => c.key));
    }
  });

  it('depends on the set of cells, not on the order they are listed in', () => {
    const rng = makeRng('shard-partition-order');
    for (let trial = 0; trial < 30; trial++) {
      const grid = randomGrid(rng);
      const n = randInt(rng, 2, 9);
      const sets = (cells: readonly CellSpec[]): string[][] => partitionCells(cells, n).map((s) => s.map((c) => c.key).sort());
      expect(sets(shuffled(rng, grid)), `trial ${trial}`).toEqual(sets(grid));
    }
  });

  it('gives one shard the whole grid when N = 1', () => {
    const grid = expandGrid(validateConfig(presets.ci));
    expect(shardCells(grid, { index: 1, count: 1 }).map((c) => c.key)).toEqual(grid.map((c) => c.key));
  });

  it('rejects shard indices outside 1..N', () => {
    const grid = expandGrid(validateConfig(presets.ci));
    expect(() => shardCells(grid, { index: 0, count: 3 })).toThrow(/index must be an integer from 1 to 3/);
    expect(() => shardCells(grid, { index: 4, count: 3 })).toThrow(/index must be an integer from 1 to 3/);
    expect(() => partitionCells(grid, 0)).toThrow(/shard count: got 0, expected a positive integer/);
  });
});
