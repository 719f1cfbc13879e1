// `gapbench sample --json`, run through the command module: the output has
// the DESIGN.md shape, passes the independent recomputation of every
// target, and is the documented stream makeRng(`${seed}/${task}/${gap}/sample`).
import { describe, expect, it } from 'vitest';
import { sampleCommand, type SampleOutput } from '../harness/cli/sample.js';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';
import { runCommand } from './helpers/cli.js';
import { recompute, sequenceOf, targetsOf } from './helpers/recompute.js';

const COUNT = 200;

const cases: { task: string; gap: number; options: Record<string, number> }[] = [
  { task: 'copy', gap: 6, options: {} },
  { task: 'copy', gap: 1, options: { alphabet: 3, copyLength: 4 } },
  { task: 'adding', gap: 10, options: {} },
  { task: 'adding', gap: 2, options: {} },
  { task: 'delayed-recall', gap: 5, options: {} },
  { task: 'delayed-recall', gap: 12, options: { alphabet: 2 } },
];

async function sampleJson(task: string, gap: number, seed: number, options: Record<string, number>): Promise<SampleOutput> {
  const optionArgs = Object.entries(options).flatMap(([k, v]) => ['--option', `${k}=${v}`]);
  const { stdout, error } = await runCommand(sampleCommand, ['sample', task, '--gap', String(gap), '--seed', String(seed), '--count', String(COUNT), '--json', ...optionArgs]);
  expect(error).toBeUndefined();
  expect(stdout.endsWith('\n')).toBe(true);
  return JSON.parse(stdout) as SampleOutput;
}

describe('sample --json', () => {
  for (const { task, gap, options } of cases) {
    it(`${task} ${JSON.stringify(options)} gap ${gap}: shape and independent recomputation`, async () => {
      const out = await sampleJson(task, gap, 3, options);
      expect(Object.keys(out)).toEqual(['task', 'gap', 'seed', 'sequences']);
      expect(out.task).toBe(task);
      expect(out.gap).toBe(gap);
      expect(out.seed).toBe(3);
      expect(out.sequences).toHaveLength(COUNT);
      for (const seq of out.sequences) {
        expect(Object.keys(seq)).toEqual(['inputs', 'targets', 'answerSteps']);
        const expected = recompute(task, { ...getTask(task).options, ...options }, seq.inputs, gap);
        expect(seq.answerSteps).toEqual(expected.answerSteps);
        expect(seq.targets).toEqual(expected.targets);
      }
    });
  }

  it('is the batch stream of the key `${seed}/${task}/${gap}/sample`', async () => {
    const out = await sampleJson('copy', 6, 7, {});
    const task = getTask('copy');
    const T = task.length(6);
    const X = task.inputWidth;
    const inputs = new Float64Array(T * COUNT * X);
    const targets = new Float64Array(10 * COUNT);
    task.batch(makeRng('7/copy/6/sample'), 6, COUNT, inputs, targets);
    out.sequences.forEach((seq, n) => {
      expect(seq.inputs).toEqual(sequenceOf(inputs, T, COUNT, X, n));
      expect(seq.targets).toEqual(targetsOf(targets, 10, COUNT, n));
    });
  });

  it('same seed -> identical output, different seed -> different sequences', async () => {
    const a = JSON.stringify(await sampleJson('adding', 10, 1, {}));
    const b = JSON.stringify(await sampleJson('adding', 10, 1, {}));
    const c = await sampleJson('adding', 10, 2, {});
    expect(a).toBe(b);
    expect(JSON.stringify(c.sequences)).not.toBe(JSON.stringify((JSON.parse(a) as SampleOutput).sequences));
  });
});
