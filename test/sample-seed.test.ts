// `sample --seed` takes exactly the seeds `run --seed` takes (one rule,
// harness/config/seed.ts), so the data of any run's seed can be inspected:
// the seed is kept as text in the key `${seed}/${task}/${gap}/sample` ("01"
// and "1" differ), and a refused seed gets run's message. In --json, a plain
// non-negative integer seed stays a number (the output sample gave before
// it took text), any other seed is its text.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/cli/errors.js';
import { sampleCommand, type SampleOutput } from '../harness/cli/sample.js';
import { resolveConfig } from '../harness/config/resolve.js';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';
import { runCommand } from './helpers/cli.js';

const SEEDS = ['1', '0', '01', '-1', 'abc', '1e30', '1.5', 'run 7', 'a/b', '', ' 1', '1 ', 'a\tb', 'a\nb'];

/** run's verdict on a seed: the resolved seed, or the error message. */
function runVerdict(seed: string): { seed: string } | { message: string } {
  try {
    return { seed: resolveConfig({ flags: { preset: 'ci', seed } }).config.seed };
  } catch (err) {
    return { message: (err as Error).message };
  }
}

async function sample(seed: string): Promise<{ out?: SampleOutput; error?: unknown }> {
  const { stdout, error } = await runCommand(sampleCommand, ['sample', 'copy', '--gap', '3', '--count', '2', '--json', `--seed=${seed}`]);
  return error === undefined ? { out: JSON.parse(stdout) as SampleOutput } : { error };
}

describe('sample --seed', () => {
  it.each(SEEDS)('--seed %j: accepted by sample exactly when run accepts it, with the same message', async (seed) => {
    const run = runVerdict(seed);
    const got = await sample(seed);
    if ('seed' in run) {
      expect(got.error).toBeUndefined();
      expect(String(got.out?.seed)).toBe(run.seed);
    } else {
      expect(got.error).toBeInstanceOf(UsageError);
      expect((got.error as Error).message).toBe(run.message);
    }
  });

  it('a text seed draws the stream of `${seed}/copy/3/sample`; "01" and "1" differ', async () => {
    const task = getTask('copy');
    const T = task.length(3);
    const X = task.inputWidth;
    for (const seed of ['abc', '01', '1']) {
      const { out } = await sample(seed);
      const inputs = new Float64Array(T * X);
      const targets = new Float64Array(task.answerSteps(3).length);
      const rng = makeRng(`${seed}/copy/3/sample`);
      for (const seq of out?.sequences ?? []) {
        task.batch(rng, 3, 1, inputs, targets);
        expect(seq.targets).toEqual(Array.from(targets));
      }
    }
    const a = (await sample('01')).out?.sequences;
    const b = (await sample('1')).out?.sequences;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('--json "seed": a number for plain non-negative integers, else the text', async () => {
    expect((await sample('42')).out?.seed).toBe(42);
    expect((await sample('0')).out?.seed).toBe(0);
    for (const seed of ['01', '-1', 'abc', '1e30', '99999999999999999999']) expect((await sample(seed)).out?.seed).toBe(seed);
  });

  it('the text table names the seed as typed', async () => {
    const { stdout } = await runCommand(sampleCommand, ['sample', 'copy', '--gap', '3', '--seed', 'abc']);
    expect(stdout.split('\n')[0]).toMatch(/^copy {2}gap 3 {2}seed abc /);
  });
});
