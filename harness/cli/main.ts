#!/usr/bin/env node
/**
 * The `gapbench` command line: one yargs command per file in harness/cli/.
 * Exit codes: 0 success, 1 failure (or a command's own verdict, e.g. a
 * failed gradcheck), 2 bad usage or configuration (UsageError/ConfigError:
 * message only, no stack), 130 interrupted run.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { COMMAND_LIST, explainUsage, lazyCommand, lazyCommands } from './commands.js';
import { isUsageError, UsageError } from './errors.js';
import { gapbenchVersion } from '../runner/store.js';

/** The part of yargs' internal API that skipHelpCache touches (absent from its types). */
interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders and caches a command's whole help text before running it,
 * to print should the command fail; gapbench prints only the error (see
 * .fail below), and the text measuring costs ~65 ms per command. Without
 * the cache, a later showHelp still works: yargs re-parses to build it.
 * Does nothing if a yargs version lacks these internals.
 */
function skipHelpCache(cli: Argv): void {
  const usage = (cli as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage !== undefined && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * No gapbench option or argument takes an empty value, and an empty path
 * would mean the working directory (`merge a b --out` with the value
 * missing, or `--out ""`): refused before any command runs. So is an
 * option that takes a value written with none (`sample copy --seed --json`),
 * which yargs would quietly give its default. `argv` is the command line.
 */
function refuseEmptyValues(argv: readonly string[]): (args: Record<string, unknown>) => void {
  return (args) => {
    const command = (args._ as unknown[])[0];
    const help = `see gapbench${command === undefined ? '' : ` ${String(command)}`} --help`;
    for (const [key, value] of Object.entries(args)) {
      // camelCase keys are yargs' aliases of the dashed ones.
      if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue;
      if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`empty value for ${key}; give it a value (${help})`);
    }
    argv.forEach((token, i) => {
      const bare = /^--([^=]+)$/.exec(token)?.[1];
      if (bare === undefined || bare.startsWith('no-')) return;
      const next = argv[i + 1];
      if (next !== undefined && !/^--?[a-zA-Z]/.test(next)) return; // a value follows (negative numbers included)
      const value = args[bare];
      if (value === undefined || typeof value === 'boolean') return;
      throw new UsageError(`--${bare} needs a value (${help})`);
    });
  };
}

async function main(argv: string[]): Promise<void> {
  try {
    // Each command's module loads only when that command runs (commands.ts).
    const cli = yargs(argv);
    skipHelpCache(cli);
    await cli
      .scriptName('gapbench')
      .usage('$0 <command> [options]\n\nBenchmark of the long-term dependency problem: tasks × recurrent cells × gap length.')
      .command(lazyCommands.map(lazyCommand))
      .demandCommand(1, `name a command: ${COMMAND_LIST} (see gapbench --help)`)
      .strict()
      .middleware(refuseEmptyValues(argv))
      .recommendCommands()
      .version(gapbenchVersion())
      .help()
      .alias('help', 'h')
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .exitProcess(false)
      .fail((msg, err) => {
        // yargs' own usage errors (validation, a numeric option's coerce) come as YError.
        if (err !== undefined && err !== null && err.name !== 'YError') throw err;
        throw new UsageError(explainUsage(err?.message ?? msg, argv));
      })
      .parseAsync();
  } catch (err) {
    if (isUsageError(err)) {
      process.stderr.write(`gapbench: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`gapbench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}

// `gapbench list | head`: a closed pipe ends the output, not the process with a stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

await main(hideBin(process.argv));
