/**
 * The flat parameter buffer: every tensor of a cell (and its readout) is a
 * named view `[rows × cols]` at an offset into one contiguous block, so the
 * optimizer and clipping walk one range (llm.c style).
 */
import type { Heap, ParamSpec } from './types.js';
import type { Rng } from './rng.js';

export interface ParamLayout {
  readonly specs: readonly ParamSpec[];
  /** Offset of each tensor relative to the start of the block. */
  readonly offsets: Readonly<Record<string, number>>;
  /** P: total numbers in the block. */
  readonly size: number;
}

/** The readout at answer steps: y = h · W_out + b_out. */
export function readoutSpecs(H: number, O: number): ParamSpec[] {
  return [
    { name: 'out.W', rows: H, cols: O, init: { kind: 'uniform' } }, // (H, O)
    { name: 'out.b', rows: 1, cols: O, init: { kind: 'uniform' } }, // (O)
  ];
}

export function layoutParams(specs: readonly ParamSpec[]): ParamLayout {
  const offsets: Record<string, number> = {};
  let size = 0;
  for (const s of specs) {
    if (s.name in offsets) throw new Error(`parameter "${s.name}" is declared twice; tensor names must be unique`);
    if (!Number.isInteger(s.rows) || !Number.isInteger(s.cols) || s.rows < 1 || s.cols < 1) {
      throw new Error(`parameter "${s.name}" has shape [${s.rows} × ${s.cols}]; rows and cols must be positive integers`);
    }
    offsets[s.name] = size;
    size += s.rows * s.cols;
  }
  return { specs, offsets, size };
}

/**
 * Default init (DESIGN.md): weights U(±1/√H), biases 0 except per-gate
 * constants (forget-gate bias 1). Draws in declaration order, row-major, so
 * the same key gives the same parameters on every backend. `Tmax` is the
 * longest dependency a chrono-initialised bias is set up for.
 */
export function initParams(heap: Heap, base: number, layout: ParamLayout, H: number, rng: Rng, Tmax: number): void {
  const scale = 1 / Math.sqrt(H);
  for (const s of layout.specs) {
    const off = base + layout.offsets[s.name]!;
    const n = s.rows * s.cols;
    const init = s.init;
    if (init.kind === 'uniform') {
      for (let i = 0; i < n; i++) heap[off + i] = (2 * rng() - 1) * scale;
    } else if (init.kind === 'zeros') {
      heap.fill(0, off, off + n);
    } else if (init.kind === 'identity-top') {
      heap.fill(0, off, off + n);
      for (let i = 0; i < Math.min(s.rows, s.cols); i++) heap[off + i * s.cols + i] = 1;
    } else if (init.kind === 'chrono') {
      if (n !== init.blocks * H) throw new Error(`parameter "${s.name}": chrono init needs ${init.blocks} gate blocks of H = ${H}, got ${n} numbers`);
      if (!(Tmax > 2)) throw new Error(`chrono init needs a dependency range T_max > 2, got ${Tmax}`);
      heap.fill(0, off, off + n);
      for (let j = 0; j < H; j++) {
        const bf = Math.log(1 + rng() * (Tmax - 2)); // log U[1, T_max − 1]
        heap[off + init.forget * H + j] = bf;
        if (init.input !== null) heap[off + init.input * H + j] = -bf;
      }
    } else {
      const blocks = init.values.length;
      if (n % blocks !== 0) throw new Error(`parameter "${s.name}": ${n} numbers do not split into ${blocks} gate blocks`);
      const w = n / blocks;
      for (let g = 0; g < blocks; g++) heap.fill(init.values[g]!, off + g * w, off + (g + 1) * w);
    }
  }
}
