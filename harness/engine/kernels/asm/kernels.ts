/**
 * The fast backend's kernels, AssemblyScript compiled to WebAssembly SIMD
 * (f32x4). Same functions as ReferenceKernels (harness/engine/kernels/reference.ts),
 * in float32.
 *
 * Every pointer argument is a byte address in linear memory (the TypeScript
 * wrapper turns heap offsets into `base + 4·offset`); matrices are row-major.
 * Offsets need not be 16-byte aligned: wasm v128 loads accept any address.
 *
 * Matrix products use register-blocked micro-kernels whose inner loop walks
 * contiguous memory. gemm and gemmTN: 4×8 tiles of C in eight f32x4
 * accumulators, a broadcast A value and two B vectors per step (11 of the 16
 * xmm registers V8 allocates, so nothing spills). gemmNT, whose B is [N×K]:
 * dot products along the contiguous K, 4×2 blocks of C in eight partial-sum
 * vectors reduced once at the end (no transposed copy of B). Edge rows and
 * columns take narrower tiles, so any M, N, K is exact. Pointwise kernels run
 * four units per lane group; a row's last H mod 4 units go through the same
 * code one lane at a time (load32_zero / store32_lane).
 *
 * Every multiply-add is one fused multiply-add (relaxed SIMD's
 * f32x4.relaxed_madd: vfmadd on x86-64 with FMA3, fmla on arm64), one
 * rounding instead of two. It halves the arithmetic instructions of the
 * products, which without it run at the machine's add/multiply port limit
 * (~25 GFLOP/s here; a W1 lstm step takes 0.82× the time with it, W2 0.76×).
 * Relaxed SIMD lets an engine compute relaxed_madd either fused or as
 * mul + add; V8 fuses wherever the CPU has FMA, so results are the same on
 * every such machine, and a CPU without FMA gives other (still float32)
 * numbers. fast.ts reports which one this machine does (`fastFused()`), run
 * folders and baselines record it, and `gapbench check` compares bit for
 * bit only between the same kind. Node 20 has relaxed SIMD behind
 * --experimental-wasm-relaxed-simd, which fast.ts switches on before it
 * compiles this module (later Node versions ship it on).
 */

// ---------------------------------------------------------------- helpers

@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
/** acc + a·b, fused (one rounding) on every CPU with FMA; see the header. */
@inline function mad(acc: v128, a: v128, b: v128): v128 { return f32x4.relaxed_madd(a, b, acc); }
@inline function sp(x: f32): v128 { return f32x4.splat(x); }
@inline function bc(p: usize): v128 { return v128.load32_splat(p); }
@inline function ld(p: usize): v128 { return v128.load(p); }

// Flush to zero: every number a kernel writes is 0 or at least TINY = 2⁻¹⁰⁰
// (≈ 7.9e-31) in magnitude. x86 cores take a microcode assist (~100+
// cycles) for each multiply that reads or yields a subnormal float, and
// WebAssembly cannot switch on the FTZ/DAZ modes CPU ML runtimes use.
// Gradients vanishing through a long BPTT (gru at T = 200) otherwise pass
// through the subnormal range for dozens of steps and make backward ~10×
// slower. Flushing exactly the subnormals is not enough: a normal gradient
// of 1e-37 times a weight of 0.05 is subnormal, so the floor sits 2²⁶ above
// the smallest normal (1.2e-38), and a stored value times any weight of
// magnitude ≥ 1.5e-8 stays normal. Numbers below 1e-30 carry nothing for
// training (Adam's ε is 1e-8); the only visible effect is that
// gradient-flow norms on this backend stop at ~1e-30 rather than ~1e-38.
// NaN passes (the comparison is false for it).
const TINY: f32 = 7.888609052210118e-31; // 2⁻¹⁰⁰, exact in float32
@inline function ftz(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), sp(TINY)));
}
@inline function ftz1(v: f32): f32 {
  return abs<f32>(v) < TINY ? 0 : v;
}
@inline function st(p: usize, v: v128): void { v128.store(p, ftz(v)); }
/** One lane: w = 4 loads/stores a full vector, w = 1 only lane 0. */
@inline function ldw(p: usize, w: i32): v128 { return w == 4 ? v128.load(p) : v128.load32_zero(p); }
@inline function stw(p: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(p, ftz(v));
  else v128.store32_lane(p, ftz(v), 0);
}

/**
 * 1 − t² as (1 − t)(1 + t): for |t| near 1 (a saturated tanh) 1 − t is exact
 * in float32, where 1 − t·t would lose the digits of t² that matter.
 */
@inline function oneMinusSq(t: v128): v128 {
  return mul(sub(sp(1.0), t), add(sp(1.0), t));
}

/** Sum of the lanes of each of x0..x3, as [Σx0, Σx1, Σx2, Σx3]. */
@inline function hsum4(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const s01 = add(v128.shuffle<f32>(x0, x1, 0, 1, 4, 5), v128.shuffle<f32>(x0, x1, 2, 3, 6, 7));
  const s23 = add(v128.shuffle<f32>(x2, x3, 0, 1, 4, 5), v128.shuffle<f32>(x2, x3, 2, 3, 6, 7));
  return add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
}
@inline function hsum(x: v128): f32 {
  return f32x4.extract_lane(x, 0) + f32x4.extract_lane(x, 1) + f32x4.extract_lane(x, 2) + f32x4.extract_lane(x, 3);
}

