/**
 * The commands of `gapbench`, registered without loading them: yargs needs
 * only a command's name and description until that command runs (or its
 * --help is shown), so each command module, with what it imports (config
 * validation, the report's figure stack, the benchmark peers...), is loaded
 * by the builder of the one command invoked. `gapbench run` then starts
 * without loading report/, bench or merge code.
 *
 * `command` and `describe` repeat the module's own; test/cli-lazy-commands
 * checks that they agree.
 */
import type { Argv, CommandBuilder, CommandModule } from 'yargs';

// A command's argument type differs per command; yargs erases it here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<object, any>;

/**
 * A builder as yargs 18 calls it: with whether --help or --version was given,
 * and free to return a promise (the types describe yargs 17).
 */
type YargsBuilder = (y: Argv<object>, helpOrVersionSet: boolean) => Argv<unknown> | Promise<Argv<unknown>>;

export interface LazyCommand {
  readonly command: string;
  readonly describe: string;
  readonly load: () => Promise<AnyCommand>;
  /** Work to begin while the module loads, unless only --help or --version is shown. */
  readonly start?: () => Promise<void>;
}

export const lazyCommands: readonly LazyCommand[] = [
  {
    command: 'run',
    describe: 'train every (task, variant, gap, replicate) cell of a sweep and write a run folder',
    load: async () => (await import('./run.js')).runCommand,
    // The first worker thread starts up while the main thread loads the run code; runPool adopts it.
    start: async () => (await import('../runner/pool.js')).startWorkerEarly(),
  },
  {
    command: 'list [what]',
    describe: 'list tasks (with options), variants (with equations) and presets (with settings)',
    load: async () => (await import('./list.js')).listCommand,
  },
  {
    command: 'export <dir>',
    describe: 'export the results of a run folder as CSV or JSON',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    command: 'report <dir>',
    describe: 'regenerate the figures and report.html of a run folder from its cells.jsonl',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    command: 'sample <task>',
    describe: 'print generated example sequences of a task (table, or --json for scripts)',
    load: async () => (await import('./sample.js')).sampleCommand,
  },
  {
    command: 'gradcheck',
    describe: "check every variant's gradients against central finite differences (float64 reference backend)",
    load: async () => (await import('./gradcheck.js')).gradcheckCommand,
  },
  {
    command: 'bench',
    describe: 'benchmark kernels and training steps (W1, W2) with tinybench; medians, GFLOP/s and ratios to peers',
    load: async () => (await import('./bench.js')).benchCommand,
  },
  {
    command: 'check',
    describe: 'regression check: train the ci preset (or read a run) and compare every cell with a committed baseline',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    command: 'merge <dirs..>',
    describe: 'merge the run folders of a sharded sweep (gapbench run --shard I/N) into one run folder',
    load: async () => (await import('./merge.js')).mergeCommand,
  },
];

/** A yargs command that loads `lazy`'s module in its builder and runs that module's builder and handler. */
export function lazyCommand(lazy: LazyCommand): AnyCommand {
  let loaded: Promise<AnyCommand> | undefined;
  const load = (): Promise<AnyCommand> => (loaded ??= lazy.load());
  return {
    command: lazy.command,
    describe: lazy.describe,
    builder: (async (y: Argv<object>, helpOrVersionSet: boolean) => {
      // Only a head start: whatever it fails to do happens later anyway.
      if (!helpOrVersionSet) lazy.start?.().catch(() => {});
      const { builder } = await load();
      if (typeof builder === 'function') return (builder as YargsBuilder)(y, helpOrVersionSet);
      return builder === undefined ? y : y.options(builder);
    }) as unknown as CommandBuilder<object, unknown>,
    handler: async (argv) => {
      await (await load()).handler(argv);
    },
  };
}

/** The command names for messages: "run, list, … or merge". */
export const COMMAND_LIST = ((names: string[]) => `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`)(lazyCommands.map((c) => c.command.split(' ')[0]!));

/**
 * yargs' terse messages for an unknown command or option or a missing
 * argument, with what is valid and where to look.
 */
export function explainUsage(msg: string, argv: readonly string[]): string {
  const typed = argv.find((a) => !a.startsWith('-'));
  const command = lazyCommands.find((c) => c.command.split(' ')[0] === typed);
  const suggestion = /^Did you mean (.+)\?$/.exec(msg);
  if (suggestion !== null) return `unknown command "${typed ?? ''}"; did you mean ${suggestion[1]}? Commands: ${COMMAND_LIST} (gapbench --help)`;
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  if (unknown !== null) {
    // yargs lists a dashed option twice, as typed and camel-cased (bogus-flag, bogusFlag).
    const names = unknown[1]!.split(', ');
    const kebab = (n: string): string => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const shown = names.filter((n) => !(/[A-Z]/.test(n) && names.includes(kebab(n))));
    const list = `Unknown argument${shown.length > 1 ? 's' : ''}: ${shown.join(', ')}`;
    return command !== undefined ? `${list}; see \`gapbench ${typed} --help\` for its options` : `${list}; commands: ${COMMAND_LIST} (gapbench --help)`;
  }
  if (/^Not enough non-option arguments/.test(msg) && command !== undefined) {
    const wanted = command.command.split(' ').slice(1).join(' ');
    return `missing ${wanted}; usage: gapbench ${command.command} (see gapbench ${typed} --help)`;
  }
  return msg;
}
