/**
 * Errors the CLI maps to exit codes. A UsageError is the user's to fix (bad
 * argument, unknown name, value out of range): main prints its message to
 * stderr, without a stack, and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Whether an error is the user's to fix (exit 2): a UsageError, or a
 * ConfigError from the config and run-folder layer (matched by name so
 * this module imports nothing).
 */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || (err instanceof Error && err.name === 'ConfigError');
}
