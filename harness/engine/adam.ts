/**
 * Adam with global-norm gradient clipping over the flat parameter block.
 * Buffers (offsets into the heap): params, grads, m, v — each P numbers.
 */
import type { Heap } from './types.js';

export interface AdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Global-norm clip threshold; Infinity disables clipping. */
  readonly clip: number;
}

/** ‖g‖₂ over the whole block, accumulated in float64. */
export function gradNorm(heap: Heap, grads: number, P: number): number {
  let s = 0;
  for (let i = 0; i < P; i++) {
    const g = heap[grads + i]!;
    s += g * g;
  }
  return Math.sqrt(s);
}

export class Adam {
  /** Number of updates taken so far (bias correction uses it). */
  t = 0;

  constructor(
    private readonly opts: AdamOptions,
    private readonly P: number,
    private readonly params: number,
    private readonly grads: number,
    private readonly m: number,
    private readonly v: number,
  ) {}

  /**
   * One update. If ‖g‖ > clip the gradient is scaled by clip/(‖g‖ + 1e-6)
   * first (the convention of torch.nn.utils.clip_grad_norm_).
   * Returns the gradient norm before clipping.
   */
  step(heap: Heap): number {
    const { lr, beta1, beta2, eps, clip } = this.opts;
    const { P, params, grads, m, v } = this;
    const norm = gradNorm(heap, grads, P);
    const scale = norm > clip ? clip / (norm + 1e-6) : 1;
    this.t += 1;
    const c1 = 1 - Math.pow(beta1, this.t);
    const c2 = 1 - Math.pow(beta2, this.t);
    for (let i = 0; i < P; i++) {
      const g = heap[grads + i]! * scale;
      const mi = beta1 * heap[m + i]! + (1 - beta1) * g;
      const vi = beta2 * heap[v + i]! + (1 - beta2) * g * g;
      heap[m + i] = mi;
      heap[v + i] = vi;
      heap[params + i]! -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
    return norm;
  }
}
