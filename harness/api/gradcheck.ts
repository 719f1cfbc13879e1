/**
 * `gradcheck` of the public API: the finite-difference check of
 * `gapbench gradcheck` for any variant, built-in or your own, with the
 * verdict of the CLI's `--json` output.
 */
import { gradcheck as checkGradients, gradcheckThreshold, type GradcheckOptions, type GradcheckResult } from '../engine/gradcheck.js';
import type { Variant } from '../engine/types.js';
import { checkVariant } from '../plugins/define.js';
import { getVariant } from '../../variants/index.js';

/** Options of `gradcheck`: problem shape, seeds, losses, step, and the accepted error. */
export interface GradcheckRunOptions extends GradcheckOptions {
  /** Largest normwise relative error accepted per tensor (default 1e-6). */
  readonly threshold?: number;
}

/** `{ threshold, ok, results }`, the shape of `gapbench gradcheck --json`. */
export interface GradcheckReport {
  readonly threshold: number;
  /** Whether every tensor's error is below the threshold. */
  readonly ok: boolean;
  /** One entry per (loss, tensor): the worst normwise relative error over the seeds; tensor `x` is the input. */
  readonly results: GradcheckResult[];
}

/**
 * Compares the analytic gradients of `variant` (a Variant, or a registered
 * name) with central finite differences on small random problems, for
 * every parameter tensor and the inputs, with the CE and MSE heads, on the
 * float64 reference backend:  err = ‖analytic − numeric‖ / max(‖·‖, ‖·‖).
 */
export function gradcheck(variant: Variant | string, options: GradcheckRunOptions = {}): GradcheckReport {
  const v = typeof variant === 'string' ? getVariant(variant) : variant;
  checkVariant(v, 'gradcheck');
  const threshold = options.threshold ?? gradcheckThreshold;
  if (!(threshold > 0)) throw new RangeError(`gradcheck: threshold ${threshold} must be a positive number (default ${gradcheckThreshold})`);
  const results = checkGradients(v, options);
  return { threshold, ok: results.every((r) => r.max_rel_err < threshold), results };
}
