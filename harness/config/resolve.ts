/**
 * From user input to a resolved `ExperimentConfig`, validated once:
 *
 *   preset  <  config file (--config)  <  flags
 *
 * Each layer is checked on its own first, so a message names where the bad
 * value came from (`--steps`, `sweep.json: "steps"`); the merged result is
 * then checked as a whole and against the task and variant registries.
 * Every failure is a ConfigError naming the field, the value, what is valid
 * and the fix.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { z } from 'zod';
import { createKernels } from '../engine/kernels/index.js';
import { resolvePluginRefs } from '../plugins/load.js';
import { allTaskNames, getTask } from '../../tasks/index.js';
import { getVariant, variantNames } from '../../variants/index.js';
import { DEFAULT_GRADFLOW } from './defaults.js';
import { ConfigError, describeValue, didYouMean } from './errors.js';
import { DEFAULT_PRESET, isPresetName, presetNames, presets } from './presets.js';
import { seedText } from './seed.js';
import {
  ConfigFileSchema,
  ExperimentInputSchema,
  FlagsSchema,
  configKeys,
  experimentFields,
  fieldInfo,
  runOptionFields,
  type ConfigKey,
  type ExperimentConfig,
  type ExperimentField,
  type ExperimentInput,
  type FieldInfo,
  type RunOptionsConfig,
} from './schema.js';

/** Where a value came from, for messages. */
export type Source =
  | { readonly kind: 'flags' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'preset'; readonly name: string }
  | { readonly kind: 'run'; readonly dir: string }
  | { readonly kind: 'config' };

/** How `field` is named to the user, given where its value came from. */
export function fieldLabel(field: string, source: Source, path: readonly PropertyKey[] = []): string {
  const sub = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  switch (source.kind) {
    case 'flags': {
      // A flag's value is one typed string: name the flag, not an item of its list.
      const flag = (fieldInfo as Record<string, { flag: string | null }>)[field]?.flag;
      return flag ?? field;
    }
    case 'file':
      return `${source.path}: "${field}"${sub}`;
    case 'preset':
      return `preset ${source.name}: ${field}${sub}`;
    case 'run':
      return `config of run ${source.dir}: ${field}${sub}`;
    case 'config':
      return `config.${field}${sub}`;
  }
}

/** A valid value of `field` in the form of its source: after the flag for flags, JSON for a file or a config. */
function example(field: string, source: Source): string {
  const info = (fieldInfo as Record<string, FieldInfo>)[field];
  if (info === undefined) return '';
  if (source.kind === 'flags' && info.flag !== null) return `${info.flag} ${info.example}`;
  return `"${field}": ${info.json}`;
}

/** One line per zod issue: field, value, what is valid, the fix. */
export function formatIssues(error: z.ZodError, source: Source): string {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const where = head === undefined ? '' : `${fieldLabel(String(head), source, rest)}: `;
      const at = source.kind === 'file' ? `${source.path}: ` : source.kind === 'flags' ? '' : `${source.kind}: `;
      for (const key of issue.keys) {
        lines.push(`${at}${where}unknown key "${key}"${didYouMean(key, configKeys)}; valid keys: ${configKeys.join(', ')}`);
      }
      continue;
    }
    if (head === undefined) {
      lines.push(`${source.kind === 'file' ? `${source.path}: ` : ''}expected an object of settings, got ${describeValue(issue.input)}; write e.g. {"steps": 2000}`);
      continue;
    }
    const field = String(head);
    const info = (fieldInfo as Record<string, { valid: string }>)[field];
    // A refinement's message says what exactly is wrong with this value (e.g. a seed's whitespace).
    const valid = info === undefined ? issue.message : issue.code === 'custom' ? `${info.valid} (${issue.message})` : info.valid;
    lines.push(`${fieldLabel(field, source, rest)}: got ${describeValue(issue.input)}, expected ${valid}; e.g. ${example(field, source)}`);
  }
  return lines.join('\n');
}

function parseLayer<T>(schema: z.ZodType<T>, input: unknown, source: Source): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(result.error, source));
  return result.data;
}

