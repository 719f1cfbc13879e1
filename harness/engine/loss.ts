/**
 * Losses at the answer steps. Both return the loss and write its gradient
 * with respect to the readout into `dy`.
 *   y, dy: (A_s, B, O) answer-step-major readouts; targets: (A_s, B).
 */
import type { Heap } from './types.js';

/**
 * Softmax cross-entropy, mean over B × A_s items:
 *   L = −(1/n) Σ log softmax(y)[target],  dy = (softmax(y) − onehot)/n.
 */
export function crossEntropy(heap: Heap, y: number, dy: number, targets: Float64Array, items: number, O: number): number {
  let loss = 0;
  const inv = 1 / items;
  for (let n = 0; n < items; n++) {
    const row = y + n * O;
    const drow = dy + n * O;
    const t = targets[n]!;
    if (!(t >= 0 && t < O && Number.isInteger(t))) {
      throw new Error(`target ${t} at item ${n} is not a class index in 0..${O - 1}`);
    }
    let max = -Infinity;
    for (let j = 0; j < O; j++) max = Math.max(max, heap[row + j]!);
    let sum = 0;
    for (let j = 0; j < O; j++) sum += Math.exp(heap[row + j]! - max);
    const logZ = max + Math.log(sum);
    loss += logZ - heap[row + t]!;
    for (let j = 0; j < O; j++) {
      const p = Math.exp(heap[row + j]! - logZ);
      heap[drow + j] = (p - (j === t ? 1 : 0)) * inv;
    }
  }
  return loss * inv;
}

/** Squared error, mean over B × A_s × O numbers (no ½): L = (1/n) Σ (y − t)², dy = 2(y − t)/n. */
export function meanSquaredError(heap: Heap, y: number, dy: number, targets: Float64Array, items: number, O: number): number {
  if (O !== 1) throw new Error(`mse loss needs a scalar readout (O = 1), got O = ${O}`);
  let loss = 0;
  const inv = 1 / items;
  for (let n = 0; n < items; n++) {
    const d = heap[y + n]! - targets[n]!;
    loss += d * d;
    heap[dy + n] = 2 * d * inv;
  }
  return loss * inv;
}
