/**
 * The sequence driver: owns time. A variant owns one step; the driver runs
 * it forward over T steps keeping what backward needs, applies the linear
 * readout at the answer steps, and runs BPTT in reverse.
 *
 * Arena (one heap per model, sized once for (T, Bmax, H, X, O); every
 * per-step stride uses the current batch size B ≤ Bmax):
 *   params  (P)               cell tensors then out.W (H, O), out.b (O)
 *   grads   (P)
 *   adam m  (P), adam v (P)
 *   x       (T, B, X)         inputs, time-major
 *   hs      (T+1, B, H)       hs[0] = 0, hs[t+1] = h_t
 *   cs      (T+1, B, H)       cell states (lstm family only)
 *   cache   (T, cacheSize)    per-step values kept for backward
 *   scratch (scratchSize)
 *   y, dy   (A_s, B, O)       readouts at answer steps and dL/dy
 *   dh0, dh1, dc0, dc1 (B, H) running state gradients (ping-pong)
 *   dx      (T, B, X)         input gradients (only if requested)
 */
import { Adam, type AdamOptions } from './adam.js';
import { crossEntropy, meanSquaredError } from './loss.js';
import { initParams, layoutParams, readoutSpecs, type ParamLayout } from './params.js';
import type { Rng } from './rng.js';
import type { Heap, Kernels, StepView, Variant } from './types.js';

export type LossKind = 'ce' | 'mse';

/** The sizes a Model is built for (its arena is allocated once from them). */
export interface ModelShape {
  /** T: sequence length. */
  readonly T: number;
  /** Bmax: the largest batch a forward/backward will see. */
  readonly Bmax: number;
  readonly H: number;
  readonly X: number;
  readonly O: number;
  /** 0-based answer steps, strictly ascending, each < T. */
  readonly answerSteps: readonly number[];
  readonly loss: LossKind;
  /** Keep dL/dx (gradient checks); off in training. */
  readonly inputGrad?: boolean;
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`model shape: ${name} = ${v} is invalid; it must be an integer ≥ ${min}`);
  }
}

/**
 * Per-step gradient norms recorded during backward: dh[t] is the batch mean
 * of ‖∂L/∂h_t‖ (complete: readout plus recurrence), dc[t] of ‖∂L/∂c_t‖
 * through the cell-state path (c_t perturbed after h_t is emitted).
 */
export interface StateProbe {
  readonly dh: Float64Array; // (T)
  readonly dc: Float64Array | null; // (T), cells with a cell state
}

/** A variant over a sequence: forward over T steps, readout and loss at the answer steps, BPTT, Adam; one heap. */
export class Model {
  readonly layout: ParamLayout;
  /** P: number of parameters (cell and readout). */
  readonly P: number;
  readonly params: number;
  readonly grads: number;
  private readonly adamM: number;
  private readonly adamV: number;
  private readonly x: number;
  private readonly hs: number;
  private readonly cs: number;
  private readonly cache: number;
  private readonly cacheStride: number;
  private readonly scratch: number;
  readonly y: number;
  private readonly dy: number;
  private readonly dhs: readonly [number, number];
  private readonly dcs: readonly [number, number];
  readonly dx: number;
  private readonly answerAt: Int32Array; // (T) answer index at step t, or −1
  private readonly step: StepView;
  /** Batch size of the last forward. */
  private B = 0;
  /** What the arena holds: backward needs a loss of a forward of the current inputs. */
  private phase: 'empty' | 'inputs' | 'forward' | 'loss' = 'empty';

