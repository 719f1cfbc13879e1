// One seed rule for `run --seed`, a config file's "seed" and any config
// (harness/config/seed.ts): a seed is the text at the head of every seed
// key (DESIGN.md, Seeds and determinism), so any text is a seed and is kept
// exactly ("01" and "1" are two seeds); empty text, surrounding whitespace
// and control characters are refused in what a user writes (flags, config
// files, runExperiment specs); a complete config, such as a run folder saved
// before this rule, keeps any non-empty seed text so it still resumes. A
// JSON number is its decimal text when that is unambiguous (a safe integer,
// negative too), else it must be quoted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configHash } from '../harness/config/hash.js';
import { presets } from '../harness/config/presets.js';
import { runExperiment } from '../harness/api/experiment.js';
import { resolveConfig, validateConfig } from '../harness/config/resolve.js';
import { configErrorMessage } from './helpers/config-error.js';
import { removeDir, tempDir } from './helpers/gapbench.js';

const dir = tempDir('seed');
afterAll(() => removeDir(dir));

let n = 0;
function fileWithSeed(json: string): string {
  const path = join(dir, `seed-${n++}.json`);
  writeFileSync(path, `{"preset": "ci", "seed": ${json}}`);
  return path;
}

const seedOfFlag = (seed: string): string => resolveConfig({ flags: { preset: 'ci', seed } }).config.seed;

const VALID_SEEDS = ['1', '0', '01', '-1', 'abc', '1e30', '1.5', 'run 7', 'a/b', 'ünï'];
const INVALID_SEEDS = ['', ' 1', '1 ', '\t1', 'a\nb', 'a\u0000b'];

describe('the seed rule', () => {
  it.each(VALID_SEEDS)('--seed %j is that exact text', (seed) => {
    expect(seedOfFlag(seed)).toBe(seed);
  });

  it.each(INVALID_SEEDS)('--seed %j is refused, naming --seed, the value and the rule', (seed) => {
    const message = configErrorMessage(() => seedOfFlag(seed));
    expect(message).toMatch(new RegExp(`^--seed: got ${JSON.stringify(seed).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}, expected any text without surrounding whitespace or control characters`));
    expect(message).toMatch(/; e\.g\. --seed 1$/);
  });

  it('"01" and "1" are different seeds (different config hashes)', () => {
    const hash = (seed: string): string => configHash(resolveConfig({ flags: { preset: 'ci', seed } }).config);
    expect(hash('01')).not.toBe(hash('1'));
    expect(hash('1e3')).not.toBe(hash('1000'));
  });

  it.each(VALID_SEEDS)('a config file\'s "seed": %j is the same seed as the flag', (seed) => {
    expect(resolveConfig({ file: fileWithSeed(JSON.stringify(seed)) }).config.seed).toBe(seed);
  });

  it.each(INVALID_SEEDS)('a config file\'s "seed": %j is refused like the flag', (seed) => {
    expect(configErrorMessage(() => resolveConfig({ file: fileWithSeed(JSON.stringify(seed)) }))).toMatch(/seed-\d+\.json: "seed": got .*, expected any text without surrounding whitespace/);
  });

  it.each([
    ['1', '1'],
    ['0', '0'],
    ['-1', '-1'],
    ['9007199254740991', '9007199254740991'],
  ])('a config file\'s integer "seed": %s is the seed %j, as the same --seed (same hash)', (json, text) => {
    const fromFile = resolveConfig({ file: fileWithSeed(json) }).config;
    expect(fromFile.seed).toBe(text);
    expect(configHash(fromFile)).toBe(configHash(resolveConfig({ flags: { preset: 'ci', seed: text } }).config));
  });

  it.each(['1.5', '1e30', '-0'])('a config file\'s "seed": %s (a number whose text JSON loses) must be quoted', (json) => {
    const message = configErrorMessage(() => resolveConfig({ file: fileWithSeed(json) }));
    expect(message).toMatch(/"seed": got -?[\d.e+]+, .*a number seed must be a safe integer.*quote it/);
    expect(message).toMatch(/; e\.g\. "seed": "1"$/);
  });

  it('a runExperiment spec takes the same seeds as a config file', async () => {
    await expect(runExperiment({ preset: 'ci', seed: ' abc' })).rejects.toThrow(/config\.seed: got " abc", .*leading or trailing whitespace/);
    await expect(runExperiment({ preset: 'ci', seed: 1.5 })).rejects.toThrow(/a number seed must be a safe integer/);
  });

  it('a complete config keeps any non-empty seed text it holds, so run folders saved before this rule still resume', () => {
    expect(validateConfig({ ...presets.ci, seed: -1 }).seed).toBe('-1');
    expect(validateConfig({ ...presets.ci, seed: 'abc' }).seed).toBe('abc');
    const saved = validateConfig({ ...presets.ci, seed: ' abc' });
    expect(saved.seed).toBe(' abc');
    const resumed = resolveConfig({ base: { config: saved, source: { kind: 'run', dir: 'old-run' } } }).config;
    expect(configHash(resumed)).toBe(configHash(saved));
    expect(() => validateConfig({ ...presets.ci, seed: '' })).toThrow(/config\.seed: got "", .*the seed is empty/);
    // A seed typed now over that run is held to the rule.
    expect(() => resolveConfig({ flags: { seed: ' abc' }, base: { config: saved, source: { kind: 'run', dir: 'old-run' } } })).toThrow(/--seed: got " abc"/);
  });
});
