/**
 * Finite-difference gradient check (harness/engine/gradcheck.ts, central
 * differences, float64 reference backend) of every built-in variant, CE and
 * MSE heads, several seeds and two shapes: every parameter tensor and the
 * inputs x have normwise relative error below `gradcheckThreshold` (1e-6).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gradcheck, gradcheckThreshold, type GradcheckShape } from '../harness/engine/gradcheck.js';
import { ReferenceKernels } from '../harness/engine/kernels/reference.js';
import { Model } from '../harness/engine/model.js';
import { builtinVariants } from '../variants/index.js';

const seeds = ['test/1', 'test/2', 'test/3', 'test/4'];
const shapes: GradcheckShape[] = [
  { T: 5, B: 3, H: 4, X: 3 },
  { T: 7, B: 2, H: 3, X: 5 }, // X > H: catches a swapped h/x row split of W
];
const worst: string[] = [];

afterAll(() => console.log(worst.join('\n')));

describe('gradcheck of every built-in variant', () => {
  it('uses the 1e-6 threshold of the issue', () => {
    expect(gradcheckThreshold).toBe(1e-6);
  });

  for (const variant of Object.values(builtinVariants)) {
    for (const shape of shapes) {
      it(`${variant.name}, T=${shape.T} B=${shape.B} H=${shape.H} X=${shape.X}: every tensor and x below ${gradcheckThreshold}`, () => {
        const results = gradcheck(variant, { shape, seeds, losses: ['ce', 'mse'] });
        // One result per (loss, tensor), the worst over the seeds; every tensor is covered.
        const tensors = new Model(variant, { T: 1, Bmax: 1, H: shape.H, X: shape.X, O: 1, answerSteps: [0], loss: 'mse' }, new ReferenceKernels())
          .layout.specs.map((s) => s.name);
        const expected = ['ce', 'mse'].flatMap((loss) => [...tensors, 'x'].map((t) => `${loss}/${t}`)).sort();
        expect(results.map((r) => `${r.loss}/${r.tensor}`).sort()).toEqual(expected);
        for (const r of results) {
          expect(r.variant).toBe(variant.name);
          expect(r.max_rel_err, `${r.loss}/${r.tensor}`).toBeLessThan(gradcheckThreshold);
        }
        const max = results.reduce((a, r) => (r.max_rel_err > a.max_rel_err ? r : a));
        worst.push(`${variant.name} T=${shape.T} B=${shape.B} H=${shape.H} X=${shape.X}: worst ${max.loss}/${max.tensor} ${max.max_rel_err.toExponential(2)}`);
      });
    }
  }
});
