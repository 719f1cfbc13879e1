/**
 * `gapbench export DIR --format csv|json [--out FILE]`: a run folder's
 * results from its source of truth, cells.jsonl, in grid order.
 * - csv:  the results.csv columns (DESIGN.md, File formats);
 * - json: {"schema","runId","configHash","config","status","rows"} with
 *         every cell row as stored (curves included).
 * A torn last line is reported on stderr and ignored, and so is a run with
 * cells still to train (the export then has fewer rows than the grid); the
 * folder is not modified.
 */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { inGridOrder, resultsCsv } from '../report/csv.js';
import { readCells, readManifest, writeFileAtomic } from '../runner/store.js';
import { UsageError } from './errors.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;

export interface ExportArgs {
  dir: string;
  format: string;
  out?: string;
}

/** The export text of a run folder. */
export function exportRun(dir: string, format: (typeof EXPORT_FORMATS)[number], warn: (text: string) => void = () => {}): string {
  const manifest = readManifest(resolve(dir));
  const { rows, torn } = readCells(resolve(dir));
  if (torn !== null) warn(`${dir}/cells.jsonl: ignored a torn last line (line ${torn.line}, ${torn.bytes} bytes); \`gapbench run --resume ${dir}\` reruns that cell`);
  const order = new Map(manifest.cells.map((c, i) => [c.key, i]));
  const done = rows.filter((r) => order.has(r.key)).length;
  if (done < manifest.cells.length) {
    warn(`${dir}: only ${done} of ${manifest.cells.length} cells are finished (run ${manifest.status}), so the export has ${done} rows; \`gapbench run --resume ${dir}\` trains the rest`);
  }
  const sorted = inGridOrder(rows, order);
  if (format === 'csv') return resultsCsv(sorted);
  const doc = { schema: manifest.schema, runId: manifest.runId, configHash: manifest.configHash, config: manifest.config, status: manifest.status, rows: sorted };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <dir>',
  describe: 'export the results of a run folder as CSV or JSON',
  builder: (y: Argv<object>) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run folder (results/runs/<run-id> or an --out folder)' })
      .option('format', { type: 'string', choices: [...EXPORT_FORMATS], default: 'csv', describe: 'csv: results.csv columns; json: full rows with curves' })
      .option('out', { type: 'string', describe: 'write to this file instead of stdout' })
      .example('$0 export results/runs/<run-id> --format json --out run.json', 'every row with its learning curve') as unknown as Argv<ExportArgs>,
  handler: (argv) => {
    const text = exportRun(argv.dir, argv.format as (typeof EXPORT_FORMATS)[number], (w) => process.stderr.write(`${w}\n`));
    if (argv.out === undefined) {
      process.stdout.write(text);
      return;
    }
    try {
      writeFileAtomic(resolve(argv.out), text);
    } catch (err) {
      throw new UsageError(`cannot write ${argv.out} (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose a writable file for --out`);
    }
  },
};
