// Config resolution: preset < file < flags, the reference preset exactly as
// DESIGN.md, and one ConfigError per bad input naming the flag or field,
// the value and the fix (exit code 2 is tested through the CLI in
// run-bad-input.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../harness/config/errors.js';
import { presets } from '../harness/config/presets.js';
import { resolveConfig, validateConfig } from '../harness/config/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'gapbench-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as Error;
  }
  throw new Error('expected a ConfigError');
}

describe('config resolution', () => {
  it('resolves the reference preset exactly as DESIGN.md states it', () => {
    const c = resolveConfig({ flags: { preset: 'reference' } }).config;
    expect(c).toMatchObject({
      tasks: ['copy', 'adding', 'delayed-recall'],
      variants: ['rnn', 'lstm', 'peephole', 'coupled', 'gru'],
      gaps: [10, 20, 50, 100, 200],
      replicates: 3,
      seed: '1',
      hidden: [64],
      batch: 32,
      lr: [1e-3],
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      clip: 1.0,
      steps: 2000,
      evalEvery: 250,
      evalSize: 256,
      testSize: 1000,
      solvedThreshold: 0.95,
    });
  });

  it('uses quick when no preset is named', () => {
    expect(resolveConfig({}).config.steps).toBe(presets.quick.steps);
  });

  it('layers preset < file < flags', () => {
    const path = file('layers.json', { preset: 'ci', steps: 40, gaps: [3, 4], workers: 3 });
    const { config, run } = resolveConfig({ file: path, flags: { gaps: '6,2', hidden: '4,8', lr: '0.01' } });
    expect(config.steps).toBe(40); // file over preset
    expect(config.gaps).toEqual([2, 6]); // flag over file, sorted
    expect(config.hidden).toEqual([4, 8]);
    expect(config.lr).toEqual([0.01]);
    expect(config.batch).toBe(presets.ci.batch); // preset
    expect(run.workers).toBe(3);
    const reference = resolveConfig({ file: path, flags: { preset: 'reference' } }).config;
    expect([reference.batch, reference.steps]).toEqual([32, 40]); // --preset over the file's preset, file fields still over it
  });

  const cases: [string, () => unknown, RegExp][] = [
    ['unknown key in a file', () => resolveConfig({ file: file('typo.json', { stpes: 3 }) }), /typo\.json: unknown key "stpes" \(did you mean "steps"\?\); valid keys: .*steps/],
    ['unknown key in a library config', () => validateConfig({ ...presets.ci, unroll: true }), /unknown key "unroll"; valid keys: /],
    ['bad number flag', () => resolveConfig({ flags: { steps: 'abc' } }), /--steps: got "abc", expected a positive integer .*; e\.g\. --steps 2000/],
    ['negative number flag', () => resolveConfig({ flags: { batch: '-4' } }), /--batch: got -4, expected a positive integer/],
    ['fractional replicates', () => resolveConfig({ flags: { replicates: '1.5' } }), /--replicates: got 1\.5, expected a positive integer/],
    ['bad number in a file', () => resolveConfig({ file: file('lr.json', { lr: 'fast' }) }), /lr\.json: "lr": got "fast", expected a positive learning rate/],
    ['bad list item', () => resolveConfig({ flags: { gaps: '10,x' } }), /--gaps: got "x", expected a non-empty list of positive integers/],
    ['unknown task', () => resolveConfig({ flags: { tasks: 'copy,cpy' } }), /--tasks: unknown task "cpy" \(did you mean "copy"\?\); valid tasks: copy, adding, delayed-recall/],
    ['unknown variant', () => resolveConfig({ flags: { variants: 'lstn' } }), /--variants: unknown variant "lstn" \(did you mean "lstm"\?\); valid variants: rnn, lstm, peephole, coupled, gru/],
    ['duplicate variant', () => resolveConfig({ flags: { variants: 'rnn,rnn' } }), /--variants: variant "rnn" is listed twice/],
    ['gap below a task minimum', () => resolveConfig({ flags: { tasks: 'adding', gaps: '1,5' } }), /--gaps: gap 1 is below the minimum gap 2 of task "adding"/],
    ['unknown preset', () => resolveConfig({ flags: { preset: 'quik' } }), /--preset: unknown preset "quik" \(did you mean "quick"\?\); valid presets: quick, reference, ci/],
    ['bad backend', () => resolveConfig({ flags: { backend: 'gpu' } }), /--backend: got "gpu", expected one of fast, reference/],
    ['zero evalEvery', () => resolveConfig({ flags: { evalEvery: '0' } }), /--eval-every: got 0, expected a positive integer/],
    ['options of an absent task', () => validateConfig({ ...presets.ci, tasks: ['copy'], taskOptions: { adding: {} } }), /taskOptions: options for task "adding", which is not in tasks/],
    ['bad task option', () => validateConfig({ ...presets.ci, taskOptions: { copy: { alphabet: 1 } } }), /config\.taskOptions: task "copy": option alphabet .* got 1/],
    ['unreadable file', () => resolveConfig({ file: join(dir, 'missing.json') }), /cannot read config file .*missing\.json \(ENOENT\)/],
    ['malformed file', () => resolveConfig({ file: file('bad.json', '{"steps": ') }), /bad\.json is not valid JSON/],
    ['out and resume together', () => resolveConfig({ flags: { out: 'a', resume: 'b' } }), /--out a and --resume b both name the run folder/],
  ];
  for (const [name, fn, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(errorOf(fn).message).toMatch(message);
    });
  }
});
