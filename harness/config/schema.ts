/**
 * The experiment configuration: one zod schema, strict (unknown keys are
 * rejected, never ignored), validated once at the edge. Inside gapbench only
 * the resolved, readonly `ExperimentConfig` travels.
 *
 * Two kinds of fields:
 * - experiment fields change results and are covered by the config hash;
 * - run options (workers, out, resume) say how and where to run and are not.
 */
import { z } from 'zod';
import { backendNames } from '../engine/kernels/index.js';
import type { BackendName } from '../engine/types.js';
import type { PluginRef } from '../plugins/types.js';
import { SEED_VALID, seedProblem } from './seed.js';

export const BACKENDS = backendNames;

const posInt = z.number().int().positive();
const posNum = z.number().positive().finite();
const name = z.string().min(1);

/** Experiment fields as a user writes them (preset, config file or flags). */
/** A base seed (rule: ./seed.ts); `saved` for a complete config, which keeps any non-empty text. */
function seedSchema(saved: boolean) {
  return z.union([z.string(), z.number()]).superRefine((value, ctx) => {
    const problem = seedProblem(value, saved);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}

export const experimentShape = {
  tasks: z.array(name).min(1),
  /** Per task, numeric options over the task's defaults, e.g. { "copy": { "copyLength": 5 } }. */
  taskOptions: z.record(name, z.record(name, z.number())),
  variants: z.array(name).min(1),
  gaps: z.array(posInt).min(1),
  /** How many replicates (0 … n−1) of every (task, variant, gap). */
  replicates: posInt,
  /** Base seed: the text at the head of every seed key (rule: ./seed.ts); an integer in JSON is its decimal text. */
  seed: seedSchema(false),
  /** One hidden size, or a list that becomes a grid axis. */
  hidden: z.union([posInt, z.array(posInt).min(1)]),
  batch: posInt,
  /** One Adam learning rate, or a list that becomes a grid axis. */
  lr: z.union([posNum, z.array(posNum).min(1)]),
  steps: posInt,
  evalEvery: posInt,
  evalSize: posInt,
  testSize: posInt,
  clip: posNum,
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: posNum,
  solvedThreshold: z.number().gt(0).max(1),
  backend: z.enum(BACKENDS),
  /** Record gradient flow (gradflow.csv) at init and after training; two extra passes per cell. */
  gradflow: z.boolean(),
  /**
   * Plugin modules providing variants or tasks: paths (relative to the
   * working directory, or to a config file's folder), or the refs of a
   * resolved config. They must be loaded first (harness/plugins/load.ts).
   */
  plugins: z.array(z.union([z.string().min(1), z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()])),
} as const;

/** Run options: not part of the config hash. */
export const runOptionsShape = {
  workers: posInt,
  out: z.string().min(1),
  resume: z.string().min(1),
} as const;

/** A complete experiment as a preset or `runExperiment` caller writes it. */
export const ExperimentInputSchema = z
  .object({
    ...experimentShape,
    // Also the config of a saved run: any non-empty seed text it holds stays valid (./seed.ts).
    seed: seedSchema(true),
    taskOptions: experimentShape.taskOptions.optional(),
    gradflow: experimentShape.gradflow.optional(),
    plugins: experimentShape.plugins.optional(),
  })
  .strict();
/** A complete experiment as written (before validation). */
export type ExperimentInput = z.input<typeof ExperimentInputSchema>;

/** A config file: any subset of the fields, plus the preset it starts from. */
export const ConfigFileSchema = z
  .object({ preset: name, ...experimentShape, ...runOptionsShape })
  .partial()
  .strict();
/** What a config file (or a `runExperiment` spec) holds: a preset, any experiment fields, and run options. */
export type ConfigFileInput = z.input<typeof ConfigFileSchema>;

/** The flags layer: same fields as a file, already split from yargs' own keys. */
export const FlagsSchema = ConfigFileSchema;

export type ExperimentField = keyof typeof experimentShape;
export type RunOptionField = keyof typeof runOptionsShape;
export const experimentFields = Object.keys(experimentShape) as readonly ExperimentField[];
export const runOptionFields = Object.keys(runOptionsShape) as readonly RunOptionField[];

/** The resolved experiment: every field present, axes as sorted lists, task options filled with defaults. */
export interface ExperimentConfig {
  readonly tasks: readonly string[];
  /** One entry per task in `tasks`, every option of the task resolved. */
  readonly taskOptions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly variants: readonly string[];
  /** Ascending, distinct. */
  readonly gaps: readonly number[];
  readonly replicates: number;
  readonly seed: string;
  /** Ascending, distinct; more than one value = a grid axis. */
  readonly hidden: readonly number[];
  readonly batch: number;
  /** Ascending, distinct; more than one value = a grid axis. */
  readonly lr: readonly number[];
  readonly steps: number;
  readonly evalEvery: number;
  readonly evalSize: number;
  readonly testSize: number;
  readonly clip: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly solvedThreshold: number;
  readonly backend: BackendName;
  /** gradflow.csv: ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) against distance to the answer, at init and trained. */
  readonly gradflow: boolean;
  /** Plugins whose variants or tasks the run uses, by absolute path and sha256; absent when none. */
  readonly plugins?: readonly PluginRef[];
}

/** Resolved run options. */
export interface RunOptionsConfig {
  readonly workers?: number;
  readonly out?: string;
  readonly resume?: string;
}

/** How each field is named on the command line and in a config file, and what is valid, for error messages and `--help`. */
export interface FieldInfo {
  /** The flag, or null when the field is set only in a config file. */
  readonly flag: string | null;
  readonly valid: string;
  /** A valid value as typed after the flag (`--gaps 10,20,50`); for a file-only field, as `json`. */
  readonly example: string;
  /** The same value as a config file writes it, JSON (`"gaps": [10, 20, 50]`). */
  readonly json: string;
}

export const fieldInfo = {
  preset: { flag: '--preset', valid: 'a preset name', example: 'quick', json: '"quick"' },
  tasks: { flag: '--tasks', valid: 'a non-empty list of task names', example: 'copy,adding', json: '["copy", "adding"]' },
  taskOptions: { flag: null, valid: 'an object of per-task numeric options', example: '{"copy": {"copyLength": 5}}', json: '{"copy": {"copyLength": 5}}' },
  variants: { flag: '--variants', valid: 'a non-empty list of variant names', example: 'rnn,lstm', json: '["rnn", "lstm"]' },
  gaps: { flag: '--gaps', valid: 'a non-empty list of positive integers (steps between information and answer)', example: '10,20,50', json: '[10, 20, 50]' },
  replicates: { flag: '--replicates', valid: 'a positive integer (how many replicates per cell)', example: '3', json: '3' },
  seed: { flag: '--seed', valid: SEED_VALID, example: '1', json: '"1"' },
  hidden: { flag: '--hidden', valid: 'a positive integer hidden size, or a list of them to sweep', example: '64', json: '64' },
  batch: { flag: '--batch', valid: 'a positive integer (sequences per training step)', example: '32', json: '32' },
  lr: { flag: '--lr', valid: 'a positive learning rate, or a list of them to sweep', example: '0.001', json: '0.001' },
  steps: { flag: '--steps', valid: 'a positive integer (training steps per cell)', example: '2000', json: '2000' },
  evalEvery: { flag: '--eval-every', valid: 'a positive integer (evaluate every N steps, and after the last)', example: '250', json: '250' },
  evalSize: { flag: null, valid: 'a positive integer (sequences per evaluation)', example: '256', json: '256' },
  testSize: { flag: null, valid: 'a positive integer (sequences in the test set)', example: '1000', json: '1000' },
  clip: { flag: null, valid: 'a positive global gradient-norm bound', example: '1', json: '1' },
  beta1: { flag: null, valid: 'a number in [0, 1)', example: '0.9', json: '0.9' },
  beta2: { flag: null, valid: 'a number in [0, 1)', example: '0.999', json: '0.999' },
  eps: { flag: null, valid: 'a positive number', example: '1e-8', json: '1e-8' },
  solvedThreshold: { flag: null, valid: 'an accuracy in (0, 1]', example: '0.95', json: '0.95' },
  backend: { flag: '--backend', valid: `one of ${BACKENDS.join(', ')}`, example: 'reference', json: '"reference"' },
  gradflow: { flag: '--gradflow', valid: 'true or false (--gradflow / --no-gradflow)', example: 'true', json: 'true' },
  plugins: { flag: '--plugin', valid: 'a list of plugin module paths (ES modules exporting { variants, tasks })', example: './mgu.js', json: '["./mgu.js"]' },
  workers: { flag: '--workers', valid: 'a positive integer (parallel worker threads)', example: '2', json: '2' },
  out: { flag: '--out', valid: 'a folder path', example: 'results/runs/my-sweep', json: '"results/runs/my-sweep"' },
  resume: { flag: '--resume', valid: 'the folder of an earlier run', example: 'results/runs/<run-id>', json: '"results/runs/<run-id>"' },
} as const satisfies Record<ExperimentField | RunOptionField | 'preset', FieldInfo>;

export type ConfigKey = keyof typeof fieldInfo;
export const configKeys = Object.keys(fieldInfo) as readonly ConfigKey[];
