/**
 * `gapbench merge DIR... --out DIR`: the run folders of a sharded sweep
 * (`gapbench run --shard I/N` on N machines) into one run folder with
 * cells.jsonl, results.csv, curves.csv, gradflow.csv and the report.
 *
 *   gapbench merge shard-1 shard-2 shard-3 --out sweep
 *   gapbench merge artifacts/*  --out sweep --json
 *
 * Refused (exit 2, nothing written): folders of different configs, a cell
 * with different results in two folders, an --out holding anything but an
 * earlier merge of the same config. An earlier merge given as --out is
 * read as one more input, so cells `gapbench run --resume OUT` trained there
 * survive merging the shards again. Missing cells are reported and the
 * folder is written with status `incomplete`; `gapbench run --resume OUT`
 * trains just those. Exit 0 either way: the manifest's status says which.
 */
import { relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { describeInput, mergeRuns, type MergeResult } from '../runner/merge.js';
import { readManifest } from '../runner/store.js';
import { loadPluginArgs, withPluginOption, type PluginArgs } from './plugins.js';
import { loadRunPlugins } from '../plugins/load.js';

export interface MergeArgs extends PluginArgs {
  dirs: string[];
  out: string;
  json: boolean;
  report: boolean;
}

function shownPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel !== '' && !rel.startsWith('..') ? rel : dir;
}

/** At most `n` keys, then `… and K more`. */
function someKeys(keys: readonly string[], n = 8): string {
  return keys.length <= n ? keys.join(', ') : `${keys.slice(0, n).join(', ')}, … and ${keys.length - n} more`;
}

function summary(result: MergeResult, out: string, reportLine: string): string {
  const lines: string[] = [];
  lines.push(`merging ${result.inputs.length} run folder(s) of config ${result.configHash.slice(0, 12)}… (${result.gridCells} cells in the grid)`);
  const width = Math.max(...result.inputs.map((i) => i.dir.length));
  for (const i of result.inputs) lines.push(`  ${i.dir.padEnd(width)}  ${describeInput(i).padEnd(13)}  ${i.status.padEnd(11)}  ${i.rows} cells`);
  if (result.duplicates.length > 0) {
    lines.push(
      `duplicates: ${result.duplicates.length} cell(s) were in more than one folder with identical results (timing aside); kept one of each: ${someKeys(result.duplicates.map((d) => d.key))}`,
    );
  }
  if (result.missing.length > 0) {
    lines.push(
      `missing: ${result.missing.length} of ${result.gridCells} cells are in no folder: ${someKeys(result.missing)}\n` +
        `  finish the shard(s) that lost them and merge again, or train just these into the merged folder: npx gapbench run --resume ${out}`,
    );
  }
  lines.push(`merged ${result.rows.length} of ${result.gridCells} cells into ${out} (${result.status})`);
  if (reportLine !== '') lines.push(reportLine);
  return `${lines.join('\n')}\n`;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'merge the run folders of a sharded sweep (gapbench run --shard I/N) into one run folder',
  builder: (y: Argv<object>) =>
    withPluginOption(y)
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run folders of one config (shards, or earlier merges)' })
      .option('out', { type: 'string', demandOption: true, describe: 'the merged run folder: new, empty, or an earlier merge of the same config (its cells are kept, then it is rewritten)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the outcome as one JSON object on stdout' })
      .option('report', { type: 'boolean', default: true, describe: 'write the figures and report.html (--no-report to skip)' })
      .example('$0 merge shard-1 shard-2 shard-3 --out sweep', 'three shards into one run folder')
      .example('$0 merge sweep shard-4 --out sweep', 'add a late shard to an earlier merge')
      .epilog(
        'All folders must share one config hash (the shard is not part of it). A cell in two folders is kept once if ' +
          'the results agree (timing aside) and refused if they differ. Merging is idempotent: the same cells give the ' +
          'same bytes whatever the order of the folders, and merging a merged folder again changes nothing.',
      ) as unknown as Argv<MergeArgs>,
  handler: async (argv) => {
    // The folders' plugins must still be the files that produced them (--plugin first: a moved copy).
    // A folder that is not a run is left to mergeRuns, which names it.
    await loadPluginArgs(argv);
    for (const dir of argv.dirs) {
      let manifest;
      try {
        manifest = readManifest(resolve(dir));
      } catch {
        continue;
      }
      await loadRunPlugins(manifest, dir);
    }
    const result = mergeRuns(argv.dirs, { out: argv.out });
    const out = shownPath(resolve(argv.out));
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    let reportLine = '';
    if (argv.report && result.rows.length > 0) {
      // Loaded only here: the figure stack (vega) is heavy.
      try {
        const { writeReport } = await import('../report/index.js');
        const written = await writeReport(result.dir, { onWarning: (w) => process.stderr.write(`report: ${w}\n`) });
        reportLine = `report: ${shownPath(written.html)}`;
      } catch (err) {
        process.stderr.write(`report not written (${(err as Error).message}); retry with \`npx gapbench report ${out}\`\n`);
      }
    }
    if (argv.json) {
      const doc = {
        dir: result.dir,
        configHash: result.configHash,
        status: result.status,
        cells: result.rows.length,
        gridCells: result.gridCells,
        inputs: result.inputs,
        missing: result.missing,
        duplicates: result.duplicates,
        warnings: result.warnings,
        report: reportLine === '' ? null : resolve(result.dir, 'report.html'),
      };
      process.stdout.write(`${JSON.stringify(doc)}\n`);
      return;
    }
    process.stdout.write(summary(result, out, reportLine));
  },
};
