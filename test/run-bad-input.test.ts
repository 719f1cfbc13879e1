// Bad input to `gapbench run` (compiled CLI, as users run it): exit code 2,
// one message on stderr naming the value and the fix, nothing on stdout,
// and no run folder — neither the default results/runs/ under the working
// directory nor the --out folder.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let cwd: string;
beforeAll(() => {
  cwd = tempDir('bad-input');
  writeFileSync(join(cwd, 'typo.json'), JSON.stringify({ preset: 'ci', stpes: 10 }));
  writeFileSync(join(cwd, 'a-file'), 'not a folder');
  mkdirSync(join(cwd, 'occupied'));
  writeFileSync(join(cwd, 'occupied', 'notes.txt'), 'someone else’s');
});
afterAll(() => removeDir(cwd));

const cases: [string, string[], RegExp][] = [
  ['unknown key in the config file', ['--config', 'typo.json'], /typo\.json: unknown key "stpes" \(did you mean "steps"\?\); valid keys: /],
  ['unknown flag', ['--stepz', '10'], /Unknown argument: stepz/],
  ['bad number', ['--steps', 'ten'], /--steps: got "ten", expected a positive integer/],
  ['negative number', ['--hidden', '-8'], /--hidden: got -8, expected a positive integer hidden size/],
  ['unknown task', ['--tasks', 'copy,cpy'], /--tasks: unknown task "cpy" \(did you mean "copy"\?\); valid tasks: copy, adding, delayed-recall/],
  ['unknown variant', ['--variants', 'lstn'], /--variants: unknown variant "lstn" \(did you mean "lstm"\?\); valid variants: /],
  ['gap below a task minimum', ['--tasks', 'adding', '--gaps', '1'], /--gaps: gap 1 is below the minimum gap 2 of task "adding"/],
  ['unknown preset', ['--preset', 'fastest'], /--preset: unknown preset "fastest"; valid presets: quick, reference, ci/],
  ['zero workers', ['--preset', 'ci', '--workers', '0', '--out', 'w0'], /--workers: got 0, expected a positive integer/],
  ['unwritable output', ['--preset', 'ci', '--out', 'a-file/run'], /cannot create the run folder .*a-file\/run \(ENOTDIR\); choose a writable folder with --out/],
  ['an output that is a file', ['--preset', 'ci', '--out', 'a-file'], /\/a-file is a file, not a folder; a run needs a folder: give --out a new or empty folder/],
  ['occupied output', ['--preset', 'ci', '--out', 'occupied'], /--out occupied is not empty and is not a gapbench run folder; choose a new or empty folder/],
  ['resume of a missing folder', ['--resume', 'nowhere'], /run folder .*nowhere does not exist/],
  ['resume of a non-run folder', ['--resume', 'occupied'], /occupied is not a gapbench run folder \(no manifest\.json\)/],
];

describe('gapbench run: bad input', () => {
  for (const [name, args, message] of cases) {
    it(`exits 2 on ${name}`, async () => {
      const before = readdirSync(cwd).sort();
      const r = await gapbench(['run', ...args], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
      expect(r.stdout).toBe('');
      expect(readdirSync(cwd).sort()).toEqual(before);
      expect(existsSync(join(cwd, 'results'))).toBe(false);
      expect(readdirSync(join(cwd, 'occupied'))).toEqual(['notes.txt']);
    });
  }
});
