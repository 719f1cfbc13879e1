/** Backend selection: `reference` (float64 TS) or `fast` (WebAssembly SIMD, float32). */
import type { BackendName, Kernels } from '../types.js';
import { createFastKernels } from './fast.js';
import { ReferenceKernels } from './reference.js';

/** The backends `createKernels` accepts. */
/** Every backend; the config schema and the CLI take their choices from here. */
export const backendNames = ['fast', 'reference'] as const satisfies readonly BackendName[];

/** A fresh kernel set (with its own heap) of `backend`: 'reference' (float64) or 'fast' (float32 WebAssembly SIMD). */
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
