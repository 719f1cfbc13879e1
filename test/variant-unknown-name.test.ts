/**
 * An unknown variant name throws an error that names the value and lists
 * every valid variant, so a typo surfaces at once with its fix.
 */
import { describe, expect, it } from 'vitest';
import { builtinVariants, getVariant, variantNames } from '../variants/index.js';

describe('variant registry', () => {
  it('lists the five built-in variants first, then the research additions', () => {
    expect(variantNames.slice(0, 5)).toEqual(['rnn', 'lstm', 'peephole', 'coupled', 'gru']);
    expect(variantNames.slice(5)).toEqual(['lstm-chrono', 'peephole-chrono', 'coupled-chrono', 'irnn']);
    for (const name of variantNames) expect(getVariant(name).name).toBe(name);
    expect(Object.keys(builtinVariants)).toEqual(variantNames.slice(0, 5));
  });

  // Names inherited from Object.prototype must not resolve to anything.
  for (const bad of ['lsmt', 'LSTM', '', 'toString', '__proto__', 'constructor']) {
    it(`getVariant(${JSON.stringify(bad)}) throws, naming the value and the valid variants`, () => {
      let message = '';
      try {
        getVariant(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, 'getVariant must throw').not.toBe('');
      expect(message).toContain(`"${bad}"`);
      for (const name of variantNames) expect(message).toContain(name);
    });
  }
});
