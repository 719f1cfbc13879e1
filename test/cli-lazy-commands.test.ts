// main.ts registers every command through a stub that loads its module only
// when it runs (harness/cli/commands.ts).
// The stubs must name and describe the commands as their modules do; a
// command's --help, flags and strictness must not depend on whether it was
// loaded lazily; --help and --version must not run the command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yargs, { type CommandModule } from 'yargs';
import { lazyCommand, lazyCommands } from '../harness/cli/commands.js';
import { runCommand } from './helpers/cli.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

/** `gapbench <name> --help` as yargs renders it (a parse callback makes yargs return the text instead of printing it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function helpText(command: CommandModule<object, any>, name: string): Promise<string> {
  let text = '';
  await yargs([name, '--help'])
    .scriptName('gapbench')
    .command(command)
    .strict()
    .exitProcess(false)
    .parseAsync([name, '--help'], {}, (_err, _argv, output) => {
      text = output;
    });
  return text;
}

describe('lazily loaded commands', () => {
  it('name and describe each command as its own module does', async () => {
    expect(lazyCommands.map((c) => c.command.split(' ')[0])).toEqual(['run', 'list', 'export', 'report', 'sample', 'gradcheck', 'bench', 'check', 'merge']);
    for (const lazy of lazyCommands) {
      const module = await lazy.load();
      expect({ command: module.command, describe: module.describe }).toEqual({ command: lazy.command, describe: lazy.describe });
    }
  });

  it('print the same --help as the command modules themselves', async () => {
    for (const lazy of lazyCommands) {
      const name = lazy.command.split(' ')[0] as string;
      const eager = await helpText(await lazy.load(), name);
      const viaStub = await helpText(lazyCommand(lazy), name);
      expect(viaStub).toContain(`gapbench ${lazy.command}`);
      expect(viaStub).toContain('--help');
      expect(viaStub).toBe(eager);
    }
  });

  it('apply the loaded flags strictly and run the handler', async () => {
    const list = lazyCommands.find((c) => c.command.startsWith('list')) as (typeof lazyCommands)[number];
    const ok = await runCommand(lazyCommand(list), ['list', 'presets', '--json']);
    expect(ok.error).toBeUndefined();
    expect((JSON.parse(ok.stdout) as { presets: { name: string }[] }).presets.map((p) => p.name)).toContain('quick');
    const bad = await runCommand(lazyCommand(list), ['list', '--bogus']);
    expect((bad.error as Error).message).toMatch(/Unknown argument: bogus/);
  });

  const cwd = tempDir('lazy-commands');
  afterAll(() => removeDir(cwd));

  // Were the command to run anyway, this one-cell run would create its --out folder quickly.
  const tiny = ['--tasks', 'adding', '--variants', 'rnn', '--gaps', '10', '--replicates', '1', '--steps', '1', '--no-report'];

  it('run a command from the CLI, and only show help or the version with --help or --version', async () => {
    const listed = await gapbench(['list', 'presets', '--json'], cwd);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { presets: { name: string }[] }).presets.map((p) => p.name)).toContain('quick');

    const help = await gapbench(['run', '--help', ...tiny, '--out', 'help-run'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--resume');
    const version = await gapbench(['run', '--version', ...tiny, '--out', 'version-run'], cwd);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(join(cwd, 'help-run'))).toBe(false);
    expect(existsSync(join(cwd, 'version-run'))).toBe(false);
    // A stub's usage errors (`export` without <dir>: exit 2, the usage line)
    // are in test/cli-usage-messages.test.ts; main.ts registers only stubs.
  });
});