/**
 * First byte address the heap may use: above any static data, 64-byte
 * aligned, and never 0 (byte address 0 stands for "absent" peepholes).
 */
export function heapBase(): usize {
  return max<usize>(64, (__heap_base + 63) & ~(63 as usize));
}

/**
 * Whether `mad` is fused here: (1 + 2⁻²³)(1 − 2⁻²³) − 1 is −2⁻⁴⁶ with one
 * rounding and 0 when the product is rounded first. Arguments come from the
 * caller so the engine cannot fold the answer at compile time.
 */
export function fusedMultiplyAdd(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(mad(sp(c), sp(a), sp(b)), 0);
}

/** Zeroes n bytes at p. */
export function zero(p: usize, n: usize): void {
  memory.fill(p, 0, n);
}

// ------------------------------------------------------------ activations

// exp: Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, with ln2 split in
// two parts so n·ln2_hi is exact; a degree-6 minimax polynomial for e^r
// (float32 coefficients); 2^n written straight into the exponent bits.
// Measured relative error ≤ 1.5e-7 (≈ 2 ulp). n comes from the
// round-to-nearest of adding 1.5·2²³: the sum's low mantissa bits are n, so
// (bits + 127) << 23 is the float 2^n with no float→int conversion. The
// input is clamped to [−87, 88] so 2^n stays a normal float: e^88 ≈ 1.65e38
// is finite, e^−87 ≈ 1.6e-38 is normal; sigmoid built on it saturates without
// inf or NaN. NaN passes through (pmin/pmax keep their first operand when
// unordered).
@inline function vexp(x0: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(x0, sp(-87.0)), sp(88.0));
  const t = mad(sp(12582912.0), x, sp(1.44269504088896341));
  const fx = sub(t, sp(12582912.0));
  let r = sub(x, mul(fx, sp(0.693359375)));
  r = sub(r, mul(fx, sp(-2.12194440e-4)));
  const z = mul(r, r);
  let y = sp(1.9875691500e-4);
  y = mad(sp(1.3981999507e-3), y, r);
  y = mad(sp(8.3334519073e-3), y, r);
  y = mad(sp(4.1665795894e-2), y, r);
  y = mad(sp(1.6666665459e-1), y, r);
  y = mad(sp(5.0000001201e-1), y, r);
  y = add(mad(r, y, z), sp(1.0));
  return mul(y, i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23));
}

/** σ(x) = 1 / (1 + e^−x); → 1 and ≤ 1.7e-38 at the clamps, never NaN for finite x. */
@inline function vsigmoid(x: v128): v128 {
  return f32x4.div(sp(1.0), add(sp(1.0), vexp(f32x4.neg(x))));
}

// tanh: an odd/even [13/6] minimax rational approximation p(x)/q(x²) on
// |x| ≤ 7.90531, past which the result is written as exactly ±1 (±∞
// included): the float32 tanh rounds to ±1 from about 8.7, and the fused
// evaluation of p/q lands 2 ulp under 1 at the clamp, so saturation is set
// rather than left to the rational. Below |x| = 4e-4, tanh(x) = x in
// float32, taken as is (keeps denormal inputs exact). Measured relative
// error ≤ 3.5e-7 (≈ 6 ulp), one division and no exp. NaN passes through.
@inline function vtanh(x0: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(x0, sp(-7.90531110763549805)), sp(7.90531110763549805));
  const x2 = mul(x, x);
  let p = sp(-2.76076847742355e-16);
  p = mad(sp(2.00018790482477e-13), p, x2);
  p = mad(sp(-8.60467152213735e-11), p, x2);
  p = mad(sp(5.12229709037114e-8), p, x2);
  p = mad(sp(1.48572235717979e-5), p, x2);
  p = mad(sp(6.37261928875436e-4), p, x2);
  p = mad(sp(4.89352455891786e-3), p, x2);
  p = mul(p, x);
  let q = sp(1.19825839466702e-6);
  q = mad(sp(1.18534705686654e-4), q, x2);
  q = mad(sp(2.26843463243900e-3), q, x2);
  q = mad(sp(4.89352518554385e-3), q, x2);
  const ax = f32x4.abs(x0);
  const unit = v128.or(sp(1.0), v128.and(x0, sp(-0.0))); // ±1 with the sign of x
  const r = v128.bitselect(unit, f32x4.div(p, q), f32x4.ge(ax, sp(7.90531110763549805)));
  return v128.bitselect(x0, r, f32x4.lt(ax, sp(0.0004)));
}

// ---------------------------------------------------------------- products

// C tile [4×8], [4×4] or one row at c (row stride ldc bytes) ← beta·C +
// Σ_p A(i,p)·B(p,j), with A(i,p) at a + i·sai + p·sap and B(p,j) at
// b + p·ldb + 4j. gemm passes sai = 4K, sap = 4; gemmTN (A stored K×M)
// passes sai = 4, sap = 4M and `unit` = true, which lets the four broadcasts
// of A use immediate offsets (one address for the four rows). K ≥ 0.
//
// `affine` adds a second product and a bias row in the same tile:
// + Σ_q A2(i,q)·B2(q,j) (A2 row-major, row stride sai2; B2 row stride ldb),
// then + bias(j). Each stage ends where gemm, a second gemm with beta = 1
// and addRows would have stored (ftz), so the result is bit for bit that of
// the three separate calls; K2 = 0 and bias = 0 (no bias) leave a plain gemm.

