/**
 * `gapbench run`: train every cell of a sweep into a run folder.
 *
 *   gapbench run                              the quick preset
 *   gapbench run --preset ci --workers 2
 *   gapbench run --config sweep.json --gaps 10,20,50 --hidden 32,64
 *   gapbench run --resume results/runs/<run-id>
 *
 * Flags are read as typed strings and validated by the config layer, so a
 * bad value gets one message naming the flag, the value and the fix (exit 2)
 * before anything is written.
 */
import { relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_RUNS_ROOT } from '../config/defaults.js';
import { DEFAULT_PRESET, presetNames } from '../config/presets.js';
import { resolveConfig, type ConfigSources } from '../config/resolve.js';
import { BACKENDS, type ConfigKey } from '../config/schema.js';
import { accuracyTable } from '../report/terminal.js';
import { runExperiment } from '../runner/run.js';
import { readManifest } from '../runner/store.js';
import { createReporter, formatDuration } from './progress.js';

export interface RunArgs {
  preset?: string;
  config?: string;
  tasks?: string;
  variants?: string;
  gaps?: string;
  replicates?: string;
  seed?: string;
  steps?: string;
  hidden?: string;
  batch?: string;
  lr?: string;
  'eval-every'?: string;
  backend?: string;
  gradflow?: boolean;
  workers?: string;
  out?: string;
  resume?: string;
  json: boolean;
  report: boolean;
}

/** Command-line flag → config field. */
const FLAG_FIELDS = {
  preset: 'preset',
  tasks: 'tasks',
  variants: 'variants',
  gaps: 'gaps',
  replicates: 'replicates',
  seed: 'seed',
  steps: 'steps',
  hidden: 'hidden',
  batch: 'batch',
  lr: 'lr',
  'eval-every': 'evalEvery',
  backend: 'backend',
  gradflow: 'gradflow',
  workers: 'workers',
  out: 'out',
  resume: 'resume',
} as const satisfies Record<string, ConfigKey>;

