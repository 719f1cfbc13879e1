/**
 * Small descriptive statistics for the report: mean, median, sample standard
 * deviation and the two-sided 95% Student-t quantile. Pure functions over
 * plain arrays; inputs are never reordered in place.
 */

/** Arithmetic mean; NaN for an empty list. Sums in the given order (callers sort for determinism). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Median; the mean of the two middle values for an even count. Infinity is allowed and sorts last. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const hi = s[mid] as number;
  if (s.length % 2 === 1) return hi;
  const lo = s[mid - 1] as number;
  // (finite + Infinity) / 2 is Infinity: "never" wins a tie, which is the conservative reading.
  return (lo + hi) / 2;
}

/** Sample standard deviation (n − 1 denominator); NaN below two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (values.length - 1));
}

/**
 * t_{0.975, df}: two-sided 95% quantiles of Student's t for df = 1…30
 * (standard table values, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, to 4 decimals).
 */
const T975: readonly number[] = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];
/** Larger df from the same table; between entries t is close to linear in 1/df. */
const T975_TAIL: readonly (readonly [number, number])[] = [
  [30, 2.0423],
  [40, 2.0211],
  [60, 2.0003],
  [120, 1.9799],
  [Infinity, 1.96],
];

/** The two-sided 95% quantile of Student's t with `df` degrees of freedom (df ≥ 1). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new RangeError(`tQuantile975: degrees of freedom must be a positive integer, got ${df}; a t-interval needs at least 2 values`);
  }
  if (df <= 30) return T975[df - 1] as number;
  for (let k = 1; k < T975_TAIL.length; k++) {
    const [d1, t1] = T975_TAIL[k] as readonly [number, number];
    if (df <= d1) {
      const [d0, t0] = T975_TAIL[k - 1] as readonly [number, number];
      const w = (1 / d0 - 1 / df) / (1 / d0 - 1 / d1);
      return t0 + w * (t1 - t0);
    }
  }
  return 1.96;
}

/** Mean with a two-sided 95% t-interval; the interval is null below two values. */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

export function meanInterval95(values: readonly number[]): MeanInterval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { n, mean: m, lo: null, hi: null };
  const half = (tQuantile975(n - 1) * sampleSd(values)) / Math.sqrt(n);
  return { n, mean: m, lo: m - half, hi: m + half };
}
