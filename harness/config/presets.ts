/**
 * Named experiment presets (DESIGN.md, Training protocol and presets).
 *
 * - `reference` is fixed: an independent implementation's results are held
 *   against it. Do not change a number here.
 * - `quick` is the default of `gapbench run`: minutes on a 2-core laptop,
 *   large enough that the figure shows the long-term dependency problem.
 * - `ci`: all tasks and variants, two small gaps, two replicates, about 6 s
 *   on 2 cores; the regression check and end-to-end tests use it.
 *
 * How `quick` was chosen (fast backend, 2 cores): gaps doubling from 5 to
 * 40 on a log axis, hidden 32, lr 1e-2, 1000 steps. At gap 40 the rnn is at
 * or near chance on copy and adding while gated cells stay far above it on
 * adding (≥ 0.92) and coupled still copies (0.44 vs 0.13); lr 3e-3 or 5e-3
 * left gated cells short of that at 40. Delayed recall is a plateau within
 * this budget: at gap 20 only coupled among the gated cells finds it, and
 * the rnn's replicates split (one solves gap 40, one stays at chance); the
 * figure shows that honestly. About 3½ min of cell time (README, What to
 * expect, has the table).
 */
import { DEFAULT_BACKEND } from './defaults.js';
import type { ExperimentInput } from './schema.js';

const ALL_TASKS = ['copy', 'adding', 'delayed-recall'];
const ALL_VARIANTS = ['rnn', 'lstm', 'peephole', 'coupled', 'gru'];

/** Adam (β 0.9/0.999, ε 1e-8) with global-norm clipping at 1.0, shared by every preset. */
const OPTIMIZER = { clip: 1.0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** The named presets (`quick`, `reference`, `ci`), each a complete experiment input. */
export const presets = {
  quick: {
    tasks: ALL_TASKS,
    variants: ALL_VARIANTS,
    gaps: [5, 10, 20, 40],
    replicates: 2,
    seed: '1',
    hidden: 32,
    batch: 32,
    lr: 1e-2,
    steps: 1000,
    evalEvery: 100,
    evalSize: 128,
    testSize: 256,
    ...OPTIMIZER,
    solvedThreshold: 0.95,
    backend: DEFAULT_BACKEND,
  },
  reference: {
    tasks: ALL_TASKS,
    variants: ALL_VARIANTS,
    gaps: [10, 20, 50, 100, 200],
    replicates: 3,
    seed: '1',
    hidden: 64,
    batch: 32,
    lr: 1e-3,
    steps: 2000,
    evalEvery: 250,
    evalSize: 256,
    testSize: 1000,
    ...OPTIMIZER,
    solvedThreshold: 0.95,
    backend: DEFAULT_BACKEND,
  },
  ci: {
    tasks: ALL_TASKS,
    variants: ALL_VARIANTS,
    gaps: [4, 12],
    replicates: 2,
    seed: '1',
    hidden: 16,
    batch: 16,
    lr: 1e-2,
    steps: 150,
    evalEvery: 50,
    evalSize: 64,
    testSize: 128,
    ...OPTIMIZER,
    solvedThreshold: 0.95,
    backend: DEFAULT_BACKEND,
  },
} satisfies Record<string, ExperimentInput>;

export type PresetName = keyof typeof presets;

/** Preset names in declaration order. */
export const presetNames = Object.keys(presets) as readonly PresetName[];

/** The preset `gapbench run` uses when none is named. */
export const DEFAULT_PRESET: PresetName = 'quick';

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
