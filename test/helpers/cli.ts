/**
 * Runs yargs command modules in-process, as main.ts will: strict parsing,
 * failures thrown (UsageError for parse errors), stdout captured.
 */
import { vi } from 'vitest';
import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../harness/cli/errors.js';

export interface CliResult {
  stdout: string;
  error: unknown;
}

/** `command`: any command module (its argument type differs per command). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runCommand(command: CommandModule<object, any>, args: string[]): Promise<CliResult> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  let error: unknown;
  try {
    await yargs(args)
      .scriptName('gapbench')
      .command(command)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      })
      .parseAsync();
  } catch (err) {
    error = err;
  } finally {
    spy.mockRestore();
  }
  return { stdout, error };
}