/** Reads and parses a JSON config file; unreadable or malformed files are ConfigErrors. */
export function readConfigFile(path: string): z.output<typeof ConfigFileSchema> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`cannot read config file ${path} (${code}); check the path given to --config`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON (${(err as Error).message}); fix the syntax, e.g. {"preset": "ci", "gaps": [5, 10]}`);
  }
  const layer = parseLayer(ConfigFileSchema, json, { kind: 'file', path });
  // Plugin paths in a file are relative to the file, so the file works from any working directory.
  if (layer.plugins !== undefined) layer.plugins = layer.plugins.map((p) => (typeof p === 'string' ? resolvePath(dirname(path), p) : p));
  return layer;
}

/** The value of one flag as typed on the command line, turned into what the schema expects. */
function parseFlag(field: string, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  // The seed is text as typed: surrounding whitespace is refused by the seed rule (config/seed.ts), not dropped.
  if (field === 'seed') return raw;
  const text = raw.trim();
  const asNumber = (s: string): unknown => {
    const t = s.trim();
    const n = Number(t);
    return t !== '' && Number.isFinite(n) ? n : t;
  };
  switch (field) {
    case 'tasks':
    case 'variants':
      return text.split(',').map((s) => s.trim());
    case 'gaps':
      return text.split(',').map(asNumber);
    case 'hidden':
    case 'lr':
      return text.includes(',') ? text.split(',').map(asNumber) : asNumber(text);
    case 'gradflow':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'backend':
    case 'out':
    case 'resume':
    case 'preset':
      return text;
    default:
      return asNumber(text);
  }
}

/**
 * The flags layer from raw command-line values (strings, as typed). Keys
 * are schema field names; absent flags are undefined and skipped.
 */
export function parseFlags(raw: Readonly<Partial<Record<ConfigKey, unknown>>>): z.output<typeof FlagsSchema> {
  const layer: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    layer[field] = parseFlag(field, value);
  }
  return parseLayer(FlagsSchema, layer, { kind: 'flags' });
}

function checkNames(kind: 'task' | 'variant', names: readonly string[], valid: readonly string[], label: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (!valid.includes(n)) {
      throw new ConfigError(`${label}: unknown ${kind} "${n}"${didYouMean(n, valid)}; valid ${kind}s: ${valid.join(', ')} (a ${kind} of your own loads with --plugin FILE)`);
    }
    if (seen.has(n)) throw new ConfigError(`${label}: ${kind} "${n}" is listed twice; list each ${kind} once`);
    seen.add(n);
  }
}

function sortedDistinct(values: readonly number[], label: string): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new ConfigError(`${label}: ${String(sorted[i])} is listed twice; list each value once`);
    }
  }
  return sorted;
}

/**
 * Validates a complete experiment and resolves it: names checked against
 * the registries, gaps against every task, numeric axes sorted, task
 * options filled with their defaults. Idempotent on its own output.
 * `origin` says where each field came from, for messages.
 */
export function validateConfig(input: unknown, origin: (field: ExperimentField) => Source = () => ({ kind: 'config' })): ExperimentConfig {
  const result = ExperimentInputSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    // Report each issue against the layer its field came from.
    const first = result.error.issues[0];
    const field = first?.path[0];
    const source = typeof field === 'string' && (experimentFields as readonly string[]).includes(field) ? origin(field as ExperimentField) : { kind: 'config' as const };
    throw new ConfigError(formatIssues(result.error, source));
  }
  const c = result.data;
  const label = (field: ExperimentField): string => fieldLabel(field, origin(field));

  checkNames('task', c.tasks, allTaskNames, label('tasks'));
  checkNames('variant', c.variants, variantNames, label('variants'));
  for (const v of c.variants) getVariant(v);
  const plugins = resolvePluginRefs(c.plugins ?? [], { variants: c.variants, tasks: c.tasks }, label('plugins'));

  const gaps = sortedDistinct(c.gaps, label('gaps'));
  const hidden = sortedDistinct(Array.isArray(c.hidden) ? c.hidden : [c.hidden], label('hidden'));
  const lr = sortedDistinct(Array.isArray(c.lr) ? c.lr : [c.lr], label('lr'));

  const given = c.taskOptions ?? {};
  for (const t of Object.keys(given)) {
    if (!c.tasks.includes(t)) {
      throw new ConfigError(
        `${label('taskOptions')}: options for task "${t}", which is not in tasks (${c.tasks.join(', ')}); add "${t}" to tasks or remove its options`,
      );
    }
  }
  const taskOptions: Record<string, Readonly<Record<string, number>>> = {};
  for (const t of c.tasks) {
    let task;
    try {
      task = getTask(t, given[t]);
    } catch (err) {
      throw new ConfigError(`${label('taskOptions')}: ${(err as Error).message}`);
    }
    taskOptions[t] = { ...task.options };
    for (const g of gaps) {
      if (g < task.minGap) {
        throw new ConfigError(`${label('gaps')}: gap ${g} is below the minimum gap ${task.minGap} of task "${t}"; use gaps of at least ${task.minGap}, or drop ${t} from tasks`);
      }
      try {
        task.length(g);
      } catch (err) {
        throw new ConfigError(`${label('gaps')}: ${(err as Error).message}`);
      }
    }
  }

  try {
    createKernels(c.backend);
  } catch (err) {
    throw new ConfigError(`${label('backend')}: ${(err as Error).message}`);
  }

  return {
    tasks: [...c.tasks],
    taskOptions,
    variants: [...c.variants],
    gaps,
    replicates: c.replicates,
    seed: seedText(c.seed),
    hidden,
    batch: c.batch,
    lr,
    steps: c.steps,
    evalEvery: c.evalEvery,
    evalSize: c.evalSize,
    testSize: c.testSize,
    clip: c.clip,
    beta1: c.beta1,
    beta2: c.beta2,
    eps: c.eps,
    solvedThreshold: c.solvedThreshold,
    backend: c.backend,
    gradflow: c.gradflow ?? DEFAULT_GRADFLOW,
    ...(plugins.length > 0 ? { plugins } : {}),
  };
}

/** The inputs of `resolveConfig`. */
export interface ConfigSources {
  /** Raw flag values by field name (strings as typed, or already-typed values). */
  readonly flags?: Readonly<Partial<Record<ConfigKey, unknown>>>;
  /** Path of a JSON config file. */
  readonly file?: string;
  /**
   * The layer under the file and flags when no preset is named (used by
   * `--resume`: the run's own config). Without it the default preset is used.
   */
  readonly base?: { readonly config: ExperimentInput | ExperimentConfig; readonly source: Source };
}

export interface ResolvedConfig {
  readonly config: ExperimentConfig;
  readonly run: RunOptionsConfig;
  /** The preset the config started from, or null when it started from `base`. */
  readonly preset: string | null;
}

/** Merges preset < file < flags and validates the result. */
export function resolveConfig(sources: ConfigSources): ResolvedConfig {
  const flags = parseFlags(sources.flags ?? {});
  const filePath = sources.file;
  const file = filePath === undefined ? {} : readConfigFile(filePath);

  const presetName = flags.preset ?? file.preset ?? (sources.base === undefined ? DEFAULT_PRESET : undefined);
  let start: ExperimentInput | ExperimentConfig;
  let startSource: Source;
  if (presetName !== undefined) {
    if (!isPresetName(presetName)) {
      const where = flags.preset !== undefined ? '--preset' : `${filePath ?? 'config'}: "preset"`;
      throw new ConfigError(`${where}: unknown preset "${presetName}"${didYouMean(presetName, presetNames)}; valid presets: ${presetNames.join(', ')}`);
    }
    start = presets[presetName];
    startSource = { kind: 'preset', name: presetName };
  } else {
    const base = sources.base as NonNullable<ConfigSources['base']>;
    start = base.config;
    startSource = base.source;
  }

  const merged: Record<string, unknown> = { ...start };
  const origins = new Map<string, Source>();
  const fileSource: Source = { kind: 'file', path: filePath ?? '' };
  for (const field of experimentFields) {
    if (flags[field] !== undefined) {
      merged[field] = flags[field];
      origins.set(field, { kind: 'flags' });
    } else if (file[field] !== undefined) {
      merged[field] = file[field];
      origins.set(field, fileSource);
    }
  }
  const config = validateConfig(merged, (field) => origins.get(field) ?? startSource);

  const run: { workers?: number; out?: string; resume?: string } = {};
  for (const field of runOptionFields) {
    const value = flags[field] ?? file[field];
    if (value !== undefined) (run as Record<string, unknown>)[field] = value;
  }
  if (run.out !== undefined && run.resume !== undefined) {
    throw new ConfigError(`--out ${run.out} and --resume ${run.resume} both name the run folder; give only --resume DIR to continue a run, or only --out DIR for a new one`);
  }
  return { config, run, preset: presetName ?? null };
}
