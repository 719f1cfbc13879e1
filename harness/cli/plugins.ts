/**
 * `--plugin PATH` (repeatable) for the commands that read the registries
 * or a run folder: the plugin's variants and tasks are registered before
 * the command runs, so they appear like built-in ones. A run folder's own
 * plugins (manifest.json, config.plugins) are reloaded from their recorded
 * paths with `reloadRunPlugins`; a plugin given with --plugin first
 * satisfies a recorded one of the same content (a moved file).
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { readConfigFile, type ConfigSources } from '../config/resolve.js';
import { loadConfigPlugins, loadPlugins, loadRunPlugins } from '../plugins/load.js';
import type { LoadedPlugin } from '../plugins/types.js';
import { readManifest } from '../runner/store.js';

export interface PluginArgs {
  /** One value per `--plugin`; yargs gives a string for one, an array for several. */
  plugin?: string | string[];
}

/**
 * Adds the repeatable `--plugin PATH` option. Not a yargs array option: an
 * array would swallow a following positional (`list --plugin a.js variants`).
 */
export function withPluginOption<T>(y: Argv<T>): Argv<T & PluginArgs> {
  return y.option('plugin', {
    type: 'string',
    requiresArg: true,
    describe: 'ES module registering variants/tasks (export default { variants, tasks }); repeat for several',
  }) as unknown as Argv<T & PluginArgs>;
}

/** The --plugin paths as absolute paths, in the order given. */
export function pluginPaths(argv: PluginArgs): string[] {
  const given = argv.plugin === undefined ? [] : Array.isArray(argv.plugin) ? argv.plugin : [argv.plugin];
  return given.filter((p) => p !== '').map((p) => resolve(p));
}

/** Loads the --plugin files (ConfigError naming the path on failure: exit 2). */
export async function loadPluginArgs(argv: PluginArgs): Promise<LoadedPlugin[]> {
  return loadPlugins(pluginPaths(argv));
}

/** Reloads the plugins recorded in the run folder `dir` (after --plugin, so a moved file can be passed). */
export async function reloadRunPlugins(dir: string): Promise<LoadedPlugin[]> {
  return loadRunPlugins(readManifest(resolve(dir)), dir);
}

/**
 * Loads every plugin the layers of a `gapbench run` name, before the config
 * is resolved: --plugin paths first, then the config file's `plugins`, then
 * those of the run being resumed (`base`).
 */
export async function loadSourcePlugins(sources: ConfigSources): Promise<void> {
  const flagged = sources.flags?.plugins;
  if (Array.isArray(flagged)) await loadPlugins(flagged.filter((p): p is string => typeof p === 'string'));
  if (sources.file !== undefined) await loadConfigPlugins(readConfigFile(sources.file), `config file ${sources.file}`, 'its folder');
  const base = sources.base;
  if (base !== undefined) await loadConfigPlugins(base.config, base.source.kind === 'run' ? `run folder ${base.source.dir}` : 'the base config');
}
