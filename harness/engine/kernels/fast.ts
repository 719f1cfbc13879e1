/**
 * The fast backend: the kernels of harness/engine/kernels/asm/kernels.ts,
 * compiled to WebAssembly SIMD by `npm run build`
 * (harness/engine/kernels/build-wasm.mjs → dist/harness/engine/kernels/kernels.wasm),
 * over a float32 heap that is a view of the instance's own WebAssembly.Memory.
 *
 * The module is compiled once per process (synchronously, so a cell can be
 * created synchronously); every FastKernels instance gets its own instance
 * and memory, so cells never share numbers. The heap starts at the module's
 * `heapBase()` byte; heap offset k is byte base + 4k.
 *
 * The kernels use relaxed SIMD's fused multiply-add (see asm/kernels.ts).
 * Node 20 validates relaxed SIMD only under the V8 flag
 * --experimental-wasm-relaxed-simd; when the module does not validate
 * without it, the flag is switched on here (process-wide: it only adds
 * WebAssembly instructions) before compiling. `fastFused()` says whether
 * this machine fuses; run folders and baselines record it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { Kernels, LstmPointwise } from '../types.js';

/** The exports of kernels.wasm (pointers are byte addresses, see asm/kernels.ts). */
interface WasmKernels {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  fusedMultiplyAdd(a: number, b: number, c: number): number;
  zero(p: number, bytes: number): void;
  gemm(M: number, N: number, K: number, a: number, b: number, c: number, beta: number): void;
  gemmTN(M: number, N: number, K: number, a: number, b: number, c: number): void;
  gemmNT(M: number, N: number, K: number, a: number, b: number, c: number, beta: number): void;
  addRows(M: number, N: number, bias: number, c: number): void;
  affine(M: number, N: number, K1: number, a1: number, b1: number, K2: number, a2: number, b2: number, bias: number, c: number): void;
  sumRows(M: number, N: number, dc: number, db: number): void;
  rnnForward(n: number, pre: number, h: number): void;
  rnnBackward(n: number, h: number, dh: number, dpre: number): void;
  lstmForward(B: number, H: number, G: number, gates: number, cPrev: number, c: number, tc: number, h: number,
    pf: number, pi: number, po: number): void;
  lstmBackward(B: number, H: number, G: number, gates: number, cPrev: number, c: number, tc: number,
    pf: number, pi: number, po: number, dh: number, dc: number, dcPrev: number, dgates: number,
    dpf: number, dpi: number, dpo: number): void;
  gruGatesForward(B: number, H: number, zr: number, hPrev: number, rh: number): void;
  gruOutputForward(B: number, H: number, zr: number, hc: number, hPrev: number, h: number): void;
  gruOutputBackward(B: number, H: number, zr: number, hc: number, hPrev: number, dh: number, dzr: number, dhc: number, dhPrev: number): void;
  gruGatesBackward(B: number, H: number, zr: number, hPrev: number, drh: number, dzr: number, dhPrev: number): void;
}

const PAGE = 65536;

// Next to the compiled fast.js (dist/harness/engine/kernels/, also in the
// published package), or in the repository's dist/ when this file runs from
// source (vitest).
const candidates: readonly URL[] = [
  new URL('./kernels.wasm', import.meta.url),
  new URL('../../../dist/harness/engine/kernels/kernels.wasm', import.meta.url),
];

function wasmFile(): string | undefined {
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Whether kernels.wasm has been built and this runtime accepts it (WebAssembly SIMD). */
export function fastAvailable(): boolean {
  try {
    compiled();
    return true;
  } catch {
    return false;
  }
}

let cached: WebAssembly.Module | undefined;

function compiled(): WebAssembly.Module {
  if (cached !== undefined) return cached;
  const path = wasmFile();
  if (path === undefined) {
    const looked = candidates.map((u) => fileURLToPath(u)).join(', ');
    throw new Error(`backend "fast": kernels.wasm is missing (looked in ${looked}); run \`npm run build\` to compile it, or use --backend reference`);
  }
  const bytes = readFileSync(path);
  if (!WebAssembly.validate(bytes)) setFlagsFromString('--experimental-wasm-relaxed-simd');
  try {
    cached = new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`backend "fast": ${path} does not compile here (${(e as Error).message}); it needs WebAssembly SIMD and relaxed SIMD (Node >= 20); rebuild with \`npm run build\` or use --backend reference`);
  }
  return cached;
}

let fused: boolean | undefined;

/**
 * Whether the fast kernels' multiply-adds are fused (one rounding) on this
 * machine: true wherever the CPU has FMA. Results of the fast backend are
 * bit-identical only between machines that agree on this.
 */
export function fastFused(): boolean {
  if (fused !== undefined) return fused;
  const probe = new WebAssembly.Instance(compiled(), {}).exports as unknown as WasmKernels;
  const e = 2 ** -23;
  // (1 + ε)(1 − ε) − 1 = −ε² exactly with one rounding; 0 if the product is rounded first.
  fused = probe.fusedMultiplyAdd(1 + e, 1 - e, -1) !== 0;
  return fused;
}

