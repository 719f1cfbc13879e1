/**
 * `runExperiment` of the public API: the experiment of `gapbench run`, from
 * the same object a JSON config file holds (a preset plus any fields, plus
 * the run options workers / out / resume), in code.
 *
 *   preset (default quick; on resume the run's own config)  <  fields of `spec`
 *
 * Plugins named in `spec.plugins` (paths, relative to the working
 * directory) are loaded first; so are the plugins of a run being resumed.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { DEFAULT_PRESET, isPresetName, presetNames, presets } from '../config/presets.js';
import { formatIssues, validateConfig, type Source } from '../config/resolve.js';
import { ConfigFileSchema, type ConfigFileInput, type ExperimentConfig, type ExperimentInput } from '../config/schema.js';
import { loadConfigPlugins } from '../plugins/load.js';
import { runExperiment as runResolved, type RunExperimentOptions, type RunExperimentResult } from '../runner/run.js';
import { readManifest } from '../runner/store.js';

/** What `runExperiment` accepts: exactly the fields of a config file (`gapbench run --config`). */
export type ExperimentSpec = ConfigFileInput;

/** The outcome of `runExperiment`: every finished row, the run folder, its status and hash, and the resolved config. */
export interface ExperimentResult extends RunExperimentResult {
  readonly config: ExperimentConfig;
}

/**
 * Runs (or, with `resume`, continues) an experiment like `gapbench run` and
 * resolves with its rows in grid order and its run folder. `spec` is what a
 * config file holds, e.g. `{ preset: 'ci', variants: ['mgu', 'lstm'],
 * plugins: ['./mgu.js'] }`; `options` adds what a file cannot (an abort
 * signal, progress events, the parent of new run folders) and overrides
 * `workers`, `out` and `resume`. Bad input is a ConfigError thrown before
 * anything is written.
 *
 * Cells train in worker threads, which load the config's plugins: a
 * variant or task registered in this process without a plugin file cannot
 * run there and is refused with a message saying so.
 */
export async function runExperiment(spec: ExperimentSpec = {}, options: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const parsed = ConfigFileSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, { kind: 'config' }));
  const { preset, workers, out, resume, ...fields } = parsed.data;
  const run: RunExperimentOptions = {
    ...options,
    ...(options.workers === undefined && workers !== undefined ? { workers } : {}),
    ...(options.out === undefined && out !== undefined ? { out } : {}),
    ...(options.resume === undefined && resume !== undefined ? { resume } : {}),
  };
  if (run.out !== undefined && run.resume !== undefined) {
    throw new ConfigError(`out ${run.out} and resume ${run.resume} both name the run folder; give only resume to continue a run, or only out for a new one`);
  }

  let start: ExperimentInput | ExperimentConfig;
  let startSource: Source;
  if (preset !== undefined) {
    if (!isPresetName(preset)) throw new ConfigError(`config.preset: unknown preset "${preset}"; valid presets: ${presetNames.join(', ')}`);
    start = presets[preset];
    startSource = { kind: 'preset', name: preset };
  } else if (run.resume !== undefined) {
    // Like `gapbench run --resume DIR`: the run's own config, under any fields given.
    start = readManifest(resolve(run.resume)).config;
    startSource = { kind: 'run', dir: run.resume };
  } else {
    start = presets[DEFAULT_PRESET];
    startSource = { kind: 'preset', name: DEFAULT_PRESET };
  }

  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  await loadConfigPlugins(given, 'config.plugins');
  await loadConfigPlugins(start, startSource.kind === 'run' ? `run folder ${startSource.dir}` : 'the preset');
  const config = validateConfig({ ...start, ...given }, (field) => (Object.hasOwn(given, field) ? { kind: 'config' } : startSource));
  const result = await runResolved(config, run);
  return { ...result, config };
}
