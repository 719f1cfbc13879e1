/**
 * gapbench as a library: `import { defineVariant, gradcheck, runExperiment } from 'gapbench'`.
 *
 * Bring your own cell or task:
 *   1. write it as a plugin module (ES module) whose default export is
 *      `{ variants: [defineVariant({...})], tasks: [defineTask({...})] }`;
 *   2. check its gradients: `gradcheck(myCell)` or `gapbench gradcheck --plugin ./my-cell.js`;
 *   3. run it against the built-ins: `runExperiment({ preset: 'ci', plugins: ['./my-cell.js'],
 *      variants: ['my-cell', 'lstm', 'gru'] })` or `gapbench run --plugin ./my-cell.js ...`.
 * Cells train in worker threads, which load the same plugin files; a run
 * folder records each plugin's path and sha256, and the config hash covers
 * the content hashes.
 *
 * A cell runs on both backends when it uses only the `Kernels` calls
 * (gemm, affine, gemmTN, gemmNT, addRows, sumRows, ...) plus plain loops over
 * `k.heap` for its pointwise math: the heap is a Float64Array on the
 * reference backend and a Float32Array (WebAssembly memory) on the fast
 * one. Read `k.heap` inside each forward/backward call, never keep it.
 */

// ── Defining cells and tasks ────────────────────────────────────────────

/** Typed identity helpers that check a Variant / TaskDefinition when it is defined (ConfigError naming the field). */
export { defineVariant, defineTask, checkVariant, checkTaskDefinition } from './plugins/define.js';

// ── Registries ──────────────────────────────────────────────────────────

/** The variant registry: look up, list (a live list: plugins append) and add cells; `isBuiltinVariant` tells gapbench's own. */
export { getVariant, registerVariant, isBuiltinVariant, variantNames, builtinVariants, extraVariants } from '../variants/index.js';
/** The task registry: look up, build with options, list (a live list: plugins append) and add task families. */
export { getTask, getTaskDefinition, registerTask, isBuiltinTask, allTaskNames as taskNames, tasks as builtinTasks } from '../tasks/index.js';

// ── Plugins ─────────────────────────────────────────────────────────────

/** Load plugin files into this process (what `--plugin` does); idempotent by content hash. */
export { loadPlugin, loadPlugins, loadPluginRefs, loadedPlugins, pluginHash } from './plugins/load.js';

// ── Checking and running ────────────────────────────────────────────────

/** Finite-difference gradient check of any variant: `{ threshold, ok, results }` like `gapbench gradcheck --json`. */
export { gradcheck } from './api/gradcheck.js';
/** The gradient check's default threshold (1e-6) and problem shape. */
export { gradcheckThreshold, defaultGradcheckShape, normwiseRelError } from './engine/gradcheck.js';
/** Run an experiment like `gapbench run`, from the object a config file holds. */
export { runExperiment } from './api/experiment.js';
/** Presets (`quick`, `reference`, `ci`), config validation and the config hash, as `gapbench run` uses them. */
export { presets, presetNames, DEFAULT_PRESET } from './config/presets.js';
export { validateConfig } from './config/resolve.js';
export { configHash } from './config/hash.js';
/** The error of bad user input (config, plugin, run folder); the CLI exits 2 on it. */
export { ConfigError } from './config/errors.js';
/** Training one cell in this process (no worker), as a worker does. */
export { trainCell } from './runner/train-cell.js';

// ── Numeric core ────────────────────────────────────────────────────────

/** The kernels of a backend: 'reference' (float64 TypeScript) or 'fast' (float32 WebAssembly SIMD). */
export { createKernels, backendNames } from './engine/kernels/index.js';
/** The sequence driver: a variant over T steps, readout, loss, BPTT and Adam, in one heap. */
export { Model } from './engine/model.js';
/** Seeded random streams keyed by readable strings (no global RNG). */
export { makeRng, randInt } from './engine/rng.js';

// ── Types ───────────────────────────────────────────────────────────────

/** The cell contract and what a step sees (harness/engine/types.ts). */
export type { Variant, Kernels, StepView, ParamSpec, InitSpec, GateProbe, LstmPointwise, Heap, BackendName } from './engine/types.js';
/** The task contract (tasks/types.ts). */
export type { Task, TaskDefinition, LossKind } from '../tasks/types.js';
/** A plugin module's default export, and a plugin as a run records it. */
export type { PluginModule, PluginRef, LoadedPlugin } from './plugins/types.js';
/** Config shapes: a config file / `runExperiment` spec, a complete input, and the resolved config. */
export type { ConfigFileInput, ExperimentInput, ExperimentConfig } from './config/schema.js';
export type { ExperimentSpec, ExperimentResult } from './api/experiment.js';
/** Run options, progress events and the runner's result. */
export type { RunExperimentOptions, RunExperimentResult, RunEvent } from './runner/run.js';
/** Result rows (one per cell, a union on `status`), cell specs and learning-curve points. */
export type { CellRow, OkRow, DivergedRow, ErrorRow, CellSpec, CellStatus, CurvePoint } from './runner/types.js';
/** Gradient-check options and results. */
export type { GradcheckReport, GradcheckRunOptions } from './api/gradcheck.js';
export type { GradcheckOptions, GradcheckResult, GradcheckShape } from './engine/gradcheck.js';
/** The driver's shape and random streams. */
export type { ModelShape } from './engine/model.js';
export type { Rng } from './engine/rng.js';
