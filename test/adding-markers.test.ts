// adding: exactly two markers per sequence, one in [0, ⌊T/2⌋) and one in
// [⌊T/2⌋, T), and over many sequences every position of both ranges is
// reached (a marker never placed past the middle would fail this).
import { describe, expect, it } from 'vitest';
import { makeRng } from '../harness/engine/rng.js';
import { getTask } from '../tasks/index.js';

const task = getTask('adding');
const N = 500;
const BATCHES = 10;

describe('adding markers', () => {
  for (const T of [2, 3, 7, 10, 101]) {
    it(`T = ${T}: two markers, one per half, every position reached`, () => {
      const half = Math.floor(T / 2);
      const firstCount = new Array<number>(T).fill(0);
      const secondCount = new Array<number>(T).fill(0);
      const inputs = new Float64Array(T * N * 2);
      const targets = new Float64Array(N);
      const rng = makeRng(`markers/${T}`);
      const problems: string[] = [];
      for (let b = 0; b < BATCHES; b++) {
        task.batch(rng, T, N, inputs, targets);
        for (let n = 0; n < N; n++) {
          // Plain checks in the hot loop (expect() per element is slow); failures collected.
          const marked: number[] = [];
          for (let t = 0; t < T; t++) {
            const m = inputs[(t * N + n) * 2 + 1];
            if (m !== 0 && m !== 1) problems.push(`batch ${b} seq ${n} step ${t}: marker ${m}`);
            if (m === 1) marked.push(t);
          }
          const [p, q] = marked as [number, number];
          if (marked.length !== 2 || !(p < half) || !(q >= half)) {
            problems.push(`batch ${b} seq ${n}: markers at [${marked.join(', ')}], half ${half}`);
            continue;
          }
          firstCount[p] = (firstCount[p] as number) + 1;
          secondCount[q] = (secondCount[q] as number) + 1;
        }
      }
      expect(problems.slice(0, 5)).toEqual([]);
      const total = N * BATCHES;
      for (let t = 0; t < T; t++) {
        if (t < half) {
          expect(firstCount[t], `first marker at ${t}`).toBeGreaterThan(0);
          expect(secondCount[t]).toBe(0);
        } else {
          expect(secondCount[t], `second marker at ${t}`).toBeGreaterThan(0);
          expect(firstCount[t]).toBe(0);
        }
      }
      // Uniform within each half: for small T every position gets its share
      // within 25% (expected counts ≥ 5000/5 = 1000, so 25% is > 8 sd).
      if (T <= 10) {
        for (let t = 0; t < T; t++) {
          const count = t < half ? (firstCount[t] as number) : (secondCount[t] as number);
          const expected = total / (t < half ? half : T - half);
          expect(Math.abs(count - expected) / expected).toBeLessThan(0.25);
        }
      }
    });
  }
});
