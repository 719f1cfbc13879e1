/**
 * Loading plugin modules into this process's registries.
 *
 *   path ─read, sha256─> import() ─check default export─> clash check ─> registerVariant / registerTask
 *
 * A plugin is identified by the sha256 of its bytes: loading the same
 * content twice (even from another path) is a no-op, and a run folder
 * names its plugins by path and hash so `--resume`, `report`, `merge` and
 * `check --run` can reload them and notice a changed file. Worker threads
 * load the same refs (runner/worker.ts) before training.
 *
 * Every failure is a ConfigError naming the plugin path (the CLI exits 2).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, describeValue, didYouMean } from '../config/errors.js';
import type { Variant } from '../engine/types.js';
import { allTaskNames, isBuiltinTask, registerTask } from '../../tasks/index.js';
import type { TaskDefinition } from '../../tasks/types.js';
import { isBuiltinVariant, registerVariant, variantNames } from '../../variants/index.js';
import { checkTaskDefinition, checkVariant } from './define.js';
import type { LoadedPlugin, PluginModule, PluginRef } from './types.js';

const MODULE_KEYS = ['variants', 'tasks'] as const;

/** Loaded plugins by content hash. */
const bySha = new Map<string, LoadedPlugin>();
/** Content hash of the file loaded from each absolute path. */
const shaByPath = new Map<string, string>();
/** `variant:<name>` / `task:<name>` → sha256 of the plugin that registered it. */
const providers = new Map<string, string>();
/** Loads in flight by content hash, so concurrent loads of one plugin import it once. */
const pending = new Map<string, Promise<LoadedPlugin>>();

/** Where a plugin path came from when the caller does not say: the command line. */
const FROM_FLAG = 'the path given to --plugin';

/**
 * sha256 hex of a file's bytes; a ConfigError naming the path when it cannot
 * be read. `givenBy` says where the path was written, for the fix (e.g.
 * `the "plugins" entries of config file sweep.json`).
 */
export function pluginHash(path: string, givenBy: string = FROM_FLAG): string {
  const abs = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`plugin ${abs}: cannot read the file (${code}); check ${givenBy}`);
  }
  return createHash('sha256').update(bytes).digest('hex');
}

function checkModule(abs: string, mod: unknown): Required<PluginModule> {
  const contract = 'export default { variants: [defineVariant({...})], tasks: [defineTask({...})] }';
  const def = (mod as { default?: unknown } | null)?.default;
  if (def === null || typeof def !== 'object' || Array.isArray(def)) {
    throw new ConfigError(`plugin ${abs}: the default export must be an object { variants?, tasks? }, got ${describeValue(def)}; write ${contract}`);
  }
  const obj = def as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(MODULE_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`plugin ${abs}: unknown key "${key}" in the default export${didYouMean(key, MODULE_KEYS)}; valid keys: ${MODULE_KEYS.join(', ')}`);
    }
  }
  const list = (key: (typeof MODULE_KEYS)[number]): readonly unknown[] => {
    const v = obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new ConfigError(`plugin ${abs}: ${key} must be an array, got ${describeValue(v)}; write ${contract}`);
    return v;
  };
  const variants = list('variants');
  const tasks = list('tasks');
  if (variants.length + tasks.length === 0) throw new ConfigError(`plugin ${abs}: registers nothing (variants and tasks are empty); write ${contract}`);
  variants.forEach((v) => checkVariant(v, `plugin ${abs}`));
  tasks.forEach((t) => checkTaskDefinition(t, `plugin ${abs}`));
  return { variants: variants as Variant[], tasks: tasks as TaskDefinition[] };
}

/** Throws before anything is registered if any name of the plugin is taken or repeated. */
function checkClashes(abs: string, kind: 'variant' | 'task', names: readonly string[]): void {
  const taken = kind === 'variant' ? variantNames : allTaskNames;
  const builtin = kind === 'variant' ? isBuiltinVariant : isBuiltinTask;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ConfigError(`plugin ${abs}: ${kind} "${name}" is listed twice; list each ${kind} once`);
    seen.add(name);
    if (!taken.includes(name)) continue;
    const sha = providers.get(`${kind}:${name}`);
    const other = sha === undefined ? undefined : bySha.get(sha)?.path;
    const what = builtin(name) ? `a built-in ${kind}` : other !== undefined ? `a ${kind} of plugin ${other}` : `a ${kind} registered earlier in this process`;
    throw new ConfigError(`plugin ${abs}: ${kind} "${name}" clashes with ${what}; rename it in the plugin (e.g. "${name}-2")`);
  }
}