@inline function tile4x8(K: i32, a: usize, sai: usize, sap: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: i32, unit: bool,
  K2: i32, a2: usize, sai2: usize, b2: usize, bias: usize): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = i32x4.splat(0), x01 = i32x4.splat(0), x10 = i32x4.splat(0), x11 = i32x4.splat(0);
  let x20 = i32x4.splat(0), x21 = i32x4.splat(0), x30 = i32x4.splat(0), x31 = i32x4.splat(0);
  if (beta != 0) {
    x00 = ld(c); x01 = ld(c + 16); x10 = ld(c1); x11 = ld(c1 + 16);
    x20 = ld(c2); x21 = ld(c2 + 16); x30 = ld(c3); x31 = ld(c3 + 16);
  }
  const a1 = sai, a2o = sai + sai, a3 = a2o + sai;
  let pa = a, pb = b;
  for (let p = 0; p < K; p++) {
    const b0 = ld(pb), b1 = v128.load(pb, 16);
    let av = bc(pa);
    x00 = mad(x00, av, b0); x01 = mad(x01, av, b1);
    av = unit ? v128.load32_splat(pa, 4) : bc(pa + a1);
    x10 = mad(x10, av, b0); x11 = mad(x11, av, b1);
    av = unit ? v128.load32_splat(pa, 8) : bc(pa + a2o);
    x20 = mad(x20, av, b0); x21 = mad(x21, av, b1);
    av = unit ? v128.load32_splat(pa, 12) : bc(pa + a3);
    x30 = mad(x30, av, b0); x31 = mad(x31, av, b1);
    pa += sap;
    pb += ldb;
  }
  if (K2 > 0) {
    x00 = ftz(x00); x01 = ftz(x01); x10 = ftz(x10); x11 = ftz(x11);
    x20 = ftz(x20); x21 = ftz(x21); x30 = ftz(x30); x31 = ftz(x31);
    pa = a2;
    pb = b2;
    for (let q = 0; q < K2; q++) {
      const b0 = ld(pb), b1 = v128.load(pb, 16);
      let av = bc(pa);
      x00 = mad(x00, av, b0); x01 = mad(x01, av, b1);
      av = bc(pa + sai2);
      x10 = mad(x10, av, b0); x11 = mad(x11, av, b1);
      av = bc(pa + 2 * sai2);
      x20 = mad(x20, av, b0); x21 = mad(x21, av, b1);
      av = bc(pa + 3 * sai2);
      x30 = mad(x30, av, b0); x31 = mad(x31, av, b1);
      pa += 4;
      pb += ldb;
    }
  }
  if (bias != 0) {
    const y0 = ld(bias), y1 = v128.load(bias, 16);
    x00 = add(ftz(x00), y0); x01 = add(ftz(x01), y1); x10 = add(ftz(x10), y0); x11 = add(ftz(x11), y1);
    x20 = add(ftz(x20), y0); x21 = add(ftz(x21), y1); x30 = add(ftz(x30), y0); x31 = add(ftz(x31), y1);
  }
  st(c, x00); st(c + 16, x01); st(c1, x10); st(c1 + 16, x11);
  st(c2, x20); st(c2 + 16, x21); st(c3, x30); st(c3 + 16, x31);
}

@inline function tile4x4(K: i32, a: usize, sai: usize, sap: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: i32,
  K2: i32, a2: usize, sai2: usize, b2: usize, bias: usize): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x0 = i32x4.splat(0), x1 = i32x4.splat(0), x2 = i32x4.splat(0), x3 = i32x4.splat(0);
  if (beta != 0) { x0 = ld(c); x1 = ld(c1); x2 = ld(c2); x3 = ld(c3); }
  const a1 = sai, a2o = sai + sai, a3 = a2o + sai;
  let pa = a, pb = b;
  for (let p = 0; p < K; p++) {
    const b0 = ld(pb);
    x0 = mad(x0, bc(pa), b0);
    x1 = mad(x1, bc(pa + a1), b0);
    x2 = mad(x2, bc(pa + a2o), b0);
    x3 = mad(x3, bc(pa + a3), b0);
    pa += sap;
    pb += ldb;
  }
  if (K2 > 0) {
    x0 = ftz(x0); x1 = ftz(x1); x2 = ftz(x2); x3 = ftz(x3);
    pa = a2;
    pb = b2;
    for (let q = 0; q < K2; q++) {
      const b0 = ld(pb);
      x0 = mad(x0, bc(pa), b0);
      x1 = mad(x1, bc(pa + sai2), b0);
      x2 = mad(x2, bc(pa + 2 * sai2), b0);
      x3 = mad(x3, bc(pa + 3 * sai2), b0);
      pa += 4;
      pb += ldb;
    }
  }
  if (bias != 0) {
    const y = ld(bias);
    x0 = add(ftz(x0), y); x1 = add(ftz(x1), y); x2 = add(ftz(x2), y); x3 = add(ftz(x3), y);
  }
  st(c, x0); st(c1, x1); st(c2, x2); st(c3, x3);
}

