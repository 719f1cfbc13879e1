/**
 * The float64 reference backend: every kernel as a plain loop over a
 * Float64Array. It is the ground truth the fast backend is checked against,
 * and the backend `gapbench gradcheck` always uses.
 */
import type { Kernels, LstmPointwise } from '../types.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

export class ReferenceKernels implements Kernels {
  readonly backend = 'reference' as const;
  heap: Float64Array = new Float64Array(0);

  reserve(n: number): void {
    if (this.heap.length < n) this.heap = new Float64Array(n);
    else this.heap.fill(0, 0, n);
  }

  gemm(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void {
    const m = this.heap;
    for (let i = 0; i < M; i++) {
      const ci = c + i * N;
      if (beta === 0) m.fill(0, ci, ci + N);
      for (let p = 0; p < K; p++) {
        // No skip of zero multipliers: 0·NaN must stay NaN, as on the fast backend.
        const aip = m[a + i * K + p]!;
        const bp = b + p * N;
        for (let j = 0; j < N; j++) m[ci + j]! += aip * m[bp + j]!;
      }
    }
  }

  gemmTN(M: number, N: number, K: number, a: number, b: number, c: number): void {
    const m = this.heap;
    for (let p = 0; p < K; p++) {
      const ap = a + p * M;
      const bp = b + p * N;
      for (let i = 0; i < M; i++) {
        const api = m[ap + i]!;
        const ci = c + i * N;
        for (let j = 0; j < N; j++) m[ci + j]! += api * m[bp + j]!;
      }
    }
  }

  gemmNT(M: number, N: number, K: number, a: number, b: number, c: number, beta: 0 | 1): void {
    const m = this.heap;
    for (let i = 0; i < M; i++) {
      const ai = a + i * K;
      for (let j = 0; j < N; j++) {
        const bj = b + j * K;
        let s = 0;
        for (let p = 0; p < K; p++) s += m[ai + p]! * m[bj + p]!;
        m[c + i * N + j] = beta === 0 ? s : m[c + i * N + j]! + s;
      }
    }
  }

  affine(M: number, N: number, K1: number, a1: number, b1: number, K2: number, a2: number, b2: number, bias: number, c: number): void {
    this.gemm(M, N, K1, a1, b1, c, 0);
    this.gemm(M, N, K2, a2, b2, c, 1);
    this.addRows(M, N, bias, c);
  }

  addRows(M: number, N: number, bias: number, c: number): void {
    const m = this.heap;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) m[c + i * N + j]! += m[bias + j]!;
  }