  constructor(
    readonly variant: Variant,
    readonly shape: ModelShape,
    readonly k: Kernels,
  ) {
    const { T, Bmax, H, X, O, answerSteps } = shape;
    checkInt('T', T, 1);
    checkInt('Bmax', Bmax, 1);
    checkInt('H', H, 1);
    checkInt('X', X, 1);
    checkInt('O', O, 1);
    if (shape.loss === 'mse' && O !== 1) throw new Error(`model shape: mse loss needs a scalar readout, O = 1; got O = ${O}`);
    if (answerSteps.length === 0) throw new Error('model shape: answerSteps is empty; at least one answer step is needed');
    this.answerAt = new Int32Array(T).fill(-1);
    answerSteps.forEach((t, a) => {
      if (!Number.isInteger(t) || t < 0 || t >= T || (a > 0 && t <= answerSteps[a - 1]!)) {
        throw new Error(`model shape: answer steps [${answerSteps.join(', ')}] must be ascending integers in 0..${T - 1}`);
      }
      this.answerAt[t] = a;
    });

    this.layout = layoutParams([...variant.params(H, X), ...readoutSpecs(H, O)]);
    const P = (this.P = this.layout.size);
    const A = answerSteps.length;
    let top = 0;
    const take = (n: number): number => {
      const off = top;
      top += n;
      return off;
    };
    this.params = take(P);
    this.grads = take(P);
    this.adamM = take(P);
    this.adamV = take(P);
    this.x = take(T * Bmax * X);
    this.hs = take((T + 1) * Bmax * H);
    this.cs = variant.hasCell ? take((T + 1) * Bmax * H) : -1;
    this.cacheStride = variant.cacheSize(Bmax, H);
    this.cache = take(T * this.cacheStride);
    this.scratch = take(variant.scratchSize(Bmax, H, X));
    this.y = take(A * Bmax * O);
    this.dy = take(A * Bmax * O);
    this.dhs = [take(Bmax * H), take(Bmax * H)];
    this.dcs = variant.hasCell ? [take(Bmax * H), take(Bmax * H)] : [-1, -1];
    this.dx = shape.inputGrad ? take(T * Bmax * X) : -1;
    k.reserve(top);

    const p: Record<string, number> = {};
    const g: Record<string, number> = {};
    for (const s of this.layout.specs) {
      p[s.name] = this.params + this.layout.offsets[s.name]!;
      g[s.name] = this.grads + this.layout.offsets[s.name]!;
    }
    this.step = {
      B: 0, H, X, p, g, x: 0, hPrev: 0, h: 0, cPrev: -1, c: -1, cache: 0, scratch: this.scratch,
      dh: 0, dc: -1, dhPrev: 0, dcPrev: -1, dx: -1,
    };
  }

  get heap(): Heap {
    return this.k.heap;
  }

  /** Offset of a named parameter tensor (or its gradient with `grad`). */
  offset(name: string, grad = false): number {
    const o = this.layout.offsets[name];
    if (o === undefined) {
      throw new Error(`unknown parameter "${name}"; tensors: ${this.layout.specs.map((s) => s.name).join(', ')}`);
    }
    return (grad ? this.grads : this.params) + o;
  }

  /** The variant's init (DESIGN.md default) from `rng`; resets the optimizer state. T_max = T. */
  init(rng: Rng): void {
    initParams(this.k.heap, this.params, this.layout, this.shape.H, rng, this.shape.T);
    this.k.zero(this.adamM, 2 * this.P);
  }

  /** An Adam optimizer over this model's flat parameter block. */
  adam(opts: AdamOptions): Adam {
    return new Adam(opts, this.P, this.params, this.grads, this.adamM, this.adamV);
  }

  /** Copies B sequences of inputs (T, B, X) into the arena. */
  setInputs(inputs: Float64Array, B: number): void {
    const { T, X, Bmax } = this.shape;
    if (!Number.isInteger(B) || B < 1 || B > Bmax) throw new Error(`batch size ${B} is outside 1..${Bmax}`);
    const n = T * B * X;
    if (inputs.length < n) throw new Error(`inputs hold ${inputs.length} numbers; T·B·X = ${n} are needed`);
    this.k.heap.set(inputs.subarray(0, n), this.x);
    this.B = B;
    this.phase = 'inputs';
  }

  /** Offset of h_t (t = −1 is the zero initial state). */
  hAt(t: number): number {
    return this.hs + (t + 1) * this.B * this.shape.H;
  }

  /** Offset of c_t for cells with a cell state. */
  cAt(t: number): number {
    return this.cs < 0 ? -1 : this.cs + (t + 1) * this.B * this.shape.H;
  }

  /** Forward over all T steps for the inputs last set; readouts land in `y`. */
  forward(): void {
    const { T, H, X, O } = this.shape;
    const { k, variant, step: s, B } = this;
    if (this.phase === 'empty') throw new Error('forward() before setInputs()');
    const BH = B * H;
    k.zero(this.hs, BH);
    if (this.cs >= 0) k.zero(this.cs, BH);
    s.B = B;
    s.dx = -1;
    const Wout = this.params + this.layout.offsets['out.W']!;
    const bout = this.params + this.layout.offsets['out.b']!;
    for (let t = 0; t < T; t++) {
      s.x = this.x + t * B * X;
      s.hPrev = this.hs + t * BH;
      s.h = s.hPrev + BH;
      if (this.cs >= 0) {
        s.cPrev = this.cs + t * BH;
        s.c = s.cPrev + BH;
      }
      s.cache = this.cache + t * this.cacheStride;
      variant.forward(k, s);
      const a = this.answerAt[t]!;
      if (a >= 0) {
        const ya = this.y + a * B * O;
        k.gemm(B, O, H, s.h, Wout, ya, 0); // y = h · W_out
        k.addRows(B, O, bout, ya); // + b_out
      }
    }
    this.phase = 'forward';
  }

