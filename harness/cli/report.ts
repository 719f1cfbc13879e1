/**
 * `gapbench report <dir>`: regenerates the figures (fig-accuracy-<task>.svg,
 * fig-curves-<task>.svg) and report.html of a run folder from its
 * manifest.json and cells.jsonl alone (results.csv and curves.csv are not
 * read). Safe on a running or interrupted run: it reports the cells finished
 * so far and skips a torn last line with a warning.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeReport } from '../report/index.js';
import { CELLS_FILE, MANIFEST_FILE } from '../runner/store.js';
import { UsageError } from './errors.js';
import { loadPluginArgs, reloadRunPlugins, withPluginOption, type PluginArgs } from './plugins.js';

export interface ReportArgs extends PluginArgs {
  dir: string;
}

/** Throws a UsageError unless `dir` is a run folder with a manifest and cells. */
export function checkRunDir(dir: string): void {
  if (!existsSync(dir)) throw new UsageError(`run folder ${dir} does not exist; pass the folder of a \`gapbench run\` (e.g. results/runs/<run-id>)`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file, not a run folder; pass the folder that holds ${MANIFEST_FILE} and ${CELLS_FILE}`);
  for (const f of [MANIFEST_FILE, CELLS_FILE]) {
    if (!existsSync(join(dir, f))) throw new UsageError(`${dir} is not a gapbench run folder (no ${f}); pass the folder of a \`gapbench run\` (e.g. results/runs/<run-id>)`);
  }
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: 'regenerate the figures and report.html of a run folder from its cells.jsonl',
  builder: (y) =>
    withPluginOption(y)
      .positional('dir', { type: 'string', demandOption: true, describe: 'run folder (holds manifest.json and cells.jsonl)' })
      .example('$0 report results/runs/<run-id>', 'rewrite report.html and fig-*.svg in that folder'),
  handler: async (argv) => {
    checkRunDir(argv.dir);
    await loadPluginArgs(argv);
    await reloadRunPlugins(argv.dir);
    const out = await writeReport(argv.dir);
    process.stdout.write(`${out.figures.map((f) => `wrote ${f}`).join('\n')}\nwrote ${out.html}\n`);
  },
};