/** Rows of C below the last block of 4: two at a time (four chains per step instead of two), then one. */
@inline function tile2x8(K: i32, a: usize, sai: usize, sap: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: i32,
  K2: i32, a2: usize, sai2: usize, b2: usize, bias: usize): void {
  const c1 = c + ldc;
  let x00 = i32x4.splat(0), x01 = i32x4.splat(0), x10 = i32x4.splat(0), x11 = i32x4.splat(0);
  if (beta != 0) { x00 = ld(c); x01 = ld(c + 16); x10 = ld(c1); x11 = ld(c1 + 16); }
  let pa = a, pb = b;
  for (let p = 0; p < K; p++) {
    const b0 = ld(pb), b1 = v128.load(pb, 16);
    let av = bc(pa);
    x00 = mad(x00, av, b0); x01 = mad(x01, av, b1);
    av = bc(pa + sai);
    x10 = mad(x10, av, b0); x11 = mad(x11, av, b1);
    pa += sap;
    pb += ldb;
  }
  if (K2 > 0) {
    x00 = ftz(x00); x01 = ftz(x01); x10 = ftz(x10); x11 = ftz(x11);
    pa = a2;
    pb = b2;
    for (let q = 0; q < K2; q++) {
      const b0 = ld(pb), b1 = v128.load(pb, 16);
      let av = bc(pa);
      x00 = mad(x00, av, b0); x01 = mad(x01, av, b1);
      av = bc(pa + sai2);
      x10 = mad(x10, av, b0); x11 = mad(x11, av, b1);
      pa += 4;
      pb += ldb;
    }
  }
  if (bias != 0) {
    const y0 = ld(bias), y1 = v128.load(bias, 16);
    x00 = add(ftz(x00), y0); x01 = add(ftz(x01), y1); x10 = add(ftz(x10), y0); x11 = add(ftz(x11), y1);
  }
  st(c, x00); st(c + 16, x01); st(c1, x10); st(c1 + 16, x11);
}

@inline function tile1x8(K: i32, a: usize, sap: usize, b: usize, ldb: usize, c: usize, beta: i32,
  K2: i32, a2: usize, b2: usize, bias: usize): void {
  let x0 = i32x4.splat(0), x1 = i32x4.splat(0);
  if (beta != 0) { x0 = ld(c); x1 = ld(c + 16); }
  let pa = a, pb = b;
  for (let p = 0; p < K; p++) {
    const av = bc(pa);
    x0 = mad(x0, av, ld(pb));
    x1 = mad(x1, av, ld(pb + 16));
    pa += sap;
    pb += ldb;
  }
  if (K2 > 0) {
    x0 = ftz(x0); x1 = ftz(x1);
    pa = a2;
    pb = b2;
    for (let q = 0; q < K2; q++) {
      const av = bc(pa);
      x0 = mad(x0, av, ld(pb));
      x1 = mad(x1, av, ld(pb + 16));
      pa += 4;
      pb += ldb;
    }
  }
  if (bias != 0) {
    x0 = add(ftz(x0), ld(bias)); x1 = add(ftz(x1), ld(bias + 16));
  }
  st(c, x0); st(c + 16, x1);
}

/** One row of C, four columns (w = 4) or one (w = 1). */
@inline function tile1xw(K: i32, a: usize, sap: usize, b: usize, ldb: usize, c: usize, beta: i32, w: i32,
  K2: i32, a2: usize, b2: usize, bias: usize): void {
  let x0 = i32x4.splat(0);
  if (beta != 0) x0 = ldw(c, w);
  let pa = a, pb = b;
  for (let p = 0; p < K; p++) {
    x0 = mad(x0, bc(pa), ldw(pb, w));
    pa += sap;
    pb += ldb;
  }
  if (K2 > 0) {
    x0 = ftz(x0);
    pa = a2;
    pb = b2;
    for (let q = 0; q < K2; q++) {
      x0 = mad(x0, bc(pa), ldw(pb, w));
      pa += 4;
      pb += ldb;
    }
  }
  if (bias != 0) x0 = add(ftz(x0), ldw(bias, w));
  stw(c, x0, w);
}

/**
 * C[M×N] (row stride 4N) = beta·C + A·B with A(i,p) at a + i·sai + p·sap, B [K×N]
 * (then + A2·B2 + bias when K2 > 0 / bias ≠ 0, see `affine`).
 * Column panels of 8 outside, row blocks of 4 inside: the B panel [K×8]
 * (2 KiB at K = 64) stays in L1 while every row block streams past it.
 */