/** Float32 kernels in WebAssembly SIMD; same functions as ReferenceKernels. */
export class FastKernels implements Kernels {
  readonly backend = 'fast' as const;
  private readonly wasm: WasmKernels;
  private readonly memory: WebAssembly.Memory;
  /** Byte address of heap[0]. */
  private readonly base: number;
  /** Numbers in the heap view: the largest n ever reserved. */
  private size = 0;
  private view: Float32Array;

  constructor(mod: WebAssembly.Module = compiled()) {
    this.wasm = new WebAssembly.Instance(mod, {}).exports as unknown as WasmKernels;
    this.memory = this.wasm.memory;
    this.base = this.wasm.heapBase();
    this.view = new Float32Array(this.memory.buffer, 0, 0);
  }

  /** The arena; rebuilt here if the memory's buffer was replaced by a grow. */
  get heap(): Float32Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer, this.base, this.size);
    return this.view;
  }

  reserve(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new Error(`reserve: n must be a non-negative integer, got ${n}`);
    const bytes = this.base + 4 * n;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      const pages = Math.ceil((bytes - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch (e) {
        throw new Error(`reserve: cannot grow the fast heap to ${n} numbers (${bytes} bytes): ${(e as Error).message}; use a smaller batch, hidden size or sequence length`);
      }
    }
    if (n > this.size) this.size = n;
    this.view = new Float32Array(this.memory.buffer, this.base, this.size);
    this.wasm.zero(this.base, 4 * n);
  }

  private p(off: number): number {
    return this.base + 4 * off;
  }

  /** Peephole offsets: -1 (absent) becomes byte address 0, which the kernels read as absent. */
  private opt(off: number): number {
    return off < 0 ? 0 : this.base + 4 * off;
  }

  gemm(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void {
    this.wasm.gemm(M, N, K, this.p(a), this.p(b), this.p(c), beta);
  }

  gemmTN(M: number, N: number, K: number, a: number, b: number, c: number): void {
    this.wasm.gemmTN(M, N, K, this.p(a), this.p(b), this.p(c));
  }

  gemmNT(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void {
    this.wasm.gemmNT(M, N, K, this.p(a), this.p(b), this.p(c), beta);
  }

  affine(M: number, N: number, K1: number, a1: number, b1: number, K2: number, a2: number, b2: number, bias: number, c: number): void {
    this.wasm.affine(M, N, K1, this.p(a1), this.p(b1), K2, this.p(a2), this.p(b2), this.p(bias), this.p(c));
  }

  addRows(M: number, N: number, bias: number, c: number): void {
    this.wasm.addRows(M, N, this.p(bias), this.p(c));
  }

  sumRows(M: number, N: number, dc: number, db: number): void {
    this.wasm.sumRows(M, N, this.p(dc), this.p(db));
  }

  rnnForward(n: number, pre: number, h: number): void {
    this.wasm.rnnForward(n, this.p(pre), this.p(h));
  }

  rnnBackward(n: number, h: number, dh: number, dpre: number): void {
    this.wasm.rnnBackward(n, this.p(h), this.p(dh), this.p(dpre));
  }

  lstmForward(s: LstmPointwise): void {
    this.wasm.lstmForward(s.B, s.H, s.G, this.p(s.gates), this.p(s.cPrev), this.p(s.c), this.p(s.tc), this.p(s.h),
      this.opt(s.pf), this.opt(s.pi), this.opt(s.po));
  }

  lstmBackward(s: LstmPointwise): void {
    this.wasm.lstmBackward(s.B, s.H, s.G, this.p(s.gates), this.p(s.cPrev), this.p(s.c), this.p(s.tc),
      this.opt(s.pf), this.opt(s.pi), this.opt(s.po), this.p(s.dh), this.p(s.dc), this.p(s.dcPrev), this.p(s.dgates),
      this.opt(s.dpf), this.opt(s.dpi), this.opt(s.dpo));
  }

  gruGatesForward(B: number, H: number, zr: number, hPrev: number, rh: number): void {
    this.wasm.gruGatesForward(B, H, this.p(zr), this.p(hPrev), this.p(rh));
  }

  gruOutputForward(B: number, H: number, zr: number, hc: number, hPrev: number, h: number): void {
    this.wasm.gruOutputForward(B, H, this.p(zr), this.p(hc), this.p(hPrev), this.p(h));
  }

  gruOutputBackward(B: number, H: number, zr: number, hc: number, hPrev: number, dh: number, dzr: number, dhc: number, dhPrev: number): void {
    this.wasm.gruOutputBackward(B, H, this.p(zr), this.p(hc), this.p(hPrev), this.p(dh), this.p(dzr), this.p(dhc), this.p(dhPrev));
  }

  gruGatesBackward(B: number, H: number, zr: number, hPrev: number, drh: number, dzr: number, dhPrev: number): void {
    this.wasm.gruGatesBackward(B, H, this.p(zr), this.p(hPrev), this.p(drh), this.p(dzr), this.p(dhPrev));
  }

  zero(off: number, n: number): void {
    this.wasm.zero(this.p(off), 4 * n);
  }
}

/** A fast backend with an empty heap; throws (saying to run `npm run build`) if kernels.wasm is missing. */
export function createFastKernels(): FastKernels {
  return new FastKernels(compiled());
}
