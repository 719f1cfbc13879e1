/**
 * Usage errors of `gapbench check` are the user's to fix (exit 2: a
 * UsageError or ConfigError, message only) and name the flag or file, the
 * value and the fix, before anything trains: no baseline file, a damaged
 * one, conflicting flags, a bad --tolerance, a missing run folder.
 * In-process through the command module (main.ts maps these errors to 2).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkCommand } from '../harness/cli/check.js';
import { isUsageError } from '../harness/cli/errors.js';
import { runCommand } from './helpers/cli.js';
import { removeDir, tempDir } from './helpers/gapbench.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('check-usage');
  writeFileSync(join(dir, 'broken.json'), '{"schema": 1, "cells": [');
  writeFileSync(join(dir, 'old.json'), '{"schema": 0}');
});
afterAll(() => removeDir(dir));

const cases: [string, (d: string) => string[], RegExp][] = [
  ['no baseline file', (d) => ['check', '--baseline', join(d, 'none.json')], /no baseline at .*none\.json; make one from this build with `npx gapbench check --update --baseline .*none\.json`/],
  ['a baseline that is not JSON', (d) => ['check', '--baseline', join(d, 'broken.json')], /baseline .*broken\.json is not valid JSON .*--update --baseline .*broken\.json/],
  ['a baseline of another schema', (d) => ['check', '--baseline', join(d, 'old.json')], /baseline .*old\.json has schema 0, this gapbench reads baseline schema 1/],
  ['--preset with --run', () => ['check', '--preset', 'ci', '--run', 'x'], /--preset ci and --run x both name what to check/],
  ['an unknown preset', () => ['check', '--preset', 'cii'], /--preset: unknown preset "cii"; valid presets: /],
  ['--tolerance out of range', () => ['check', '--tolerance', '2'], /--tolerance: got "2", expected an accuracy difference in \[0, 1\]/],
  ['--update with --tolerance', () => ['check', '--update', '--tolerance', '0.1'], /--update rewrites the baseline .* --tolerance has nothing to do/],
  ['a run folder that does not exist', (d) => ['check', '--update', '--run', join(d, 'nowhere'), '--baseline', join(d, 'new.json')], /run folder .*nowhere does not exist/],
];

describe('check usage errors', () => {
  for (const [what, args, message] of cases) {
    it(`is a usage error (exit 2) on ${what}`, async () => {
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const { stdout, error } = await runCommand(checkCommand, args(dir));
      const notes = stderr.mock.calls.map((c) => String(c[0])).join('');
      stderr.mockRestore();
      expect(isUsageError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(stdout).toBe('');
      expect(notes).not.toContain('training preset');
    });
  }
});
