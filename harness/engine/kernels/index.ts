/** Backend selection: `reference` (float64 TS) or `fast` (WebAssembly SIMD, float32). */
import type { BackendName, Kernels } from '../types.js';
import { createFastKernels } from './fast.js';
import { ReferenceKernels } from './reference.js';

export const backendNames: readonly BackendName[] = ['reference', 'fast'];

export function createKernels(backend: BackendName): Kernels {
  switch (backend) {
    case 'reference':
      return new ReferenceKernels();
    case 'fast':
      return createFastKernels();
    default:
      throw new Error(`unknown backend "${String(backend)}"; valid backends: ${backendNames.join(', ')}`);
  }
}
