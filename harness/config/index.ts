/** Experiment configuration: schema, presets, resolution and hashing. */
export { ConfigError } from './errors.js';
export { DEFAULT_BACKEND, DEFAULT_RUNS_ROOT } from './defaults.js';
export { canonicalJson, configHash, hashedFields } from './hash.js';
export { DEFAULT_PRESET, isPresetName, presetNames, presets, type PresetName } from './presets.js';
export { parseFlags, readConfigFile, resolveConfig, validateConfig, type ConfigSources, type ResolvedConfig, type Source } from './resolve.js';
export { BACKENDS, fieldInfo, type ExperimentConfig, type ExperimentInput, type RunOptionsConfig } from './schema.js';
