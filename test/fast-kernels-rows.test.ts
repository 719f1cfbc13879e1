/**
 * The fast addRows (C += bias on every row), sumRows (db += column sums) and
 * zero agree with the float64 reference at M in {1, 3, 32, 33} and
 * N in {1, 3, 5, 17, 64, 66, 256}, and write nothing outside their outputs.
 * Normwise relative error ≤ 1e-5 (a float32 sum of ≤ 33 terms: ~1e-7).
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { Arena, fillBoth, kernelPair, normwiseError, snapshot, strayWrites } from './helpers/kernel-pair.js';

const TOL = 1e-5;
const rows = [1, 3, 32, 33];
const cols = [1, 3, 5, 17, 64, 66, 256];

describe('fast row kernels agree with the reference', () => {
  it('addRows, sumRows, zero', () => {
    for (const M of rows) {
      for (const N of cols) {
        const A = new Arena();
        const bias = A.take(N), c = A.take(M * N), db = A.take(N);
        const p = kernelPair(A.size);
        fillBoth(p, 0, A.size, makeRng(`fast-rows/${M}/${N}`), 2);
        const at = `M=${M} N=${N}`;

        let before = snapshot(p);
        p.fast.addRows(M, N, bias, c);
        p.ref.addRows(M, N, bias, c);
        expect(normwiseError(p, c, M * N), `addRows ${at}`).toBeLessThanOrEqual(TOL);
        expect(strayWrites(p, before, [[c, M * N]]), `addRows ${at}`).toEqual([]);

        before = snapshot(p);
        p.fast.sumRows(M, N, c, db);
        p.ref.sumRows(M, N, c, db);
        expect(normwiseError(p, db, N), `sumRows ${at}`).toBeLessThanOrEqual(TOL);
        expect(strayWrites(p, before, [[db, N]]), `sumRows ${at}`).toEqual([]);

        before = snapshot(p);
        p.fast.zero(c + 1, M * N - 1);
        expect(p.fast.heap.subarray(c + 1, c + M * N).every((v) => v === 0), `zero ${at}`).toBe(true);
        expect(strayWrites(p, before, [[c + 1, M * N - 1]]), `zero ${at}`).toEqual([]);
      }
    }
  });
});
