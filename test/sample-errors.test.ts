// Bad input to `gapbench sample` fails with a UsageError (exit code 2 in
// main) whose message names the value and the fix; nothing is printed.
// Values that are not numbers at all (--gap abc) are refused while yargs
// parses: test/cli-usage-messages.test.ts.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/cli/errors.js';
import { sampleCommand } from '../harness/cli/sample.js';
import { runCommand } from './helpers/cli.js';

const cases: [string[], RegExp][] = [
  [['nope'], /^unknown task "nope"; valid tasks: copy, adding, delayed-recall$/],
  [['copy', '--gap', '0'], /task "copy": gap 0 is below this task's minimum gap 1; use a gap of at least 1/],
  [['adding', '--gap', '1'], /task "adding": gap 1 is below this task's minimum gap 2/],
  [['copy', '--gap', '2.5'], /gap must be an integer number of steps, got 2.5/],
  [['copy', '--gap', '100001'], /gap 100001 is larger than the maximum 100000/],
  [['copy', '--option', 'alpha=3'], /unknown option "alpha"; valid options: alphabet, copyLength/],
  [['adding', '--option', 'alphabet=3'], /unknown option "alphabet"; valid options: none/],
  [['copy', '--option', 'alphabet=1'], /option alphabet \(alphabet size A\) must be an integer in \[2, 1024\], got 1/],
  [['copy', '--option', 'copyLength=0'], /option copyLength .* got 0/],
  [['copy', '--option', 'alphabet=x'], /--option alphabet=x: the value must be a number/],
  [['copy', '--option', 'alphabet'], /--option "alphabet" is not key=value/],
  [['copy', '--option', 'alphabet=3', '--option', 'alphabet=4'], /--option alphabet is given twice/],
  [['copy', '--count', '0'], /--count must be an integer in \[1, 10000\], got 0/],
  // Any text is a seed (test/sample-seed.test.ts); surrounding whitespace is not, as for run --seed.
  [['copy', '--seed', ' 1'], /^--seed: got " 1", expected any text without surrounding whitespace or control characters .*; e\.g\. --seed 1$/],
  [['copy', '--bogus'], /Unknown argument: bogus/],
];

describe('sample errors', () => {
  for (const [args, message] of cases) {
    it(`sample ${args.join(' ')}`, async () => {
      const { stdout, error } = await runCommand(sampleCommand, ['sample', ...args]);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect(stdout).toBe('');
    });
  }
});