  /** Loss of the last forward against targets (A_s, B); writes dL/dy. */
  loss(targets: Float64Array): number {
    if (this.phase !== 'forward' && this.phase !== 'loss') throw new Error('loss() needs a forward() of the current inputs first');
    const items = this.shape.answerSteps.length * this.B;
    if (targets.length < items) throw new Error(`targets hold ${targets.length} numbers; A_s·B = ${items} are needed`);
    const f = this.shape.loss === 'ce' ? crossEntropy : meanSquaredError;
    const loss = f(this.k.heap, this.y, this.dy, targets, items, this.shape.O);
    this.phase = 'loss';
    return loss;
  }

  /**
   * BPTT for the last forward and loss: zeroes the gradients, then walks
   * t = T−1 … 0 adding the readout gradient at answer steps and calling the
   * variant's backward, which adds into dL/dh_{t−1}, dL/dc_{t−1}.
   */
  backward(probe?: StateProbe): void {
    const { T, H, X, O } = this.shape;
    const { k, variant, step: s, B } = this;
    if (this.phase !== 'loss') throw new Error('backward() needs forward() and loss() of the current inputs first');
    const BH = B * H;
    k.zero(this.grads, this.P);
    if (this.dx >= 0) k.zero(this.dx, T * B * X);
    const Wout = this.params + this.layout.offsets['out.W']!;
    const gWout = this.grads + this.layout.offsets['out.W']!;
    const gbout = this.grads + this.layout.offsets['out.b']!;
    let cur = 0;
    k.zero(this.dhs[0], BH);
    if (this.cs >= 0) k.zero(this.dcs[0], BH);
    for (let t = T - 1; t >= 0; t--) {
      const nxt = 1 - cur;
      s.x = this.x + t * B * X;
      s.hPrev = this.hs + t * BH;
      s.h = s.hPrev + BH;
      if (this.cs >= 0) {
        s.cPrev = this.cs + t * BH;
        s.c = s.cPrev + BH;
        s.dc = this.dcs[cur]!;
        s.dcPrev = this.dcs[nxt]!;
        k.zero(s.dcPrev, BH);
      }
      s.dh = this.dhs[cur]!;
      s.dhPrev = this.dhs[nxt]!;
      k.zero(s.dhPrev, BH);
      s.cache = this.cache + t * this.cacheStride;
      s.dx = this.dx >= 0 ? this.dx + t * B * X : -1;
      const a = this.answerAt[t]!;
      if (a >= 0) {
        const dya = this.dy + a * B * O;
        k.gemmNT(B, H, O, dya, Wout, s.dh, 1); // dh_t += dy · W_outᵀ
        k.gemmTN(H, O, B, s.h, dya, gWout); // dW_out += h_tᵀ · dy
        k.sumRows(B, O, dya, gbout);
      }
      if (probe !== undefined) {
        probe.dh[t] = this.meanRowNorm(s.dh);
        if (this.cs >= 0 && probe.dc !== null) probe.dc[t] = this.meanRowNorm(s.dc);
      }
      variant.backward(k, s);
      cur = nxt;
    }
  }

  /** Mean over the batch of the per-sequence L2 norm of a (B, H) buffer. */
  private meanRowNorm(off: number): number {
    const { H } = this.shape;
    const m = this.k.heap;
    let sum = 0;
    for (let b = 0; b < this.B; b++) {
      let ss = 0;
      for (let j = 0; j < H; j++) {
        const v = m[off + b * H + j]!;
        ss += v * v;
      }
      sum += Math.sqrt(ss);
    }
    return sum / this.B;
  }

  /** Zeroes dL/dy at every answer step but `keep` (isolates one answer's gradient). */
  keepOnlyAnswer(keep: number): void {
    const A = this.shape.answerSteps.length;
    if (!Number.isInteger(keep) || keep < 0 || keep >= A) throw new Error(`answer index ${keep} is outside 0..${A - 1}`);
    const n = this.B * this.shape.O;
    for (let a = 0; a < A; a++) if (a !== keep) this.k.zero(this.dy + a * n, n);
  }

  /** Mean activation of the variant's gate probe at step t of the last forward (NaN if it has none). */
  gateMean(t: number): number {
    const g = this.variant.gate;
    if (g === undefined) return Number.NaN;
    const { H } = this.shape;
    const stride = g.rowStride(H);
    const base = this.cache + t * this.cacheStride + g.col(H);
    const m = this.k.heap;
    let sum = 0;
    for (let b = 0; b < this.B; b++) for (let j = 0; j < H; j++) sum += m[base + b * stride + j]!;
    return sum / (this.B * H);
  }

  /** Batch size of the last setInputs. */
  get batch(): number {
    return this.B;
  }
}
