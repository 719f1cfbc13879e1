/** Messages of expected ConfigErrors, for tests. */
import { expect } from 'vitest';
import { ConfigError } from '../../harness/config/errors.js';

/** The message of the ConfigError `fn` throws; fails the test if it throws nothing or something else. */
export function configErrorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

/** The message of the ConfigError `p` rejects with; fails the test if it resolves or rejects with something else. */
export async function configErrorMessageAsync(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as Error).message;
}