  sumRows(M: number, N: number, dc: number, db: number): void {
    const m = this.heap;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) m[db + j]! += m[dc + i * N + j]!;
  }

  rnnForward(n: number, pre: number, h: number): void {
    const m = this.heap;
    for (let i = 0; i < n; i++) {
      const v = Math.tanh(m[pre + i]!);
      m[pre + i] = v;
      m[h + i] = v;
    }
  }

  rnnBackward(n: number, h: number, dh: number, dpre: number): void {
    const m = this.heap;
    for (let i = 0; i < n; i++) {
      const hv = m[h + i]!;
      m[dpre + i] = m[dh + i]! * (1 - hv * hv);
    }
  }

  // f = σ(a_f + p_f·c₋), i = σ(a_i + p_i·c₋) (coupled: i = 1 − f), ĉ = tanh(a_ĉ),
  // c = f·c₋ + i·ĉ, o = σ(a_o + p_o·c), h = o·tanh(c).
  lstmForward(s: LstmPointwise): void {
    const m = this.heap;
    const { B, H, G } = s;
    const GH = G * H;
    const coupled = G === 3;
    const oF = 0, oI = H, oC = coupled ? H : 2 * H, oO = coupled ? 2 * H : 3 * H;
    for (let b = 0; b < B; b++) {
      const g = s.gates + b * GH;
      const r = b * H;
      for (let j = 0; j < H; j++) {
        const cp = m[s.cPrev + r + j]!;
        const f = sigmoid(m[g + oF + j]! + (s.pf >= 0 ? m[s.pf + j]! * cp : 0));
        const i = coupled ? 1 - f : sigmoid(m[g + oI + j]! + (s.pi >= 0 ? m[s.pi + j]! * cp : 0));
        const cc = Math.tanh(m[g + oC + j]!);
        const c = f * cp + i * cc;
        const o = sigmoid(m[g + oO + j]! + (s.po >= 0 ? m[s.po + j]! * c : 0));
        const tc = Math.tanh(c);
        m[g + oF + j] = f;
        if (!coupled) m[g + oI + j] = i;
        m[g + oC + j] = cc;
        m[g + oO + j] = o;
        m[s.c + r + j] = c;
        m[s.tc + r + j] = tc;
        m[s.h + r + j] = o * tc;
      }
    }
  }

  // Reverse of lstmForward. dc_total = dc_in + dh·o·(1 − tc²) + da_o·p_o;
  // da_o = dh·tc·o(1−o); da_ĉ = dc·i·(1−ĉ²); da_f = dc·c₋·f(1−f) (coupled:
  // (dc·(c₋ − ĉ))·f(1−f), since i = 1 − f); da_i = dc·ĉ·i(1−i);
  // dc₋ = dc·f + da_f·p_f + da_i·p_i.
  lstmBackward(s: LstmPointwise): void {
    const m = this.heap;
    const { B, H, G } = s;
    const GH = G * H;
    const coupled = G === 3;
    const oF = 0, oI = H, oC = coupled ? H : 2 * H, oO = coupled ? 2 * H : 3 * H;
    for (let b = 0; b < B; b++) {
      const g = s.gates + b * GH;
      const dg = s.dgates + b * GH;
      const r = b * H;
      for (let j = 0; j < H; j++) {
        const f = m[g + oF + j]!;
        const i = coupled ? 1 - f : m[g + oI + j]!;
        const cc = m[g + oC + j]!;
        const o = m[g + oO + j]!;
        const tc = m[s.tc + r + j]!;
        const cp = m[s.cPrev + r + j]!;
        const dh = m[s.dh + r + j]!;
        const dao = dh * tc * o * (1 - o);
        let dc = m[s.dc + r + j]! + dh * o * (1 - tc * tc);
        if (s.po >= 0) {
          dc += dao * m[s.po + j]!;
          m[s.dpo + j]! += dao * m[s.c + r + j]!;
        }
        const dacc = dc * i * (1 - cc * cc);
        let daf: number;
        let dai = 0;
        if (coupled) {
          daf = dc * (cp - cc) * f * (1 - f);
        } else {
          daf = dc * cp * f * (1 - f);
          dai = dc * cc * i * (1 - i);
        }
        let dcp = dc * f;
        if (s.pf >= 0) {
          dcp += daf * m[s.pf + j]!;
          m[s.dpf + j]! += daf * cp;
        }
        if (s.pi >= 0) {
          dcp += dai * m[s.pi + j]!;
          m[s.dpi + j]! += dai * cp;
        }
        m[dg + oF + j] = daf;
        if (!coupled) m[dg + oI + j] = dai;
        m[dg + oC + j] = dacc;
        m[dg + oO + j] = dao;
        m[s.dcPrev + r + j] = dcp;
      }
    }
  }

  gruGatesForward(B: number, H: number, zr: number, hPrev: number, rh: number): void {
    const m = this.heap;
    for (let b = 0; b < B; b++) {
      const g = zr + b * 2 * H;
      for (let j = 0; j < H; j++) {
        m[g + j] = sigmoid(m[g + j]!);
        const r = sigmoid(m[g + H + j]!);
        m[g + H + j] = r;
        m[rh + b * H + j] = r * m[hPrev + b * H + j]!;
      }
    }
  }

  gruOutputForward(B: number, H: number, zr: number, hc: number, hPrev: number, h: number): void {
    const m = this.heap;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const z = m[zr + b * 2 * H + j]!;
        const k = b * H + j;
        const c = Math.tanh(m[hc + k]!);
        m[hc + k] = c;
        m[h + k] = (1 - z) * m[hPrev + k]! + z * c;
      }
    }
  }

  gruOutputBackward(B: number, H: number, zr: number, hc: number, hPrev: number, dh: number, dzr: number, dhc: number, dhPrev: number): void {
    const m = this.heap;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const z = m[zr + b * 2 * H + j]!;
        const c = m[hc + k]!;
        const d = m[dh + k]!;
        m[dhc + k] = d * z * (1 - c * c);
        m[dzr + b * 2 * H + j] = d * (c - m[hPrev + k]!) * z * (1 - z);
        m[dhPrev + k]! += d * (1 - z);
      }
    }
  }

  gruGatesBackward(B: number, H: number, zr: number, hPrev: number, drh: number, dzr: number, dhPrev: number): void {
    const m = this.heap;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const r = m[zr + b * 2 * H + H + j]!;
        const d = m[drh + k]!;
        m[dzr + b * 2 * H + H + j] = d * m[hPrev + k]! * r * (1 - r);
        m[dhPrev + k]! += d * r;
      }
    }
  }

  zero(off: number, n: number): void {
    this.heap.fill(0, off, off + n);
  }
}