/**
 * The package a failed import could not find (Node's ERR_MODULE_NOT_FOUND
 * "Cannot find package 'x' imported from …"; `gapbench/sub` → `gapbench`),
 * or null for any other failure, a missing relative file included.
 */
function missingPackage(err: unknown): string | null {
  if ((err as NodeJS.ErrnoException | null)?.code !== 'ERR_MODULE_NOT_FOUND') return null;
  const spec = /Cannot find package '([^']+)'/.exec((err as Error).message)?.[1];
  if (spec === undefined) return null;
  // A scoped package keeps its scope: '@scope/name/sub' → '@scope/name'.
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

async function importAndRegister(abs: string, sha: string): Promise<LoadedPlugin> {
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(abs).href);
  } catch (err) {
    const e = err as Error;
    if (e?.name === 'ConfigError') throw new ConfigError(`plugin ${abs}: ${e.message}`);
    const missing = missingPackage(err);
    if (missing === 'gapbench') {
      throw new ConfigError(
        `plugin ${abs} imports 'gapbench', which does not resolve from ${dirname(abs)}; a plugin must sit inside a project where gapbench resolves: ` +
          'run `npm install gapbench` in the plugin\'s project, or keep the plugin in the gapbench checkout (or a folder under it)',
      );
    }
    if (missing !== null) {
      throw new ConfigError(`plugin ${abs} imports package '${missing}', which does not resolve from ${dirname(abs)}; install it in the plugin's project (npm install ${missing})`);
    }
    throw new ConfigError(`plugin ${abs} failed to load: ${e?.message ?? String(err)}; a plugin is an ES module (.js/.mjs) whose default export is { variants, tasks }`);
  }
  const { variants, tasks } = checkModule(abs, mod);
  checkClashes(abs, 'variant', variants.map((v) => v.name));
  checkClashes(abs, 'task', tasks.map((t) => t.name));
  for (const v of variants) {
    registerVariant(v, abs);
    providers.set(`variant:${v.name}`, sha);
  }
  for (const t of tasks) {
    registerTask(t, abs);
    providers.set(`task:${t.name}`, sha);
  }
  const loaded: LoadedPlugin = { path: abs, sha256: sha, variants: variants.map((v) => v.name), tasks: tasks.map((t) => t.name) };
  bySha.set(sha, loaded);
  shaByPath.set(abs, sha);
  return loaded;
}

/**
 * Loads the plugin file at `path` (relative to the working directory) and
 * registers its variants and tasks. Loading a file whose content is already
 * loaded returns the earlier record. With `expectedSha256`, a file whose
 * content differs is refused. `givenBy` names where the path was written,
 * for the fix of an unreadable file (default: --plugin).
 */
export async function loadPlugin(path: string, expectedSha256?: string, givenBy: string = FROM_FLAG): Promise<LoadedPlugin> {
  const abs = resolve(path);
  const sha = pluginHash(abs, givenBy);
  if (expectedSha256 !== undefined && sha !== expectedSha256) {
    throw new ConfigError(`plugin ${abs} has sha256 ${sha}, expected ${expectedSha256}; the file changed — restore the version that was used`);
  }
  const done = bySha.get(sha);
  if (done !== undefined) {
    if (!shaByPath.has(abs)) shaByPath.set(abs, sha);
    return done;
  }
  const before = shaByPath.get(abs);
  if (before !== undefined) {
    throw new ConfigError(`plugin ${abs} changed after it was loaded in this process (sha256 ${before.slice(0, 12)}… → ${sha.slice(0, 12)}…); restart to load the new version`);
  }
  let p = pending.get(sha);
  if (p === undefined) {
    p = importAndRegister(abs, sha).finally(() => pending.delete(sha));
    pending.set(sha, p);
  }
  const loaded = await p;
  // A concurrent load of the same content from another path: that path names it too.
  if (!shaByPath.has(abs)) shaByPath.set(abs, sha);
  return loaded;
}

/** Loads several plugin files in order (see `loadPlugin`). */
export async function loadPlugins(paths: readonly string[]): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const p of paths) out.push(await loadPlugin(p));
  return out;
}

/**
 * Reloads recorded plugins: a ref whose content is already loaded (from any
 * path, e.g. given again with --plugin at its new place) is satisfied;
 * otherwise its recorded path is loaded and must still hash the same.
 * `where` names the record (e.g. `run folder results/runs/x`) in errors.
 */
