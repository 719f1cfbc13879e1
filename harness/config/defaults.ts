/**
 * Defaults shared by the presets and the CLI.
 */
import type { BackendName } from '../engine/types.js';

/**
 * The backend every preset uses unless a config says otherwise. One constant
 * so it flips in one place once the fast backend is built and checked
 * against the reference one ('fast' is the intended default).
 */
export const DEFAULT_BACKEND: BackendName = 'reference';

/** Where `gapbench run` puts run folders when `--out` is not given (relative to the working directory). */
export const DEFAULT_RUNS_ROOT = 'results/runs';
