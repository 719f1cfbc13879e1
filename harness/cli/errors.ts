/**
 * Errors the CLI maps to exit codes. A UsageError is the user's to fix (bad
 * argument, unknown name, value out of range): main prints its message to
 * stderr, without a stack, and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Whether an error is the user's to fix (exit 2): a UsageError, a
 * ConfigError from the config and run-folder layer, or yargs' YError (its
 * own validation, and a `coerce` such as numberOption's, whose UsageError
 * yargs rewraps); matched by name so this module imports nothing.
 */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || (err instanceof Error && (err.name === 'ConfigError' || err.name === 'YError'));
}

/**
 * yargs `coerce` for a numeric option declared `type: 'string'`: the number
 * typed, or a UsageError that quotes what was typed (with `type: 'number'`
 * yargs turns "abc" into NaN, and the message could only say NaN). Range
 * checks stay with the command; `example` is a valid use, e.g. "--time 1500".
 */
export function numberOption(flag: string, example: string): (raw: unknown) => number {
  const once = onceOption(flag, example);
  return (raw) => {
    if (typeof raw === 'number') return raw;
    const typed = once(raw);
    const text = typed.trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) throw new UsageError(`${flag} "${typed}" is not a number; e.g. ${example}`);
    return n;
  };
}

/** yargs `coerce` for a text option that must be given once: the text, or a UsageError naming the repeats. */
export function onceOption(flag: string, example: string): (raw: unknown) => string {
  return (raw) => {
    if (Array.isArray(raw)) throw new UsageError(`${flag} is given ${raw.length} times (${raw.join(', ')}); give it once, e.g. ${example}`);
    return String(raw);
  };
}