@inline function gemmStrided(M: i32, N: i32, K: i32, a: usize, sai: usize, sap: usize, b: usize, c: usize, beta: i32, unit: bool,
  K2: i32, a2: usize, b2: usize, bias: usize): void {
  const ldb = <usize>N << 2, ldc = <usize>N << 2;
  const sai2 = <usize>K2 << 2;
  const M4 = M & ~3;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const jb = <usize>j << 2;
    const bj = b + jb, cj = c + jb, b2j = b2 + jb, biasj = bias != 0 ? bias + jb : 0;
    let i = 0;
    for (; i < M4; i += 4) tile4x8(K, a + <usize>i * sai, sai, sap, bj, ldb, cj + <usize>i * ldc, ldc, beta, unit, K2, a2 + <usize>i * sai2, sai2, b2j, biasj);
    if (i + 2 <= M) {
      tile2x8(K, a + <usize>i * sai, sai, sap, bj, ldb, cj + <usize>i * ldc, ldc, beta, K2, a2 + <usize>i * sai2, sai2, b2j, biasj);
      i += 2;
    }
    if (i < M) tile1x8(K, a + <usize>i * sai, sap, bj, ldb, cj + <usize>i * ldc, beta, K2, a2 + <usize>i * sai2, b2j, biasj);
  }
  if (j + 4 <= N) {
    const jb = <usize>j << 2;
    const bj = b + jb, cj = c + jb, b2j = b2 + jb, biasj = bias != 0 ? bias + jb : 0;
    let i = 0;
    for (; i < M4; i += 4) tile4x4(K, a + <usize>i * sai, sai, sap, bj, ldb, cj + <usize>i * ldc, ldc, beta, K2, a2 + <usize>i * sai2, sai2, b2j, biasj);
    for (; i < M; i++) tile1xw(K, a + <usize>i * sai, sap, bj, ldb, cj + <usize>i * ldc, beta, 4, K2, a2 + <usize>i * sai2, b2j, biasj);
    j += 4;
  }
  for (; j < N; j++) {
    const jb = <usize>j << 2;
    const bj = b + jb, cj = c + jb, b2j = b2 + jb, biasj = bias != 0 ? bias + jb : 0;
    for (let i = 0; i < M; i++) tile1xw(K, a + <usize>i * sai, sap, bj, ldb, cj + <usize>i * ldc, beta, 1, K2, a2 + <usize>i * sai2, b2j, biasj);
  }
}

/** C[M×N] = beta·C + A[M×K] · B[K×N]  (beta 0 or 1). */
export function gemm(M: i32, N: i32, K: i32, a: usize, b: usize, c: usize, beta: i32): void {
  gemmStrided(M, N, K, a, <usize>K << 2, 4, b, c, beta, false, 0, 0, 0, 0);
}

/** C[M×N] += A[K×M]ᵀ · B[K×N]. */
export function gemmTN(M: i32, N: i32, K: i32, a: usize, b: usize, c: usize): void {
  gemmStrided(M, N, K, a, 4, <usize>M << 2, b, c, 1, true, 0, 0, 0, 0);
}

/**
 * C[M×N] = A1[M×K1]·B1[K1×N] + A2[M×K2]·B2[K2×N] + bias[N] on every row: a
 * cell's pre-activations from h₋ and x in one pass over C, bit for bit
 * gemm(beta 0) + gemm(beta 1) + addRows.
 */
export function affine(M: i32, N: i32, K1: i32, a1: usize, b1: usize, K2: i32, a2: usize, b2: usize, bias: usize, c: usize): void {
  gemmStrided(M, N, K1, a1, <usize>K1 << 2, 4, b1, c, 0, false, K2, a2, b2, bias);
}

// gemmNT: C(i,j) = Σ_p A(i,p)·B(j,p), both rows contiguous along K. A 4×2
// block of C keeps eight f32x4 partial dot products over p ≡ 0..3 (mod 4),
// reduced at the end; the K mod 4 tail is added in scalar.

@inline function dotTail(K4: i32, K: i32, ar: usize, br: usize): f32 {
  let s: f32 = 0;
  for (let p = K4; p < K; p++) s += load<f32>(ar + (<usize>p << 2)) * load<f32>(br + (<usize>p << 2));
  return s;
}

@inline function storeNT(c: usize, v: f32, beta: i32): void {
  store<f32>(c, ftz1(beta != 0 ? load<f32>(c) + v : v));
}

/** C[M×N] = beta·C + A[M×K] · B[N×K]ᵀ. */
export function gemmNT(M: i32, N: i32, K: i32, a: usize, b: usize, c: usize, beta: i32): void {
  const lda = <usize>K << 2, ldc = <usize>N << 2;
  const K4 = K & ~3;
  const kb = <usize>K4 << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + <usize>i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    const ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 2 <= N; j += 2) {
      const b0 = b + <usize>j * lda, b1 = b0 + lda;
      let x00 = i32x4.splat(0), x01 = i32x4.splat(0), x10 = i32x4.splat(0), x11 = i32x4.splat(0);
      let x20 = i32x4.splat(0), x21 = i32x4.splat(0), x30 = i32x4.splat(0), x31 = i32x4.splat(0);
      for (let q: usize = 0; q < kb; q += 16) {
        const v0 = ld(b0 + q), v1 = ld(b1 + q);
        let u = ld(a0 + q);
        x00 = mad(x00, u, v0); x01 = mad(x01, u, v1);
        u = ld(a1 + q);
        x10 = mad(x10, u, v0); x11 = mad(x11, u, v1);
        u = ld(a2 + q);
        x20 = mad(x20, u, v0); x21 = mad(x21, u, v1);
        u = ld(a3 + q);
        x30 = mad(x30, u, v0); x31 = mad(x31, u, v1);
      }
      // [C(i..i+3, j)] and [C(i..i+3, j+1)] as two lane vectors.
      let s0 = hsum4(x00, x10, x20, x30);
      let s1 = hsum4(x01, x11, x21, x31);
      if (K4 < K) {
        s0 = add(s0, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(dotTail(K4, K, a0, b0)),
          1, dotTail(K4, K, a1, b0)), 2, dotTail(K4, K, a2, b0)), 3, dotTail(K4, K, a3, b0)));
        s1 = add(s1, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(dotTail(K4, K, a0, b1)),
          1, dotTail(K4, K, a1, b1)), 2, dotTail(K4, K, a2, b1)), 3, dotTail(K4, K, a3, b1)));
      }
      const cj = ci + (<usize>j << 2);
      storeNT(cj, f32x4.extract_lane(s0, 0), beta);
      storeNT(cj + ldc, f32x4.extract_lane(s0, 1), beta);
      storeNT(cj + (ldc << 1), f32x4.extract_lane(s0, 2), beta);
      storeNT(cj + ldc * 3, f32x4.extract_lane(s0, 3), beta);
      storeNT(cj + 4, f32x4.extract_lane(s1, 0), beta);
      storeNT(cj + ldc + 4, f32x4.extract_lane(s1, 1), beta);
      storeNT(cj + (ldc << 1) + 4, f32x4.extract_lane(s1, 2), beta);
      storeNT(cj + ldc * 3 + 4, f32x4.extract_lane(s1, 3), beta);
    }
    for (; j < N; j++) {
      const b0 = b + <usize>j * lda;
      for (let r = 0; r < 4; r++) {
        const ar = a0 + <usize>r * lda;
        storeNT(ci + <usize>r * ldc + (<usize>j << 2), dot(K4, K, ar, b0), beta);
      }
    }
  }
  for (; i < M; i++) {
    const ar = a + <usize>i * lda;
    const ci = c + <usize>i * ldc;
    for (let j = 0; j < N; j++) storeNT(ci + (<usize>j << 2), dot(K4, K, ar, b + <usize>j * lda), beta);
  }
}

