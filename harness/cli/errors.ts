/**
 * Errors the CLI maps to exit codes. A UsageError is the user's to fix (bad
 * argument, unknown name, value out of range): main prints its message to
 * stderr, without a stack, and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
