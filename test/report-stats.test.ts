// The report's descriptive statistics (harness/report/stats.ts), used by the
// aggregates and by `gapbench bench`: exact mean, median (odd/even counts,
// numeric order, +∞ allowed), sample sd (n − 1), the 95% Student-t quantile
// and the mean interval; inputs are not reordered; empty and too-short
// inputs give NaN / null as documented.
import { describe, expect, it } from 'vitest';
import { mean, meanInterval95, median, sampleSd, tQuantile975 } from '../harness/report/stats.js';

describe('mean', () => {
  it('is the arithmetic mean, NaN for an empty list', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([-3])).toBe(-3);
    expect(mean([])).toBeNaN();
  });
});

describe('median', () => {
  it('is the middle value of an odd count, in numeric (not string) order', () => {
    expect(median([3, 1, 2])).toBe(2);
    // A default (string) sort would order these 1, 10, 9 and answer 10.
    expect(median([10, 9, 1])).toBe(9);
    expect(median([-5, 7, -20, 100, 0])).toBe(0);
    expect(median([42])).toBe(42);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 2])).toBe(6);
    expect(median([100, 1, 9, 10, 2, 3])).toBe(6); // sorted 1 2 3 9 10 100 → (3 + 9) / 2
  });

  it('sorts +∞ last; a tie with +∞ in the middle is +∞ (never)', () => {
    expect(median([Infinity, 1, 2])).toBe(2);
    expect(median([Infinity, 1])).toBe(Infinity);
    expect(median([Infinity, 5, Infinity, 3])).toBe(Infinity);
    expect(median([Infinity, 5, 7, 3])).toBe(6);
  });

  it('leaves its input in place', () => {
    const values = [5, 3, 9, 1];
    median(values);
    expect(values).toEqual([5, 3, 9, 1]);
    const odd = [8, -1, 4];
    median(odd);
    expect(odd).toEqual([8, -1, 4]);
  });

  it('is NaN for an empty list', () => {
    expect(median([])).toBeNaN();
  });
});

describe('sampleSd', () => {
  it('uses the n − 1 denominator', () => {
    // mean 5, squared deviations sum to 32: sqrt(32/7), not the population sqrt(32/8) = 2.
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(sampleSd([1, 3])).toBeCloseTo(Math.SQRT2, 14);
    expect(sampleSd([7, 7, 7])).toBe(0);
  });

  it('is NaN below two values', () => {
    expect(sampleSd([])).toBeNaN();
    expect(sampleSd([3])).toBeNaN();
  });
});

describe('tQuantile975', () => {
  it('returns the tabulated two-sided 95% quantiles', () => {
    // Standard t-table values t_{0.975, df} (NIST/SEMATECH e-Handbook 1.3.6.7.2).
    expect(tQuantile975(1)).toBe(12.7062);
    expect(tQuantile975(2)).toBe(4.3027);
    expect(tQuantile975(10)).toBe(2.2281);
    expect(tQuantile975(30)).toBe(2.0423);
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 12);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 12);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 12);
  });

  it('interpolates linearly in 1/df between table rows and tends to 1.96', () => {
    // df 48 lies halfway between 40 and 60 in 1/df: (2.0211 + 2.0003) / 2; the exact quantile is 2.0106.
    expect(tQuantile975(48)).toBeCloseTo(2.0107, 12);
    expect(tQuantile975(31)).toBeLessThan(2.0423);
    expect(tQuantile975(31)).toBeGreaterThan(2.0211);
    expect(tQuantile975(1_000_000)).toBeCloseTo(1.96, 4);
    expect(tQuantile975(1_000_000)).toBeGreaterThan(1.96);
  });

  it('decreases strictly with df', () => {
    let prev = Infinity;
    for (let df = 1; df <= 300; df++) {
      const t = tQuantile975(df);
      expect(t, `df ${df}`).toBeLessThan(prev);
      prev = t;
    }
  });

  it('rejects df that is not a positive integer, naming it', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
    expect(() => tQuantile975(0)).toThrow(/got 0/);
    expect(() => tQuantile975(-2)).toThrow(/got -2/);
    expect(() => tQuantile975(2.5)).toThrow(/got 2.5/);
    expect(() => tQuantile975(Number.NaN)).toThrow(/got NaN/);
  });
});

describe('meanInterval95', () => {
  it('is mean ± t_{0.975, n−1} · sd / √n', () => {
    // [1, 2, 3]: mean 2, sd 1, t_{0.975, 2} = 4.3027.
    const ci = meanInterval95([3, 1, 2]);
    expect(ci.n).toBe(3);
    expect(ci.mean).toBe(2);
    expect(ci.lo).toBeCloseTo(2 - 4.3027 / Math.sqrt(3), 12);
    expect(ci.hi).toBeCloseTo(2 + 4.3027 / Math.sqrt(3), 12);
    // [0, 1]: mean 0.5, sd √½, t_{0.975, 1} = 12.7062 → half-width 12.7062 · √½ / √2 = 6.3531.
    const two = meanInterval95([0, 1]);
    expect(two.lo).toBeCloseTo(0.5 - 6.3531, 12);
    expect(two.hi).toBeCloseTo(0.5 + 6.3531, 12);
  });

  it('has no interval below two values', () => {
    expect(meanInterval95([0.25])).toEqual({ n: 1, mean: 0.25, lo: null, hi: null });
    const empty = meanInterval95([]);
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.lo).toBeNull();
    expect(empty.hi).toBeNull();
  });
});
