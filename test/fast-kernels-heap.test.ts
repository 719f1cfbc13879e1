/**
 * The fast backend's heap: a Float32Array over the instance's own
 * WebAssembly memory. reserve(n) grows it (memory.grow replaces the buffer,
 * so earlier views go stale) and zeroes the first n numbers; the `heap`
 * getter always returns a live view; kernels keep working after growth; and
 * two instances never share numbers.
 */
import { describe, expect, it } from 'vitest';
import { createFastKernels, fastAvailable } from '../harness/engine/kernels/fast.js';

describe('fast backend heap', () => {
  it('is available once built, and named fast', () => {
    expect(fastAvailable()).toBe(true);
    expect(createFastKernels().backend).toBe('fast');
  });

  it('reserve zeroes, grows past many pages, and the heap getter stays valid', () => {
    const k = createFastKernels();
    expect(k.heap.length).toBe(0);
    k.reserve(10);
    expect(k.heap).toBeInstanceOf(Float32Array);
    expect(k.heap.length).toBe(10);
    k.heap.fill(5);
    k.reserve(8); // smaller: same memory, first 8 zeroed, the rest kept
    expect(Array.from(k.heap)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 5, 5]);

    const stale = k.heap;
    const n = 3 * 65536 + 17; // several 64 KiB pages past the first
    k.reserve(n);
    expect(stale.length).toBe(0); // detached by memory.grow
    expect(k.heap.length).toBe(n);
    expect(k.heap.every((v) => v === 0)).toBe(true);

    // A product at the far end of the grown heap: [1×2]·[2×3].
    const a = n - 11, b = n - 9, c = n - 3;
    k.heap.set([1, 2], a);
    k.heap.set([1, 2, 3, 4, 5, 6], b);
    k.gemm(1, 3, 2, a, b, c, 0);
    expect(Array.from(k.heap.subarray(c, c + 3))).toEqual([9, 12, 15]);
  });

  it('rejects a bad size naming it', () => {
    expect(() => createFastKernels().reserve(-1)).toThrow(/-1/);
    expect(() => createFastKernels().reserve(2.5)).toThrow(/2\.5/);
  });

  it('two instances have separate memories', () => {
    const k1 = createFastKernels();
    const k2 = createFastKernels();
    k1.reserve(4);
    k2.reserve(4);
    k1.heap.fill(3);
    expect(Array.from(k2.heap)).toEqual([0, 0, 0, 0]);
    k2.zero(0, 4);
    expect(Array.from(k1.heap)).toEqual([3, 3, 3, 3]);
  });
});