/** Σ_p A(p)·B(p) over one row pair of length K (edge rows and columns of gemmNT). */
function dot(K4: i32, K: i32, ar: usize, br: usize): f32 {
  const kb = <usize>K4 << 2;
  let x = i32x4.splat(0);
  for (let q: usize = 0; q < kb; q += 16) x = mad(x, ld(ar + q), ld(br + q));
  return hsum(x) + dotTail(K4, K, ar, br);
}

/** C[M×N] += bias[N] on every row. */
export function addRows(M: i32, N: i32, bias: usize, c: usize): void {
  const N4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const ci = c + (<usize>i * <usize>N << 2);
    let j = 0;
    for (; j < N4; j += 4) {
      const o = <usize>j << 2;
      st(ci + o, add(ld(ci + o), ld(bias + o)));
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      store<f32>(ci + o, ftz1(load<f32>(ci + o) + load<f32>(bias + o)));
    }
  }
}

/** db[N] += Σ_rows dC[M×N]. */
export function sumRows(M: i32, N: i32, dc: usize, db: usize): void {
  const ldc = <usize>N << 2;
  const N4 = N & ~3;
  let j = 0;
  for (; j < N4; j += 4) {
    const o = <usize>j << 2;
    let s = ld(db + o);
    let p = dc + o;
    for (let i = 0; i < M; i++) {
      s = add(s, ld(p));
      p += ldc;
    }
    st(db + o, s);
  }
  for (; j < N; j++) {
    const o = <usize>j << 2;
    let s = load<f32>(db + o);
    let p = dc + o;
    for (let i = 0; i < M; i++) {
      s += load<f32>(p);
      p += ldc;
    }
    store<f32>(db + o, ftz1(s));
  }
}

// ------------------------------------------------------------- pointwise

/** h[n] = tanh(pre[n]) in place on `pre`, copied to `h`. */
export function rnnForward(n: i32, pre: usize, h: usize): void {
  const n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) rnnFwdAt(pre + (<usize>k << 2), h + (<usize>k << 2), 4);
  for (; k < n; k++) rnnFwdAt(pre + (<usize>k << 2), h + (<usize>k << 2), 1);
}
@inline function rnnFwdAt(pre: usize, h: usize, w: i32): void {
  const v = vtanh(ldw(pre, w));
  stw(pre, v, w);
  stw(h, v, w);
}

/** dpre[n] = dh[n] · (1 − h[n]²). */
export function rnnBackward(n: i32, h: usize, dh: usize, dpre: usize): void {
  const n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) rnnBwdAt(h + (<usize>k << 2), dh + (<usize>k << 2), dpre + (<usize>k << 2), 4);
  for (; k < n; k++) rnnBwdAt(h + (<usize>k << 2), dh + (<usize>k << 2), dpre + (<usize>k << 2), 1);
}
@inline function rnnBwdAt(h: usize, dh: usize, dpre: usize, w: i32): void {
  const hv = ldw(h, w);
  stw(dpre, mul(ldw(dh, w), oneMinusSq(hv)), w);
}

// LSTM family. g points at a row's gate block f (then i, ĉ, o at +oI, +oC,
// +oO bytes); r at the row's unit in the [B×H] buffers; pj the unit's byte
// offset in the [H] peephole vectors; p* == 0 means absent (the wrapper maps
// -1 to 0, and no real buffer can sit at byte 0, which is below heapBase).

// Forward runs two passes over a row: the gates that need only c₋ (f, i, ĉ),
// then c and what depends on it (o, tanh c, h). Short loop bodies with
// independent iterations let the core overlap the activation latency chains
// of neighbouring units (~25% faster than one fused pass at H = 64).

@inline function lstmGatesAt(g: usize, oI: usize, oC: usize, coupled: bool, cPrev: usize, pf: usize, pi: usize, w: i32): void {
  const cp = ldw(cPrev, w);
  let af = ldw(g, w);
  if (pf != 0) af = mad(af, ldw(pf, w), cp);
  stw(g, vsigmoid(af), w);
  if (!coupled) {
    let ai = ldw(g + oI, w);
    if (pi != 0) ai = mad(ai, ldw(pi, w), cp);
    stw(g + oI, vsigmoid(ai), w);
  }
  stw(g + oC, vtanh(ldw(g + oC, w)), w);
}

