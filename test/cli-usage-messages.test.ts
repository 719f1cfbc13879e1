// Usage errors that yargs itself detects (compiled CLI, as users run it):
// unknown commands and options, numeric options that are not numbers, empty
// values. Each exits 2 with one message that quotes what was typed and says
// what is valid or where to look, and no stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let cwd: string;
beforeAll(() => {
  cwd = tempDir('usage-messages');
});
afterAll(() => removeDir(cwd));

const cases: [string, string[], RegExp][] = [
  ['a mistyped command', ['rnu'], /unknown command "rnu"; did you mean run\? Commands: run, list, .* \(gapbench --help\)/],
  ['an unknown command', ['xyzzyq'], /Unknown argument: xyzzyq; commands: run, list, /],
  ['an unknown option of a command', ['list', '--colour'], /Unknown argument: colour; see `gapbench list --help` for its options/],
  ['a dashed unknown option (named once, not also camel-cased)', ['run', '--bogus-flag', '3'], /gapbench: Unknown argument: bogus-flag; see `gapbench run --help`/],
  ['a missing run folder', ['export'], /gapbench: missing <dir>; usage: gapbench export <dir> \(see gapbench export --help\)/],
  ['missing folders to merge', ['merge', '--out', 'm'], /missing <dirs\.\.>; usage: gapbench merge <dirs\.\.>/],
  ['a gap that is not a number', ['sample', 'copy', '--gap', 'abc'], /--gap "abc" is not a number; e\.g\. --gap 10/],
  ['a seed given twice', ['sample', 'copy', '--seed', '1', '--seed', 'x1'], /--seed is given 2 times \(1, x1\); give it once, e\.g\. --seed 1/],
  ['a count given twice', ['sample', 'copy', '--count', '2', '--count', '3'], /--count is given 2 times \(2, 3\); give it once/],
  ['a threshold that is not a number', ['gradcheck', '--threshold', 'tiny'], /--threshold "tiny" is not a number; e\.g\. --threshold 1e-4/],
  ['a benchmark time that is not a number', ['bench', '--time', '1s'], /--time "1s" is not a number; e\.g\. --time 1500/],
  ['a merge --out with its value missing', ['merge', 'a', 'b', '--out'], /empty value for out; give it a value \(see gapbench merge --help\)/],
  ['an empty run folder for export', ['export', ''], /empty value for dir; give it a value \(see gapbench export --help\)/],
  ['an option with a default given no value (yargs would use the default)', ['sample', 'adding', '--seed', '--json'], /--seed needs a value \(see gapbench sample --help\)/],
  ['a choice option given no value', ['export', 'somewhere', '--format'], /--format needs a value \(see gapbench export --help\)/],
];

describe('gapbench: usage errors found while parsing', () => {
  for (const [name, args, message] of cases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await gapbench(args, cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/NaN|YError/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
      expect(r.stdout).toBe('');
    });
  }

  it('still takes a negative number after an option, and bare flags', async () => {
    const r = await gapbench(['sample', 'copy', '--seed', '-1', '--json'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { seed: unknown }).seed).toBe('-1');
  });

  it('still takes numbers written as numbers', async () => {
    const r = await gapbench(['sample', 'adding', '--gap', '6', '--seed', '2', '--count', '2', '--json'], cwd);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { gap: number; seed: number; sequences: unknown[] };
    expect([doc.gap, doc.seed, doc.sequences.length]).toEqual([6, 2, 2]);
  });
});
