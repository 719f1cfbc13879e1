// Generated data are a pure function of the rng key: the same key gives
// identical bytes, a different key gives different inputs and targets.
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask, taskNames } from '../tasks/index.js';

const GAP = 6;
const N = 64;

function generate(name: string, key: string): { inputs: Uint8Array; targets: Uint8Array } {
  const task = getTask(name);
  const inputs = new Float64Array(task.length(GAP) * N * task.inputWidth);
  const targets = new Float64Array(task.answerSteps(GAP).length * N);
  const rng = makeRng(key);
  // Two batches from one stream, so the second depends on the draws of the first.
  task.batch(rng, GAP, N, inputs, targets);
  task.batch(rng, GAP, N, inputs, targets);
  return { inputs: new Uint8Array(inputs.buffer), targets: new Uint8Array(targets.buffer) };
}

describe('seeding', () => {
  for (const name of taskNames) {
    it(`${name}: same key -> identical bytes`, () => {
      const a = generate(name, `1/${name}/${GAP}/0/train`);
      const b = generate(name, `1/${name}/${GAP}/0/train`);
      expect(Buffer.from(a.inputs).equals(Buffer.from(b.inputs))).toBe(true);
      expect(Buffer.from(a.targets).equals(Buffer.from(b.targets))).toBe(true);
    });

    it(`${name}: different seeds -> different inputs and targets`, () => {
      const a = generate(name, `1/${name}/${GAP}/0/train`);
      const b = generate(name, `2/${name}/${GAP}/0/train`);
      expect(Buffer.from(a.inputs).equals(Buffer.from(b.inputs))).toBe(false);
      expect(Buffer.from(a.targets).equals(Buffer.from(b.targets))).toBe(false);
    });
  }
});