@inline function lstmCellAt(
  g: usize, oI: usize, oC: usize, oO: usize, coupled: bool,
  cPrev: usize, c: usize, tc: usize, h: usize, po: usize, w: i32,
): void {
  const f = ldw(g, w);
  const i = coupled ? sub(sp(1.0), f) : ldw(g + oI, w);
  const cn = mad(mul(f, ldw(cPrev, w)), i, ldw(g + oC, w));
  let ao = ldw(g + oO, w);
  if (po != 0) ao = mad(ao, ldw(po, w), cn);
  const o = vsigmoid(ao);
  const t = vtanh(cn);
  stw(g + oO, o, w);
  stw(c, cn, w);
  stw(tc, t, w);
  stw(h, mul(o, t), w);
}

// f = σ(a_f + p_f·c₋), i = σ(a_i + p_i·c₋) (coupled: i = 1 − f), ĉ = tanh(a_ĉ),
// c = f·c₋ + i·ĉ, o = σ(a_o + p_o·c), h = o·tanh(c). gates [B×G·H].
export function lstmForward(
  B: i32, H: i32, G: i32, gates: usize, cPrev: usize, c: usize, tc: usize, h: usize,
  pf: usize, pi: usize, po: usize,
): void {
  const coupled = G == 3;
  const hb = <usize>H << 2;
  const oI = hb, oC = coupled ? hb : hb << 1, oO = coupled ? hb << 1 : hb * 3;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * <usize>G * hb;
    const r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      lstmGatesAt(g + o, oI, oC, coupled, cPrev + r + o, pf != 0 ? pf + o : 0, pi != 0 ? pi + o : 0, 4);
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      lstmGatesAt(g + o, oI, oC, coupled, cPrev + r + o, pf != 0 ? pf + o : 0, pi != 0 ? pi + o : 0, 1);
    }
    j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      lstmCellAt(g + o, oI, oC, oO, coupled, cPrev + r + o, c + r + o, tc + r + o, h + r + o, po != 0 ? po + o : 0, 4);
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      lstmCellAt(g + o, oI, oC, oO, coupled, cPrev + r + o, c + r + o, tc + r + o, h + r + o, po != 0 ? po + o : 0, 1);
    }
  }
}

@inline function lstmBwdAt(
  g: usize, dg: usize, oI: usize, oC: usize, oO: usize, coupled: bool,
  cPrev: usize, c: usize, tc: usize, dh: usize, dc: usize, dcPrev: usize,
  pf: usize, pi: usize, po: usize, dpf: usize, dpi: usize, dpo: usize, w: i32,
): void {
  const one = sp(1.0);
  const f = ldw(g, w);
  const i = coupled ? sub(one, f) : ldw(g + oI, w);
  const cc = ldw(g + oC, w);
  const o = ldw(g + oO, w);
  const t = ldw(tc, w);
  const cp = ldw(cPrev, w);
  const dhv = ldw(dh, w);
  const dao = mul(mul(dhv, t), mul(o, sub(one, o)));
  let dcv = mad(ldw(dc, w), mul(dhv, o), oneMinusSq(t));
  if (po != 0) {
    dcv = mad(dcv, dao, ldw(po, w));
    stw(dpo, mad(ldw(dpo, w), dao, ldw(c, w)), w);
  }
  const dacc = mul(mul(dcv, i), oneMinusSq(cc));
  let daf: v128;
  let dai = i32x4.splat(0);
  if (coupled) {
    daf = mul(mul(dcv, sub(cp, cc)), mul(f, sub(one, f)));
  } else {
    daf = mul(mul(dcv, cp), mul(f, sub(one, f)));
    dai = mul(mul(dcv, cc), mul(i, sub(one, i)));
  }
  let dcp = mul(dcv, f);
  if (pf != 0) {
    dcp = mad(dcp, daf, ldw(pf, w));
    stw(dpf, mad(ldw(dpf, w), daf, cp), w);
  }
  if (pi != 0) {
    dcp = mad(dcp, dai, ldw(pi, w));
    stw(dpi, mad(ldw(dpi, w), dai, cp), w);
  }
  stw(dg, daf, w);
  if (!coupled) stw(dg + oI, dai, w);
  stw(dg + oC, dacc, w);
  stw(dg + oO, dao, w);
  stw(dcPrev, dcp, w);
}

// Reverse of lstmForward: dgates [B×G·H] and dcPrev [B×H] written, peephole
// gradients [H] accumulated (see reference.ts for the equations).
export function lstmBackward(
  B: i32, H: i32, G: i32, gates: usize, cPrev: usize, c: usize, tc: usize,
  pf: usize, pi: usize, po: usize, dh: usize, dc: usize, dcPrev: usize, dgates: usize,
  dpf: usize, dpi: usize, dpo: usize,
): void {
  const coupled = G == 3;
  const hb = <usize>H << 2;
  const oI = hb, oC = coupled ? hb : hb << 1, oO = coupled ? hb << 1 : hb * 3;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const go = <usize>b * <usize>G * hb;
    const r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      lstmBwdAt(gates + go + o, dgates + go + o, oI, oC, oO, coupled,
        cPrev + r + o, c + r + o, tc + r + o, dh + r + o, dc + r + o, dcPrev + r + o,
        pf != 0 ? pf + o : 0, pi != 0 ? pi + o : 0, po != 0 ? po + o : 0,
        dpf + o, dpi + o, dpo + o, 4);
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      lstmBwdAt(gates + go + o, dgates + go + o, oI, oC, oO, coupled,
        cPrev + r + o, c + r + o, tc + r + o, dh + r + o, dc + r + o, dcPrev + r + o,
        pf != 0 ? pf + o : 0, pi != 0 ? pi + o : 0, po != 0 ? po + o : 0,
        dpf + o, dpi + o, dpo + o, 1);
    }
  }
}

