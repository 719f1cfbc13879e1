/**
 * The step shared by the lstm family (lstm, peephole, coupled): one packed
 * product for all gates, then one fused pointwise kernel.
 *
 * Shapes: W (H+X, G·H) with gate blocks [f | i | ĉ | o] (coupled: [f | ĉ | o]),
 * b (G·H); peepholes p_f, p_i, p_o (H) when present.
 * Cache per step: gates (B, G·H) activations, tc (B, H) = tanh(c).
 * Scratch: dgates (B, G·H).
 */
import type { GateProbe, Kernels, LstmPointwise, ParamSpec, StepView } from '../harness/engine/types.js';

export interface LstmShape {
  /** 3 when i = 1 − f (coupled), else 4. */
  readonly G: 3 | 4;
  readonly peephole: boolean;
}

export function lstmParams(shape: LstmShape, H: number, X: number): ParamSpec[] {
  const { G } = shape;
  const forgetBias = G === 4 ? [1, 0, 0, 0] : [1, 0, 0];
  const specs: ParamSpec[] = [
    { name: 'W', rows: H + X, cols: G * H, init: { kind: 'uniform' } },
    { name: 'b', rows: 1, cols: G * H, init: { kind: 'gate-blocks', values: forgetBias } },
  ];
  if (shape.peephole) {
    for (const name of ['p_f', 'p_i', 'p_o']) specs.push({ name, rows: 1, cols: H, init: { kind: 'uniform' } });
  }
  return specs;
}

/** The forget gate f is block 0 of the cached gates (B, G·H). */
export const forgetGate = (G: number): GateProbe => ({ name: 'f', rowStride: (H) => G * H, col: () => 0 });

export const lstmCacheSize = (G: number) => (B: number, H: number) => B * G * H + B * H;
export const lstmScratchSize = (G: number) => (B: number, H: number) => B * G * H;

// One argument record reused by every call: the time loop allocates nothing.
const pw: LstmPointwise = {
  B: 0, H: 0, G: 4, gates: 0, cPrev: 0, c: 0, tc: 0, h: 0, pf: -1, pi: -1, po: -1,
  dh: 0, dc: 0, dcPrev: 0, dgates: 0, dpf: -1, dpi: -1, dpo: -1,
};

function fill(shape: LstmShape, s: StepView): LstmPointwise {
  const { B, H } = s;
  const GH = shape.G * H;
  pw.B = B;
  pw.H = H;
  pw.G = shape.G;
  pw.gates = s.cache;
  pw.tc = s.cache + B * GH;
  pw.cPrev = s.cPrev;
  pw.c = s.c;
  pw.h = s.h;
  pw.pf = shape.peephole ? s.p.p_f! : -1;
  pw.pi = shape.peephole ? s.p.p_i! : -1;
  pw.po = shape.peephole ? s.p.p_o! : -1;
  pw.dpf = shape.peephole ? s.g.p_f! : -1;
  pw.dpi = shape.peephole ? s.g.p_i! : -1;
  pw.dpo = shape.peephole ? s.g.p_o! : -1;
  pw.dh = s.dh;
  pw.dc = s.dc;
  pw.dcPrev = s.dcPrev;
  pw.dgates = s.scratch;
  return pw;
}

export function lstmForward(shape: LstmShape, k: Kernels, s: StepView): void {
  const { B, H, X } = s;
  const GH = shape.G * H;
  const W = s.p.W!;
  const gates = s.cache;
  k.affine(B, GH, H, s.hPrev, W, X, s.x, W + H * GH, s.p.b!, gates); // W_h·h₋ + W_x·x + b for every gate at once
  k.lstmForward(fill(shape, s)); // f, i, ĉ, c, o, h
}

// Backward is lstmForward reversed: pointwise, bias, the two products.
export function lstmBackward(shape: LstmShape, k: Kernels, s: StepView): void {
  const { B, H, X } = s;
  const GH = shape.G * H;
  const W = s.p.W!;
  const gW = s.g.W!;
  const dgates = s.scratch;
  k.lstmBackward(fill(shape, s));
  k.sumRows(B, GH, dgates, s.g.b!);
  k.gemmTN(H, GH, B, s.hPrev, dgates, gW);
  k.gemmTN(X, GH, B, s.x, dgates, gW + H * GH);
  k.gemmNT(B, H, GH, dgates, W, s.dhPrev, 1);
  if (s.dx >= 0) k.gemmNT(B, X, GH, dgates, W + H * GH, s.dx, 1);
}
