/**
 * The plugin contract. A plugin is one ES module file whose default export
 * is a `PluginModule`:
 *
 *   export default { variants: [defineVariant({...})], tasks: [defineTask({...})] };
 *
 * gapbench reads only the default export. A run records each plugin as a
 * `PluginRef` (absolute path and sha256 of the file's bytes) in its config;
 * the config hash covers the content hashes only, so the same file at
 * another path gives the same hash.
 */
import type { Variant } from '../engine/types.js';
import type { TaskDefinition } from '../../tasks/types.js';

/** The default export of a plugin module. At least one list is non-empty. */
export interface PluginModule {
  /** Cells to register, each a full `Variant` (build them with `defineVariant`). */
  readonly variants?: readonly Variant[];
  /** Task families to register, each a `TaskDefinition` (build them with `defineTask`). */
  readonly tasks?: readonly TaskDefinition[];
}

/** A plugin as a run records it. */
export interface PluginRef {
  /** Absolute path the plugin was loaded from. */
  readonly path: string;
  /** sha256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/** A plugin loaded into this process, with the names it registered. */
export interface LoadedPlugin extends PluginRef {
  readonly variants: readonly string[];
  readonly tasks: readonly string[];
}
