/**
 * `gapbench check`: the regression check CI runs. Trains the ci preset (or
 * reads a finished run) and compares every cell with a committed baseline.
 *
 *   gapbench check                                   ci preset vs results/baselines/ci.json
 *   gapbench check --junit gapbench-check.xml        also a JUnit report
 *   gapbench check --run results/runs/<id> --baseline b.json
 *   gapbench check --update                          rewrite the baseline, print what changed
 *
 * Exit 0 same, 1 regression, 2 usage or config error (no baseline, a
 * baseline of another config, a damaged file, an unfinished run), 130
 * interrupted (Ctrl-C).
 */
import type { Argv, CommandModule } from 'yargs';
import { isPresetName, presetNames, presets, type PresetName } from '../config/presets.js';
import { DEFAULT_TOLERANCE } from '../report/compare.js';
import { defaultBaselinePath, runCheck, type CheckOptions } from '../runner/check.js';
import { UsageError } from './errors.js';
import { loadPluginArgs, reloadRunPlugins, withPluginOption, type PluginArgs } from './plugins.js';

export interface CheckArgs extends PluginArgs {
  preset?: string;
  run?: string;
  baseline?: string;
  tolerance?: string;
  update: boolean;
  junit?: string;
  workers?: string;
  out?: string;
}

function parseTolerance(raw: string): number {
  const t = raw.trim();
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`--tolerance: got ${JSON.stringify(raw)}, expected an accuracy difference in [0, 1]; e.g. --tolerance ${DEFAULT_TOLERANCE}`);
  }
  return n;
}

function parseWorkers(raw: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers: got ${JSON.stringify(raw)}, expected a positive integer; e.g. --workers 2`);
  return n;
}

/** Checks flag combinations and turns the flags into CheckOptions. */
export function checkOptions(argv: CheckArgs): CheckOptions {
  if (argv.preset !== undefined && argv.run !== undefined) {
    throw new UsageError(`--preset ${argv.preset} and --run ${argv.run} both name what to check; give --preset to train it now, or --run DIR for a finished run`);
  }
  if (argv.preset !== undefined && !isPresetName(argv.preset)) {
    throw new UsageError(`--preset: unknown preset "${argv.preset}"; valid presets: ${presetNames.join(', ')}`);
  }
  if (argv.run !== undefined && (argv.out !== undefined || argv.workers !== undefined)) {
    throw new UsageError(`--run ${argv.run} reads a finished run, so ${argv.out !== undefined ? '--out' : '--workers'} has nothing to do; drop it, or drop --run to train the preset`);
  }
  if (argv.update && argv.tolerance !== undefined) {
    throw new UsageError('--update rewrites the baseline from the run as it is, so --tolerance has nothing to do; drop one of them');
  }
  if (argv.update && argv.junit !== undefined) {
    throw new UsageError('--update compares nothing, so --junit has nothing to report; drop one of them');
  }
  return {
    ...(argv.preset !== undefined ? { preset: argv.preset as PresetName } : {}),
    ...(argv.run !== undefined ? { run: argv.run } : {}),
    ...(argv.baseline !== undefined ? { baseline: argv.baseline } : {}),
    ...(argv.tolerance !== undefined ? { tolerance: parseTolerance(argv.tolerance) } : {}),
    update: argv.update,
    ...(argv.junit !== undefined ? { junit: argv.junit } : {}),
    ...(argv.workers !== undefined ? { workers: parseWorkers(argv.workers) } : {}),
    ...(argv.out !== undefined ? { out: argv.out } : {}),
  };
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'regression check: train the ci preset (or read a run) and compare every cell with a committed baseline',
  builder: (y: Argv<object>) =>
    withPluginOption(y)
      .option('preset', { type: 'string', describe: `preset to train and check: ${presetNames.join(', ')} (default ci)` })
      .option('run', { type: 'string', describe: 'check this finished run folder instead of training the preset' })
      .option('baseline', { type: 'string', describe: `baseline file (default ${defaultBaselinePath('<preset>')}, i.e. ${defaultBaselinePath('ci')})` })
      .option('tolerance', {
        type: 'string',
        describe:
          'compare in tolerance mode with this δ: per-cell test_accuracy within ±δ, means over replicates within ±δ/2, ' +
          'status/params/solved must not change. Without it the check is exact (every metric bit-identical) when the baseline ' +
          `was made on the same Node major, backend, engine version and (fast backend) kind of multiply-add, else tolerance mode with δ = ${DEFAULT_TOLERANCE} ` +
          `(about ${Math.round(DEFAULT_TOLERANCE * presets.ci.testSize)} of the ${presets.ci.testSize} ci test sequences: ` +
          'float-level differences, e.g. float32 against float64 kernels, pass; ' +
          'subtle bugs such as a weakened gradient pass too, so run CI on the baseline\'s Node major for exact mode)',
      })
      .option('update', { type: 'boolean', default: false, describe: `rewrite the baseline from this run and print which cells changed; a preset's default baseline (${defaultBaselinePath('ci')}) only takes that preset's config, so give a run of another config --baseline FILE` })
      .option('junit', { type: 'string', describe: 'write a JUnit XML report here (one testcase per cell)' })
      .option('workers', { type: 'string', describe: 'worker threads for training the preset (default: available cores)' })
      .option('out', { type: 'string', describe: 'train the preset into this new folder and keep it (default: a temporary folder, kept only on failure; removed on Ctrl-C)' })
      .example('$0 check', 'train ci and compare with results/baselines/ci.json; exit 1 on any change')
      .example('$0 check --junit gapbench-check.xml', 'the same, with a JUnit report for CI')
      .example('$0 check --run results/runs/<run-id> --tolerance 0.05', 'a finished run, accuracy within ±0.05')
      .example('$0 check --update', 'after an intended numeric change: rewrite the baseline, then commit it') as unknown as Argv<CheckArgs>,
  handler: async (argv) => {
    const opts = checkOptions(argv);
    // A checked run's plugins must still be the files that produced it (--plugin first: a moved copy).
    await loadPluginArgs(argv);
    if (opts.run !== undefined) await reloadRunPlugins(opts.run);
    const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
    // Reading a run folder takes a moment; Ctrl-C keeps its default there (exit at once).
    if (opts.run !== undefined) {
      process.exitCode = await runCheck(opts, io);
      return;
    }
    // Ctrl-C stops the preset run; runCheck removes its temporary folder (or names the --out folder) in one line, exit 130.
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = (): void => {
      interrupts++;
      if (interrupts === 1) controller.abort();
      else process.exit(130); // runCheck's exit hook still removes a temporary folder
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      process.exitCode = await runCheck({ ...opts, signal: controller.signal }, io);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
