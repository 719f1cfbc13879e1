/**
 * Contracts of the numeric core.
 *
 * Dimension letters, used in every shape comment:
 *   T = sequence length, B = batch (sequences), H = hidden size,
 *   X = input width, O = readout width, G = packed gate count, P = parameters.
 *
 * All numbers of one cell live in one typed array, the heap (Float64Array on
 * the reference backend, Float32Array over WebAssembly memory on the fast
 * backend). Every buffer is an offset into the heap; matrices are row-major.
 */

export type BackendName = 'reference' | 'fast';
/** The typed array every buffer offset points into: Float64Array (reference) or Float32Array (fast). */
export type Heap = Float64Array | Float32Array;

/**
 * The kernels one backend provides. Every argument that names a buffer is an
 * offset into `heap`. Variants express a step only through these calls (and,
 * for plugin cells, plain loops over `heap`).
 */
export interface Kernels {
  readonly backend: BackendName;
  /** The arena every offset points into. Replaced only by `reserve`. */
  readonly heap: Heap;
  /** Makes the heap hold at least `n` numbers, zeroed. Invalidates earlier views. */
  reserve(n: number): void;

  /** C[M×N] = beta·C + A[M×K] · B[K×N]  (beta 0 or 1). */
  gemm(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void;
  /** C[M×N] += A[K×M]ᵀ · B[K×N]  (weight gradients: inputᵀ · dpre). */
  gemmTN(M: number, N: number, K: number, a: number, b: number, c: number): void;
  /** C[M×N] = beta·C + A[M×K] · B[N×K]ᵀ  (input gradients: dpre · Wᵀ). */
  gemmNT(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void;
  /**
   * C[M×N] = A1[M×K1]·B1[K1×N] + A2[M×K2]·B2[K2×N] + bias[N] on every row:
   * a cell's pre-activations from h₋ and x. The same numbers, bit for bit,
   * as gemm(beta 0), gemm(beta 1), addRows; the fast backend does it in one
   * pass over C.
   */
  affine(M: number, N: number, K1: number, a1: number, b1: number, K2: number, a2: number, b2: number, bias: number, c: number): void;
  /** C[M×N] += bias[N] on every row. */
  addRows(M: number, N: number, bias: number, c: number): void;
  /** db[N] += Σ_rows dC[M×N]. */
  sumRows(M: number, N: number, dc: number, db: number): void;

  /** h[n] = tanh(pre[n]) in place on `pre`, copied to `h`. */
  rnnForward(n: number, pre: number, h: number): void;
  /** dpre[n] = dh[n] · (1 − h[n]²). */
  rnnBackward(n: number, h: number, dh: number, dpre: number): void;

  /**
   * LSTM-family pointwise step over gates[B×G·H] holding pre-activations on
   * entry and activations on exit (gate order f, i, ĉ, o; coupled: f, ĉ, o).
   * Peephole offsets are -1 when absent.
   */
  lstmForward(a: LstmPointwise): void;
  /** Reverse of `lstmForward`: writes dgates (pre-activation gradients) and dcPrev; adds peephole grads. */
  lstmBackward(a: LstmPointwise): void;

  /** zr[B×2H]: sigmoid in place (z | r); rh[B×H] = r · hPrev. */
  gruGatesForward(B: number, H: number, zr: number, hPrev: number, rh: number): void;
  /** hc[B×H]: tanh in place; h = (1 − z)·hPrev + z·hc. */
  gruOutputForward(B: number, H: number, zr: number, hc: number, hPrev: number, h: number): void;
  /** From dh: dhc_pre (into dhc), dz_pre (into dzr left half), dhPrev += (1 − z)·dh. */
  gruOutputBackward(B: number, H: number, zr: number, hc: number, hPrev: number, dh: number, dzr: number, dhc: number, dhPrev: number): void;
  /** From drh (gradient wrt r·hPrev): dr_pre (into dzr right half), dhPrev += r·drh. */
  gruGatesBackward(B: number, H: number, zr: number, hPrev: number, drh: number, dzr: number, dhPrev: number): void;

  /** Fills heap[off .. off+n) with zeros. */
  zero(off: number, n: number): void;
}

/** Arguments of the lstm-family pointwise kernels (offsets; -1 = absent). */
export interface LstmPointwise {
  B: number;
  H: number;
  /** 3 for coupled (i = 1 − f), 4 otherwise. */
  G: 3 | 4;
  /** [B×G·H] gate values (pre-activations on entry to forward). */
  gates: number;
  /** [B×H] */
  cPrev: number;
  /** [B×H] new cell state. */
  c: number;
  /** [B×H] tanh(c). */
  tc: number;
  /** [B×H] new hidden state. */
  h: number;
  /** [H] peepholes, or -1. */
  pf: number;
  pi: number;
  po: number;
  /** Backward: [B×H] gradient wrt h (in). */
  dh: number;
  /** Backward: [B×H] gradient wrt c from the future (in), and wrt cPrev (out, written to dcPrev). */
  dc: number;
  dcPrev: number;
  /** Backward: [B×G·H] pre-activation gradients (out). */
  dgates: number;
  /** Backward: peephole gradients (accumulated), or -1. */
  dpf: number;
  dpi: number;
  dpo: number;
}

/** How a parameter tensor is initialised (DESIGN.md, default init). */
export type InitSpec =
  | { readonly kind: 'uniform' } // U(±1/√H)
  | { readonly kind: 'zeros' }
  /** Per-gate constants over G blocks of H (e.g. forget-gate bias 1). */
  | { readonly kind: 'gate-blocks'; readonly values: readonly number[] }
  /**
   * Chrono init (Tallec & Ollivier 2018) of a packed bias of `blocks` gate
   * blocks: b_f ~ log U[1, T_max − 1] in block `forget`, b_i = −b_f in block
   * `input` (null when i is not a free gate), 0 elsewhere. T_max is the
   * sequence length of the cell.
   */
  | { readonly kind: 'chrono'; readonly blocks: number; readonly forget: number; readonly input: number | null }
  /** The identity matrix in the first min(rows, cols) rows, zeros below (IRNN recurrent weights). */
  | { readonly kind: 'identity-top' };

/** One named tensor of a cell: a view `[rows × cols]` into the flat buffer. */
export interface ParamSpec {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly init: InitSpec;
}

/**
 * Offsets of one time step. The driver fills one reusable object per step
 * (no allocation in the time loop). Gradient fields are used by backward.
 */
export interface StepView {
  B: number;
  H: number;
  X: number;
  /** Parameter and gradient offsets by tensor name. */
  readonly p: Record<string, number>;
  readonly g: Record<string, number>;
  /** [B×X] input x_t. */
  x: number;
  /** [B×H] states in (t−1) and out (t); c is -1 for cells without a cell state. */
  hPrev: number;
  h: number;
  cPrev: number;
  c: number;
  /** This step's private cache, `cacheSize(B, H)` numbers kept for backward. */
  cache: number;
  /** Scratch shared by all steps, `scratchSize(B, H, X)` numbers. */
  scratch: number;
  /** Backward: [B×H] dL/dh_t (in, complete), dL/dc_t (in). */
  dh: number;
  dc: number;
  /** Backward: [B×H] dL/dh_{t−1}, dL/dc_{t−1}: zeroed by the driver, the step adds into them. */
  dhPrev: number;
  dcPrev: number;
  /** Backward: [B×X] dL/dx_t: zeroed by the driver, the step adds into it. */
  dx: number;
}

/** A recurrent cell: parameters and one time step, forward and backward. */
export interface Variant {
  readonly name: string;
  /** One line for `gapbench list`. */
  readonly summary: string;
  /** The equations, one per line, as printed by `gapbench list`. */
  readonly equations: readonly string[];
  /** Whether the cell carries a cell state c besides h. */
  readonly hasCell: boolean;
  /** Parameter tensors for hidden size H and input width X (readout excluded). */
  params(H: number, X: number): readonly ParamSpec[];
  /** Numbers kept per time step for backward. */
  cacheSize(B: number, H: number): number;
  /** Numbers of scratch shared by all steps. */
  scratchSize(B: number, H: number, X: number): number;
  /** One step: reads x, hPrev, cPrev; writes h, c and this step's cache. */
  forward(k: Kernels, s: StepView): void;
  /** One step in reverse: from dh, dc adds into dhPrev, dcPrev, dx and the parameter gradients. */
  backward(k: Kernels, s: StepView): void;
  /** Where the gate that decides what is kept sits in the step cache (gradient-flow diagnostics). */
  readonly gate?: GateProbe;
}

/**
 * A gate stored in the cache as a column block: for batch row b and unit j
 * its activation is at cache + b·rowStride(H) + col(H) + j.
 */
export interface GateProbe {
  /** Equation name, e.g. `f` (forget) or `z` (update). */
  readonly name: string;
  rowStride(H: number): number;
  col(H: number): number;
}
