/**
 * `gapbench run`: train every cell of a sweep into a run folder.
 *
 *   gapbench run                              the quick preset
 *   gapbench run --preset ci --workers 2
 *   gapbench run --config sweep.json --gaps 10,20,50 --hidden 32,64
 *   gapbench run --resume results/runs/<run-id>
 *   gapbench run --preset reference --shard 2/4   one shard of four (then gapbench merge)
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
import { runExperiment, type RunEvent } from '../runner/run.js';
import { detectShard, formatShard, type DetectedShard } from '../runner/shard.js';
import { readManifest } from '../runner/store.js';
import { loadSourcePlugins, pluginPaths, withPluginOption } from './plugins.js';
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
  plugin?: string | string[];
  shard?: string;
  shards?: string;
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

/** How `--shard` is found, for --help. */
const SHARD_HELP = `Sharding (one sweep over many machines; merge the folders with \`gapbench merge\`):
  --shard I/N wins over the environment. Without it gapbench reads the scheduler's variables:
  Slurm array job: shard I = position of SLURM_ARRAY_TASK_ID in the array, counted from 1
    (I = (ID - SLURM_ARRAY_TASK_MIN) / STEP + 1, N = SLURM_ARRAY_TASK_COUNT), so --array=0-3 and
    --array=1-4 both run shards 1/4 ... 4/4; without SLURM_ARRAY_TASK_MIN the ID is read as counted from 0.
  Kubernetes Indexed Job: shard JOB_COMPLETION_INDEX + 1 (the index counts from 0) of --shards N
    (set N to the Job's spec.completions).
  The shard is not part of the config hash; --resume keeps a folder's shard.`;

/** The line saying which shard runs: `shard 2 of 4 (from --shard 2/4): 15 of 60 cells, 25.0% of the estimated cost`. */
function shardLine(e: Extract<RunEvent, { type: 'start' }>, detected: DetectedShard | null): string | null {
  const s = e.shard;
  if (s === undefined) return null;
  const why = detected === null ? 'kept from the run folder' : detected.reason;
  let line = `shard ${s.index} of ${s.count} ${why}: ${s.cells} of ${s.gridCells} cells, ${(100 * s.costShare).toFixed(1)}% of the estimated cost`;
  if (s.emptyShards > 0) {
    line += `\nwarning: ${s.count} shards for ${s.gridCells} cells, so ${s.emptyShards} shard(s) get no cell; they write valid empty run folders that gapbench merge accepts, but use fewer shards to save machines`;
  }
  return line;
}

/** The path to show the user: relative when under the working directory. */
function shownPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel !== '' && !rel.startsWith('..') && !resolve(rel).startsWith('..') ? rel : dir;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'train every (task, variant, gap, replicate) cell of a sweep and write a run folder',
  builder: (y: Argv<object>) =>
    withPluginOption(y)
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
      .option('shard', { type: 'string', describe: 'run only shard I of N (I from 1 to N), e.g. 2/4; overrides SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX' })
      .option('shards', { type: 'string', describe: 'number of shards N, with JOB_COMPLETION_INDEX of a Kubernetes Indexed Job (counted from 0)' })
      .option('json', { type: 'boolean', default: false, describe: 'print progress as JSON lines on stdout' })
      .option('report', { type: 'boolean', default: true, describe: 'write the figures and report.html into the run folder at the end (--no-report to skip)' })
      .example('$0 run', 'the quick preset on all cores')
      .example('$0 run --preset ci --workers 2', 'the small CI sweep')
      .example('$0 run --preset reference --gaps 10,20,50 --replicates 1', 'part of the reference sweep')
      .example('$0 run --tasks copy --variants rnn,lstm --hidden 32,64 --lr 0.001,0.003', 'sweep hidden size and learning rate')
      .example('$0 run --resume results/runs/<run-id>', 'continue an interrupted run')
      .example('$0 run --plugin ./mgu.js --variants mgu,lstm,gru --tasks delayed-recall', 'a cell of your own against built-ins (README: Bring your own cell)')
      .example('$0 run --preset reference --shard 2/4 --out shard-2', 'shard 2 of 4 (then: gapbench merge shard-* --out sweep)')
      .epilog(SHARD_HELP) as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const flags: Partial<Record<ConfigKey, unknown>> = {};
    for (const [flag, field] of Object.entries(FLAG_FIELDS)) {
      const value = (argv as unknown as Record<string, unknown>)[flag];
      if (value !== undefined) flags[field] = value;
    }
    if (argv.plugin !== undefined) flags.plugins = pluginPaths(argv);
    const sources: { -readonly [K in keyof ConfigSources]: ConfigSources[K] } = { flags };
    if (argv.config !== undefined) sources.file = argv.config;
    if (argv.resume !== undefined && argv.preset === undefined && argv.config === undefined) {
      // A resumed run starts from its own config; extra flags must leave its hash unchanged.
      sources.base = { config: readManifest(resolve(argv.resume)).config, source: { kind: 'run', dir: argv.resume } };
    }
    await loadSourcePlugins(sources);
    const { config, run } = resolveConfig(sources);
    const detected = detectShard({ shard: argv.shard, shards: argv.shards }, process.env);

    const mode = argv.json ? 'json' : process.stderr.isTTY ? 'tty' : 'lines';
    const reporter = createReporter(mode, process.stderr, process.stdout);
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = (): void => {
      interrupts++;
      if (interrupts === 1) {
        reporter.note('stopping: no new cells; finished cells are kept, cells in progress are dropped (--resume trains them again); Ctrl-C again exits at once');
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
        ...(detected !== null ? { shard: detected.shard } : {}),
        signal: controller.signal,
        onEvent: (e) => {
          const line = e.type === 'start' ? shardLine(e, detected) : null;
          if (line !== null) reporter.note(line);
          reporter.event(e);
        },
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      reporter.close();
    }

    const dir = shownPath(result.dir);
    const failed = result.rows.filter((r) => r.status !== 'ok').length;
    let reportLine = '';
    // An empty shard (more shards than cells) has nothing to draw.
    if (argv.report && result.status === 'complete' && result.rows.length > 0) {
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
    if (table !== '') process.stdout.write(`\nmean test accuracy by variant × gap\n\n${table}\n`);
    process.stdout.write(
      `${result.rows.length} cells${failed > 0 ? ` (${failed} diverged or failed)` : ''}, ${formatDuration(elapsed)} of cell time\n${reportLine}run folder: ${dir}\n`,
    );
    const shard = readManifest(result.dir).shard;
    if (shard !== null) {
      process.stdout.write(`this folder is shard ${formatShard(shard)}; once every shard is done, merge them:\n  npx gapbench merge <the ${shard.count} shard folders> --out <merged folder>\n`);
    }
  },
};
