/**
 * `gapbench check` catches a broken task: delayed-recall with an
 * off-by-one answer step (read at step g, the last distractor, instead of
 * the cue step g + 1). Cells trained with it are checked against a
 * baseline of an honest run of the same config: exit 1, and the failing
 * cells are exactly the delayed-recall cells; the adding cells, which the
 * mutation does not touch, are not named.
 *
 * The broken task is swapped in under its real name through vi.mock of the
 * task registry, so trainCell (in this process) uses it; the compiled CLI
 * then checks the run folders.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Task } from '../tasks/types.js';
import { ciSlice, failingTestcases, mutationCheck } from './helpers/check-runs.js';
import { removeDir, tempDir, type CliRun } from './helpers/gapbench.js';

const mutation = vi.hoisted(() => ({ active: false }));

vi.mock('../tasks/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../tasks/index.js')>();
  return {
    ...real,
    getTask: (name: string, options?: Readonly<Record<string, number>>): Task => {
      const task = real.getTask(name, options);
      if (!mutation.active || name !== 'delayed-recall') return task;
      return { ...task, answerSteps: (gap: number) => task.answerSteps(gap).map((t) => t - 1) };
    },
  };
});

const config = ciSlice({ tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm'], gaps: [2, 5] });

let dir: string;
let keys: string[];
let honestCheck: CliRun;
let brokenCheck: CliRun;
beforeAll(async () => {
  dir = tempDir('check-mut-task');
  ({ keys, honestCheck, brokenCheck } = await mutationCheck(dir, config, mutation));
});
afterAll(() => removeDir(dir));

describe('check with delayed-recall answering one step early', () => {
  it('passes the honest run against its own baseline', () => {
    expect(honestCheck.code, honestCheck.stdout + honestCheck.stderr).toBe(0);
    expect(honestCheck.stdout).toContain('exact mode');
  });

  it('fails with exit 1', () => {
    expect(brokenCheck.code, brokenCheck.stderr).toBe(1);
    expect(brokenCheck.stdout).toContain('FAIL');
  });

  it('names exactly the delayed-recall cells', () => {
    const recall = keys.filter((k) => k.startsWith('delayed-recall/'));
    expect(recall).toHaveLength(8);
    expect(failingTestcases(join(dir, 'j.xml')).sort()).toEqual([...recall].sort());
    expect(brokenCheck.stdout).toContain(recall[0]);
  });

  it('does not name the adding cells', () => {
    for (const k of keys.filter((k) => k.startsWith('adding/'))) expect(brokenCheck.stdout).not.toContain(k);
  });
});
