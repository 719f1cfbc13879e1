// The config hash covers what changes results and nothing else: run options
// (workers, out) and equivalent spellings (hidden 8 vs [8], a task option
// equal to its default, gaps in another order) leave it unchanged; any
// hyperparameter, the seed or the backend changes it. Every schema field,
// one by one, is covered in test/config-hash-every-field.test.ts.
import { describe, expect, it } from 'vitest';
import { configHash } from '../harness/config/hash.js';
import { presets } from '../harness/config/presets.js';
import { resolveConfig, validateConfig } from '../harness/config/resolve.js';

const hashOf = (flags: Record<string, unknown>): string => configHash(resolveConfig({ flags: { preset: 'ci', ...flags } }).config);

describe('config hash', () => {
  const base = hashOf({});

  it('is a sha256 hex digest', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores workers and out', () => {
    expect(hashOf({ workers: '1' })).toBe(base);
    expect(hashOf({ workers: '7', out: '/tmp/elsewhere' })).toBe(base);
  });

  it('ignores equivalent spellings', () => {
    const ci = presets.ci;
    expect(configHash(validateConfig({ ...ci, hidden: [ci.hidden] }))).toBe(base);
    expect(configHash(validateConfig({ ...ci, gaps: [...ci.gaps].reverse() }))).toBe(base);
    expect(configHash(validateConfig({ ...ci, seed: 1 }))).toBe(base);
    expect(configHash(validateConfig({ ...ci, taskOptions: { copy: { copyLength: 10 } } }))).toBe(base);
    // The order of tasks and variants orders the table, not a result.
    expect(configHash(validateConfig({ ...ci, tasks: [...ci.tasks].reverse(), variants: [...ci.variants].reverse() }))).toBe(base);
  });

  it('changes with anything that changes results', () => {
    const changed = [
      hashOf({ steps: '61' }),
      hashOf({ seed: '2' }),
      hashOf({ lr: '0.02' }),
      hashOf({ hidden: '8,16' }),
      hashOf({ gaps: '2,6' }),
      hashOf({ variants: 'rnn,lstm' }),
      hashOf({ replicates: '3' }),
      hashOf({ evalEvery: '30' }),
      hashOf({ backend: presets.ci.backend === 'fast' ? 'reference' : 'fast' }),
      configHash(validateConfig({ ...presets.ci, taskOptions: { copy: { copyLength: 5 } } })),
      configHash(validateConfig({ ...presets.ci, clip: 2 })),
    ];
    for (const h of changed) expect(h).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
