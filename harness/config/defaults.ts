/**
 * Defaults shared by the presets and the CLI.
 */
import type { BackendName } from '../engine/types.js';

/**
 * Gradient flow is on unless switched off: measuring it costs two extra
 * forward/backward passes of one batch per cell, under 1% of a cell of the
 * quick preset (and 3% of the tiny ci cells).
 */
export const DEFAULT_GRADFLOW = true;

/**
 * The backend every preset uses unless a config says otherwise. One constant
 * so it flips in one place once the fast backend is built and checked
 * against the reference one ('fast' is the intended default).
 */
export const DEFAULT_BACKEND: BackendName = 'reference';

/** Where `gapbench run` puts run folders when `--out` is not given (relative to the working directory). */
export const DEFAULT_RUNS_ROOT = 'results/runs';
