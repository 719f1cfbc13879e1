/**
 * Defaults shared by the presets and the CLI.
 */
import type { BackendName } from '../engine/types.js';

/**
 * Gradient flow is on unless switched off: measuring it costs two extra
 * forward/backward passes of one batch per cell. Measured (reference
 * backend, hidden 32, batch 32; one probe timed against one training step,
 * interleaved, median of 60–150 pairs; lstm, rnn, gru at delayed-recall
 * gaps 5 and 40): a probe costs 0.94–1.04 training steps, so a cell's two
 * probes (about 2 training steps) are at most about 0.2% of a quick cell
 * (1000 steps; eval and test time only lower the share), about 0.1% of a
 * reference cell (2000 steps) and about 1.3% of a ci cell (150 steps). The report's gradient-flow figure adds about
 * 0.3 s per task. End-to-end runs (quick, delayed-recall, lstm, gap 5, 3
 * runs each way) could not resolve it: on the shared 2-core machine (load
 * 4–7) identical runs took 5–15 s (README, gradient-flow section).
 */
export const DEFAULT_GRADFLOW = true;

/**
 * The backend every preset uses unless a config says otherwise: the
 * WebAssembly SIMD float32 backend, checked against the float64 reference
 * by test/fast-agreement-training-step.test.ts. `--backend reference` is
 * the float64 ground truth (and what gradcheck always uses).
 */
export const DEFAULT_BACKEND: BackendName = 'fast';

/** Where `gapbench run` puts run folders when `--out` is not given (relative to the working directory). */
export const DEFAULT_RUNS_ROOT = 'results/runs';