export async function loadPluginRefs(refs: readonly PluginRef[], where: string): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const ref of refs) {
    const done = bySha.get(ref.sha256);
    if (done !== undefined) {
      out.push(done);
      continue;
    }
    if (!existsSync(ref.path)) {
      throw new ConfigError(
        `plugin ${ref.path} used by ${where} is gone; restore the file, or pass its new location with --plugin PATH (its content must have sha256 ${ref.sha256})`,
      );
    }
    const sha = pluginHash(ref.path);
    if (sha !== ref.sha256) {
      throw new ConfigError(
        `plugin ${ref.path} changed since ${where} used it (sha256 was ${ref.sha256.slice(0, 12)}…, now ${sha.slice(0, 12)}…); ` +
          `restore that version of the file (or pass a copy of it with --plugin PATH), or start a new run`,
      );
    }
    out.push(await loadPlugin(ref.path, ref.sha256));
  }
  return out;
}

/** A `plugins` entry of a config: a path (config input) or a recorded ref (resolved config). */
export type PluginEntry = string | PluginRef;

/**
 * Loads every plugin a config names (paths and refs); a no-op for configs
 * without plugins. `where` names the config in errors, `relativeTo` says
 * what its relative paths were resolved against (e.g. "its folder").
 */
export async function loadConfigPlugins(
  config: { readonly plugins?: readonly PluginEntry[] | undefined }, where = 'the config', relativeTo = 'the working directory',
): Promise<void> {
  for (const entry of config.plugins ?? []) {
    // A path of the config's "plugins" (already resolved): the fix is in that config.
    if (typeof entry === 'string') await loadPlugin(entry, undefined, `the "plugins" entries of ${where} (relative paths there are relative to ${relativeTo})`);
    else await loadPluginRefs([entry], where);
  }
}

/** The plugins recorded in a run folder's config (manifest.json), reloaded; `dir` is named in errors. */
export async function loadRunPlugins(manifest: { readonly config: { readonly plugins?: readonly PluginRef[] | undefined } }, dir: string): Promise<LoadedPlugin[]> {
  return loadPluginRefs(manifest.config.plugins ?? [], `run folder ${dir}`);
}

/** Every plugin loaded into this process, in load order. */
export function loadedPlugins(): LoadedPlugin[] {
  return [...bySha.values()];
}

/**
 * The resolved `plugins` of a config, without I/O: each listed entry must
 * already be loaded (`label` names the config field in errors), and every
 * plugin variant or task the config uses adds the plugin that registered
 * it. A name registered in this process without a plugin file is refused:
 * worker threads could not see it. Deduplicated by content hash.
 */
export function resolvePluginRefs(
  entries: readonly PluginEntry[],
  used: { readonly variants: readonly string[]; readonly tasks: readonly string[] },
  label: string,
): PluginRef[] {
  const refs: PluginRef[] = [];
  const add = (p: LoadedPlugin | PluginRef): void => {
    if (!refs.some((r) => r.sha256 === p.sha256)) refs.push({ path: p.path, sha256: p.sha256 });
  };
  for (const entry of entries) {
    if (typeof entry === 'string') {
      const abs = resolve(entry);
      const sha = shaByPath.get(abs);
      if (sha === undefined) {
        throw new ConfigError(`${label}: plugin ${abs} is not loaded; gapbench loads --plugin files before reading the config (in code: await loadPlugin(path) first)`);
      }
      add({ path: abs, sha256: sha });
    } else {
      if (!bySha.has(entry.sha256)) {
        throw new ConfigError(`${label}: plugin ${entry.path} (sha256 ${entry.sha256.slice(0, 12)}…) is not loaded; reload it with loadPluginRefs first`);
      }
      add(entry);
    }
  }
  const need = (kind: 'variant' | 'task', names: readonly string[], builtin: (n: string) => boolean): void => {
    for (const name of names) {
      if (builtin(name)) continue;
      const sha = providers.get(`${kind}:${name}`);
      const plugin = sha === undefined ? undefined : bySha.get(sha);
      if (plugin === undefined) {
        throw new ConfigError(
          `${kind} "${name}" was registered in this process without a plugin file, so worker threads cannot load it; ` +
            `put it in a module (export default { ${kind}s: [...] }) and pass its path in plugins (--plugin PATH)`,
        );
      }
      add(plugin);
    }
  };
  need('variant', used.variants, isBuiltinVariant);
  need('task', used.tasks, isBuiltinTask);
  return refs;
}