// GRU. zr [B×2H] = [z | r]; the [B×H] buffers share the unit offset r + o.

@inline function gruGatesFwdAt(z: usize, hb: usize, hPrev: usize, rh: usize, w: i32): void {
  stw(z, vsigmoid(ldw(z, w)), w);
  const rv = vsigmoid(ldw(z + hb, w));
  stw(z + hb, rv, w);
  stw(rh, mul(rv, ldw(hPrev, w)), w);
}

/** zr: sigmoid in place (z | r); rh[B×H] = r · hPrev. */
export function gruGatesForward(B: i32, H: i32, zr: usize, hPrev: usize, rh: usize): void {
  const hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const z = zr + (<usize>b * hb << 1), r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) { const o = <usize>j << 2; gruGatesFwdAt(z + o, hb, hPrev + r + o, rh + r + o, 4); }
    for (; j < H; j++) { const o = <usize>j << 2; gruGatesFwdAt(z + o, hb, hPrev + r + o, rh + r + o, 1); }
  }
}

@inline function gruOutFwdAt(z: usize, hc: usize, hPrev: usize, h: usize, w: i32): void {
  const zv = ldw(z, w);
  const cv = vtanh(ldw(hc, w));
  stw(hc, cv, w);
  stw(h, mad(mul(sub(sp(1.0), zv), ldw(hPrev, w)), zv, cv), w);
}

/** hc[B×H]: tanh in place; h = (1 − z)·hPrev + z·hc. */
export function gruOutputForward(B: i32, H: i32, zr: usize, hc: usize, hPrev: usize, h: usize): void {
  const hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const z = zr + (<usize>b * hb << 1), r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) { const o = <usize>j << 2; gruOutFwdAt(z + o, hc + r + o, hPrev + r + o, h + r + o, 4); }
    for (; j < H; j++) { const o = <usize>j << 2; gruOutFwdAt(z + o, hc + r + o, hPrev + r + o, h + r + o, 1); }
  }
}

@inline function gruOutBwdAt(z: usize, hc: usize, hPrev: usize, dh: usize, dz: usize, dhc: usize, dhPrev: usize, w: i32): void {
  const one = sp(1.0);
  const zv = ldw(z, w);
  const cv = ldw(hc, w);
  const d = ldw(dh, w);
  const hp = ldw(hPrev, w);
  const dp = ldw(dhPrev, w);
  stw(dhc, mul(mul(d, zv), oneMinusSq(cv)), w);
  stw(dz, mul(mul(d, sub(cv, hp)), mul(zv, sub(one, zv))), w);
  stw(dhPrev, mad(dp, d, sub(one, zv)), w);
}

/** From dh: dhc_pre (into dhc), dz_pre (into dzr left half), dhPrev += (1 − z)·dh. */
export function gruOutputBackward(B: i32, H: i32, zr: usize, hc: usize, hPrev: usize, dh: usize, dzr: usize, dhc: usize, dhPrev: usize): void {
  const hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const zo = (<usize>b * hb << 1), r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      gruOutBwdAt(zr + zo + o, hc + r + o, hPrev + r + o, dh + r + o, dzr + zo + o, dhc + r + o, dhPrev + r + o, 4);
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      gruOutBwdAt(zr + zo + o, hc + r + o, hPrev + r + o, dh + r + o, dzr + zo + o, dhc + r + o, dhPrev + r + o, 1);
    }
  }
}

@inline function gruGatesBwdAt(rz: usize, hPrev: usize, drh: usize, dr: usize, dhPrev: usize, w: i32): void {
  const rv = ldw(rz, w);
  const d = ldw(drh, w);
  const hp = ldw(hPrev, w);
  const dp = ldw(dhPrev, w);
  stw(dr, mul(mul(d, hp), mul(rv, sub(sp(1.0), rv))), w);
  stw(dhPrev, mad(dp, d, rv), w);
}

/** From drh (gradient wrt r·hPrev): dr_pre (into dzr right half), dhPrev += r·drh. */
export function gruGatesBackward(B: i32, H: i32, zr: usize, hPrev: usize, drh: usize, dzr: usize, dhPrev: usize): void {
  const hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const zo = (<usize>b * hb << 1) + hb, r = <usize>b * hb;
    let j = 0;
    for (; j < H4; j += 4) {
      const o = <usize>j << 2;
      gruGatesBwdAt(zr + zo + o, hPrev + r + o, drh + r + o, dzr + zo + o, dhPrev + r + o, 4);
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      gruGatesBwdAt(zr + zo + o, hPrev + r + o, drh + r + o, dzr + zo + o, dhPrev + r + o, 1);
    }
  }
}
