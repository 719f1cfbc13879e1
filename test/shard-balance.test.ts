// Balance of the shards on the `reference` preset (225 cells): the largest
// shard's estimated cost is within 1.2× of the mean for N = 4 and N = 16, so
// no machine of a sharded sweep waits much longer than the others. Pure
// function of the config: nothing is trained.
import { describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import { estimateCost } from '../harness/runner/cost.js';
import { expandGrid } from '../harness/runner/grid.js';
import { partitionCells, summarizeShard } from '../harness/runner/shard.js';

const grid = expandGrid(validateConfig(presets.reference));

describe('shard balance on the reference preset', () => {
  it.each([4, 16])('keeps the largest of %i shards within 1.2× of the mean estimated cost', (n) => {
    const loads = partitionCells(grid, n).map((s) => s.reduce((sum, c) => sum + estimateCost(c), 0));
    const mean = loads.reduce((a, b) => a + b, 0) / n;
    expect(Math.max(...loads) / mean).toBeLessThanOrEqual(1.2);
    // Every shard has work: 225 cells over at most 16 shards.
    expect(Math.min(...loads)).toBeGreaterThan(0);
  });

  it('reports each shard’s share of the estimated cost, summing to 1 over the shards', () => {
    const shares = Array.from({ length: 4 }, (_, i) => summarizeShard(grid, { index: i + 1, count: 4 }));
    expect(shares.reduce((s, x) => s + x.cells, 0)).toBe(225);
    expect(shares.reduce((s, x) => s + x.costShare, 0)).toBeCloseTo(1, 12);
    for (const s of shares) expect(s.emptyShards).toBe(0);
  });
});