/** The path to show the user: relative when under the working directory. */
function shownPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel !== '' && !rel.startsWith('..') && !resolve(rel).startsWith('..') ? rel : dir;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'train every (task, variant, gap, replicate) cell of a sweep and write a run folder',
  builder: (y: Argv<object>) =>
    y
      .option('preset', { type: 'string', describe: `starting settings: ${presetNames.join(', ')} (default ${DEFAULT_PRESET}; see \`gapbench list presets\`)` })
      .option('config', { type: 'string', describe: 'JSON config file; its fields override the preset, flags override it' })
      .option('tasks', { type: 'string', describe: 'comma list of tasks, e.g. copy,adding' })
      .option('variants', { type: 'string', describe: 'comma list of variants, e.g. rnn,lstm,gru' })
      .option('gaps', { type: 'string', describe: 'comma list of gaps, e.g. 10,20,50' })
      .option('replicates', { type: 'string', describe: 'replicates per (task, variant, gap)' })
      .option('seed', { type: 'string', describe: 'base seed every cell seed derives from' })
      .option('steps', { type: 'string', describe: 'training steps per cell' })
      .option('hidden', { type: 'string', describe: 'hidden size; a comma list sweeps it as a grid axis' })
      .option('batch', { type: 'string', describe: 'sequences per training step' })
      .option('lr', { type: 'string', describe: 'Adam learning rate; a comma list sweeps it as a grid axis' })
      .option('eval-every', { type: 'string', describe: 'evaluate on fresh sequences every N steps' })
      .option('backend', { type: 'string', describe: `numeric backend: ${BACKENDS.join(', ')}` })
      .option('gradflow', { type: 'boolean', describe: 'record gradient norms against distance to the answer (gradflow.csv, on by default; --no-gradflow to skip)' })
      .option('workers', { type: 'string', describe: 'parallel worker threads (default: available cores)' })
      .option('out', { type: 'string', describe: `run folder (default ${DEFAULT_RUNS_ROOT}/<run-id>); must be new, empty, or a run of the same config` })
      .option('resume', { type: 'string', describe: 'continue the run in this folder, skipping finished cells (its config is reused)' })
      .option('json', { type: 'boolean', default: false, describe: 'print progress as JSON lines on stdout' })
      .option('report', { type: 'boolean', default: true, describe: 'write the figures and report.html into the run folder at the end (--no-report to skip)' })
      .example('$0 run', 'the quick preset on all cores')
      .example('$0 run --preset ci --workers 2', 'the small CI sweep')
      .example('$0 run --preset reference --gaps 10,20,50 --replicates 1', 'part of the reference sweep')
      .example('$0 run --tasks copy --variants rnn,lstm --hidden 32,64 --lr 0.001,0.003', 'sweep hidden size and learning rate')
      .example('$0 run --resume results/runs/<run-id>', 'continue an interrupted run') as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const flags: Partial<Record<ConfigKey, unknown>> = {};
    for (const [flag, field] of Object.entries(FLAG_FIELDS)) {
      const value = (argv as unknown as Record<string, unknown>)[flag];
      if (value !== undefined) flags[field] = value;
    }
    const sources: { -readonly [K in keyof ConfigSources]: ConfigSources[K] } = { flags };
    if (argv.config !== undefined) sources.file = argv.config;
    if (argv.resume !== undefined && argv.preset === undefined && argv.config === undefined) {
      // A resumed run starts from its own config; extra flags must leave its hash unchanged.
      sources.base = { config: readManifest(resolve(argv.resume)).config, source: { kind: 'run', dir: argv.resume } };
    }
    const { config, run } = resolveConfig(sources);

    const mode = argv.json ? 'json' : process.stderr.isTTY ? 'tty' : 'lines';
    const reporter = createReporter(mode, process.stderr, process.stdout);
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = (): void => {
      interrupts++;
      if (interrupts === 1) {
        reporter.note('stopping: no new cells; finished cells are kept (Ctrl-C again to exit at once)');
        controller.abort();
      } else {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let result;
    try {
      result = await runExperiment(config, {
        ...(run.workers !== undefined ? { workers: run.workers } : {}),
        ...(run.out !== undefined ? { out: run.out } : {}),
        ...(run.resume !== undefined ? { resume: run.resume } : {}),
        signal: controller.signal,
        onEvent: reporter.event,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      reporter.close();
    }

    const dir = shownPath(result.dir);
    const failed = result.rows.filter((r) => r.status !== 'ok').length;
    let reportLine = '';
    if (argv.report && result.status === 'complete') {
      // Loaded only here: the figure stack (vega) is heavy and a run needs it only at the end.
      try {
        const { writeReport } = await import('../report/index.js');
        const written = await writeReport(result.dir, { onWarning: (w) => reporter.note(`report: ${w}`) });
        reportLine = `report: ${shownPath(written.html)}\n`;
      } catch (err) {
        reporter.note(`report not written (${(err as Error).message}); retry with \`npx gapbench report ${dir}\``);
      }
    }
    if (result.status === 'interrupted') {
      reporter.note(`interrupted: ${result.rows.length} cells finished and kept in ${dir}; continue with:\n  npx gapbench run --resume ${dir}`);
      process.exitCode = 130;
      return;
    }
    if (mode === 'json') return;
    const table = accuracyTable(result.rows);
    const elapsed = result.rows.reduce((s, r) => s + (Number.isFinite(r.wall_ms) ? r.wall_ms : 0), 0);
    process.stdout.write(`\nmean test accuracy by variant × gap\n\n${table}\n`);
    process.stdout.write(
      `${result.rows.length} cells${failed > 0 ? ` (${failed} diverged or failed)` : ''}, ${formatDuration(elapsed)} of cell time\n${reportLine}run folder: ${dir}\n`,
    );
  },
};
