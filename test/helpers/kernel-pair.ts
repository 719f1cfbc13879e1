/**
 * A fast and a reference backend holding the same numbers, for the
 * fast-kernels-* tests: inputs are drawn once, rounded to float32, and written
 * into both heaps, so any difference after a kernel call is the fast
 * kernel's own (float32 arithmetic, activation approximations) or a bug.
 */
import { createFastKernels, type FastKernels } from '../../harness/engine/kernels/fast.js';
import { ReferenceKernels } from '../../harness/engine/kernels/reference.js';
import type { Rng } from '../../harness/engine/rng.js';

export interface KernelPair {
  readonly fast: FastKernels;
  readonly ref: ReferenceKernels;
  readonly n: number;
}

/** Both backends with a heap of n numbers. */
export function kernelPair(n: number): KernelPair {
  const fast = createFastKernels();
  const ref = new ReferenceKernels();
  fast.reserve(n);
  ref.reserve(n);
  return { fast, ref, n };
}

/** heap[off .. off+len) = the same U(±scale) draws (float32) on both backends. */
export function fillBoth(p: KernelPair, off: number, len: number, rng: Rng, scale: number): void {
  const f = p.fast.heap;
  const r = p.ref.heap;
  for (let k = 0; k < len; k++) {
    f[off + k] = (2 * rng() - 1) * scale;
    r[off + k] = f[off + k]!;
  }
}

/** Every 7th number in heap[off .. off+len) becomes ±30 or ±100 on both backends: gates saturate, tanh and σ must stay finite and exact. */
export function saturate(p: KernelPair, off: number, len: number, rng: Rng): void {
  const big = [30, -30, 100, -100];
  for (let k = 0; k < len; k += 7) {
    const v = big[Math.floor(rng() * 4)]!;
    p.fast.heap[off + k] = v;
    p.ref.heap[off + k] = v;
  }
}

/** Writes the given values (rounded to float32) at off on both backends. */
export function setBoth(p: KernelPair, off: number, values: ArrayLike<number>): void {
  p.fast.heap.set(values, off);
  p.ref.heap.set(p.fast.heap.subarray(off, off + values.length), off);
}

/**
 * ‖fast − ref‖₂ / max(‖ref‖₂, 1e-20) over heap[off .. off+len). The fast
 * kernels write any |v| < 2⁻¹⁰⁰ ≈ 7.9e-31 as 0 (see asm/kernels.ts, flush to
 * zero), so an output whose whole norm is tiny (say dc·f with f = σ(−100))
 * is graded absolutely: flushing costs at most √len·7.9e-31, far under
 * 1e-5 · 1e-20, while any real disagreement in an output of ordinary size
 * is still measured relative to its norm.
 */
export function normwiseError(p: KernelPair, off: number, len: number): number {
  return diffNorm(p, off, len) / Math.max(norm(p.ref.heap, off, len), 1e-20);
}

/** ‖fast − ref‖₂ over heap[off .. off+len). */
export function diffNorm(p: KernelPair, off: number, len: number): number {
  const f = p.fast.heap;
  const r = p.ref.heap;
  let s = 0;
  for (let k = 0; k < len; k++) {
    const d = f[off + k]! - r[off + k]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** ‖h[off .. off+len)‖₂. */
export function norm(h: ArrayLike<number>, off: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += h[off + k]! * h[off + k]!;
  return Math.sqrt(s);
}

/** A copy of the fast heap, to check later that a kernel wrote nothing else. */
export function snapshot(p: KernelPair): Float32Array {
  return p.fast.heap.slice();
}

/**
 * Indices outside the [off, off+len) regions where the fast heap differs
 * from `before` (the first few, for the failure message).
 */
export function strayWrites(p: KernelPair, before: Float32Array, regions: readonly (readonly [number, number])[]): number[] {
  const h = p.fast.heap;
  const sorted = [...regions].sort((x, y) => x[0] - y[0]);
  const stray: number[] = [];
  let k = 0;
  const scan = (end: number): void => {
    for (; k < end && stray.length < 5; k++) if (!Object.is(h[k], before[k])) stray.push(k);
  };
  for (const [off, len] of sorted) {
    scan(off);
    k = Math.max(k, off + len);
  }
  scan(h.length);
  return stray;
}

/**
 * Hands out buffers one after another with a 3-number gap between them, from
 * an odd start, so no buffer is 16-byte aligned and stray writes land in gaps.
 */
export class Arena {
  size = 3;

  take(len: number): number {
    const off = this.size;
    this.size += len + 3;
    return off;
  }
}

/** Copies heap[off .. off+len) of the reference (rounded to float32) into both heaps. */
export function syncFromRef(p: KernelPair, off: number, len: number): void {
  setBoth(p, off, p.ref.heap.subarray(off, off + len));
}
