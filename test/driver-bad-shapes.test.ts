/**
 * Bad shapes and bad calls on the sequence driver throw errors that name the
 * offending value and what would be valid.
 */
import { describe, expect, it } from 'vitest';
import { createKernels } from '../harness/engine/kernels/index.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model, type ModelShape } from '../harness/engine/model.js';
import type { BackendName } from '../harness/engine/types.js';
import { lstm } from '../variants/lstm.js';

const good: ModelShape = { T: 6, Bmax: 4, H: 5, X: 3, O: 2, answerSteps: [2, 5], loss: 'ce' };
const make = (over: Partial<ModelShape> = {}) => new Model(lstm, { ...good, ...over }, new ReferenceKernels());

/** The message of what `f` throws ('' if it does not throw). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

/** `f` throws, and its message contains every fragment. */
function expectError(f: () => unknown, fragments: string[]): void {
  const message = thrown(f);
  expect(message, 'expected an error').not.toBe('');
  for (const s of fragments) expect(message).toContain(s);
}

describe('model shape validation', () => {
  it('accepts the good shape', () => {
    expect(() => make()).not.toThrow();
  });

  for (const [field, value] of [['H', 0], ['T', 0], ['Bmax', 0], ['X', 0], ['O', 0], ['H', -3], ['T', 2.5], ['H', NaN]] as const) {
    it(`${field} = ${value} throws, naming the field, the value and the valid range`, () => {
      expectError(() => make({ [field]: value }), [`${field} = ${value}`, 'integer ≥ 1']);
    });
  }

  it('non-ascending answer steps throw, listing them and the valid range', () => {
    expectError(() => make({ answerSteps: [5, 2] }), ['[5, 2]', 'ascending', '0..5']);
    expectError(() => make({ answerSteps: [2, 2] }), ['[2, 2]', 'ascending']);
  });

  it('answer steps outside 0..T−1 or not integers throw', () => {
    expectError(() => make({ answerSteps: [6] }), ['[6]', '0..5']);
    expectError(() => make({ answerSteps: [-1, 3] }), ['[-1, 3]', '0..5']);
    expectError(() => make({ answerSteps: [1.5] }), ['[1.5]', 'integers']);
  });

  it('no answer step throws', () => {
    expectError(() => make({ answerSteps: [] }), ['answerSteps', 'empty']);
  });
});

describe('calls with bad sizes', () => {
  it('setInputs with too few numbers names the count and what T·B·X needs', () => {
    const m = make();
    // T·B·X = 6·2·3 = 36 needed for B = 2
    expectError(() => m.setInputs(new Float64Array(35), 2), ['35', '36']);
  });

  it('B > Bmax (and B < 1) names the batch size and the valid range', () => {
    const m = make();
    const inputs = new Float64Array(6 * 5 * 3);
    expectError(() => m.setInputs(inputs, 5), ['5', '1..4']);
    expectError(() => m.setInputs(inputs, 0), ['0', '1..4']);
    expectError(() => m.setInputs(inputs, 1.5), ['1.5', '1..4']);
  });

  it('forward before setInputs says what to call first', () => {
    expectError(() => make().forward(), ['setInputs']);
  });

  it('too few targets, a bad class index, and MSE with O ≠ 1 name the value', () => {
    const m = make();
    m.setInputs(new Float64Array(6 * 2 * 3), 2);
    m.forward();
    expectError(() => m.loss(new Float64Array(3)), ['3', '4']); // A_s·B = 2·2
    expectError(() => m.loss(new Float64Array([0, 1, 2, 0])), ['target 2', '0..1']);
    // MSE needs a scalar readout: rejected where the shape is set, not at the first loss().
    expectError(() => make({ loss: 'mse' }), ['O = 2', 'O = 1']);
  });

  it('backward and loss refuse to run on stale or missing forwards', () => {
    const m = make();
    expectError(() => m.forward(), ['setInputs']);
    m.setInputs(new Float64Array(6 * 2 * 3), 2);
    expectError(() => m.loss(new Float64Array(4)), ['forward()']);
    m.forward();
    expectError(() => m.backward(), ['loss()']);
    m.loss(new Float64Array(4));
    m.setInputs(new Float64Array(6 * 1 * 3), 1);
    expectError(() => m.backward(), ['loss()']);
  });

  it('an unknown parameter name lists the tensors', () => {
    expectError(() => make().offset('W_f'), ['"W_f"', 'W', 'b', 'out.W', 'out.b']);
  });

  it('an unknown backend lists the valid ones', () => {
    expectError(() => createKernels('gpu' as BackendName), ['"gpu"', 'reference', 'fast']);
  });
});
