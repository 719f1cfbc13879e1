/**
 * defineVariant and defineTask return their argument unchanged when it
 * satisfies the contract, and otherwise throw a ConfigError at definition
 * time naming the object, the field, the value and what is valid.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../harness/config/errors.js';
import type { Variant } from '../harness/engine/types.js';
import { defineTask, defineVariant } from '../harness/plugins/define.js';
import { delayedRecall } from '../tasks/delayed-recall.js';
import type { Task, TaskDefinition } from '../tasks/types.js';
import { gru } from '../variants/gru.js';

const cell = (over: Record<string, unknown>): Variant => ({ ...gru, name: 'cell', ...over }) as unknown as Variant;
const task = (over: Partial<Task>, defOver: Record<string, unknown> = {}): TaskDefinition =>
  ({ ...delayedRecall, name: 'delayed-recall', create: () => ({ ...delayedRecall.create(), ...over }), ...defOver }) as unknown as TaskDefinition;

describe('defineVariant', () => {
  it('returns a valid cell unchanged', () => {
    const v = { ...gru, name: 'my-gru' };
    expect(defineVariant(v)).toBe(v);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 42, /^defineVariant: a variant must be an object with name, summary, .*got 42$/],
    ['an invalid name', cell({ name: 'My GRU' }), /^defineVariant: variant: name must be lowercase letters, digits and '-', starting with a letter \(e\.g\. "mgu"\), got "My GRU"$/],
    ['a misspelt key', cell({ hasCel: false }), /^defineVariant: variant "cell": unknown key "hasCel" \(did you mean "hasCell"\?\); valid keys: name, summary, /],
    ['no forward', cell({ forward: undefined }), /variant "cell": forward must be a function \(k: Kernels, s: StepView\) => void, got nothing/],
    ['empty equations', cell({ equations: [] }), /variant "cell": equations must be a non-empty list of strings/],
    ['a duplicate tensor', cell({ params: (H: number) => [{ name: 'W', rows: H, cols: H, init: { kind: 'uniform' } }, { name: 'W', rows: 1, cols: H, init: { kind: 'zeros' } }] }), /variant "cell": params\(4, 3\) declares "W" twice; tensor names must be unique/],
    ['a zero-size tensor', cell({ params: (H: number) => [{ name: 'W', rows: 0, cols: H, init: { kind: 'uniform' } }] }), /params\(4, 3\)\[0\] \("W"\)\.rows must be a positive integer, got 0/],
    ['an unknown init', cell({ params: (H: number) => [{ name: 'W', rows: H, cols: H, init: { kind: 'orthogonal' } }] }), /params\(4, 3\)\[0\] \("W"\)\.init must be one of \{ kind: 'uniform' \}, /],
    ['params that throw', cell({ params: () => { throw new Error('boom'); } }), /variant "cell": params\(4, 3\) threw: boom$/],
    ['a negative cache', cell({ cacheSize: () => -1 }), /variant "cell": cacheSize\(2, 4\) must return a non-negative integer \(numbers of the heap\), got -1/],
    ['a malformed gate', cell({ gate: { name: 'z' } }), /variant "cell": gate, when given, must be \{ name: string, rowStride\(H\): number, col\(H\): number \}/],
  ];
  for (const [what, value, message] of bad) {
    it(`rejects ${what}`, () => {
      let err: unknown;
      try {
        defineVariant(value as Variant);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(message);
    });
  }
});

describe('defineTask', () => {
  it('returns a valid task unchanged', () => {
    const t = { ...delayedRecall };
    expect(defineTask(t)).toBe(t);
  });

  const bad: [string, TaskDefinition, RegExp][] = [
    ['a misspelt key', task({}, { default: {} }), /^defineTask: task "delayed-recall": unknown key "default" \(did you mean "defaults"\?\)/],
    ['non-numeric defaults', task({}, { defaults: { alphabet: '8' } }), /task "delayed-recall": defaults must be an object of numeric option defaults/],
    ['a task under another name', task({ name: 'other' }), /task "delayed-recall": create\(\) returned a task named "other"; it must carry the definition's name "delayed-recall"/],
    ['mse with a vector readout', task({ loss: 'mse' }), /task "delayed-recall": task\.loss 'mse' reads a scalar readout, so outputWidth must be 1, got 8/],
    ['an unknown loss', task({ loss: 'hinge' as never }), /task\.loss must be 'ce' .* or 'mse', got "hinge"/],
    ['answer steps past the end', task({ answerSteps: () => [99] }), /task\.answerSteps\(1\) must be a non-empty ascending list of steps in 0\.\.2, got \[99\]/],
    ['a chance above 1', task({ chance: () => 8 }), /task\.chance\(1\) must be an accuracy in \[0, 1\], got 8/],
    ['a zero input width', task({ inputWidth: 0 }), /task\.inputWidth must be a positive integer, got 0/],
  ];
  for (const [what, value, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => defineTask(value)).toThrow(message);
      expect(() => defineTask(value)).toThrow(ConfigError);
    });
  }
});
