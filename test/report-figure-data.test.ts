// The accuracy-vs-gap figure draws what its caption says (figures.ts):
// per (task, variant, gap) the line is the MEAN test accuracy over the ok
// replicates and the shaded band spans the MIN to the MAX ok replicate;
// diverged and error replicates are left out, and a group with no ok
// replicate draws no point. The expected numbers are computed here from the
// fixture rows with plain loops, not with report/aggregate.ts.
//
// Checked twice: in the Vega-Lite spec (whatever field the series and band
// layers encode, the data under that field must be the mean / min / max),
// and in the rendered Vega scenegraph (each drawn point and band edge sits
// at the y scale's pixel of the mean / min / max), so neither a wrong
// number in the data nor a wrong field in an encoding passes.
import { afterAll, describe, expect, it } from 'vitest';
import { accuracySpec, loadRun, reportContext } from '../harness/report/index.js';
import type { ReportContext } from '../harness/report/index.js';
import type { CellRow } from '../harness/runner/types.js';
import { removeRunDirs, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';

afterAll(removeRunDirs);

// 2 tasks × 3 variants × 3 gaps × 4 replicates; replicates differ (seeded
// noise), so mean, min and max are distinct numbers in every group.
const options: SyntheticOptions = {
  tasks: ['copy', 'adding'],
  variants: ['rnn', 'lstm', 'gru'],
  gaps: [5, 20, 80],
  replicates: 4,
  diverged: ['copy/rnn/g20/r1/h64/lr0.001', 'adding/gru/g80/r3/h64/lr0.001'],
  // every replicate of copy/lstm/g80 failed: no point at all for that group
  errored: [0, 1, 2, 3].map((r) => `copy/lstm/g80/r${r}/h64/lr0.001`),
};
const rows = syntheticRows(options);
const dir = writeRunDir(rows, syntheticManifest(options));
const run = loadRun(dir);
const ctx: ReportContext = reportContext(dir, run.manifest, run.rows);

interface Expected {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Mean, min, max of ok test accuracies per `task|variant|gap`, by plain loops over the fixture. */
function expectedStats(all: readonly CellRow[]): Map<string, Expected> {
  const acc = new Map<string, number[]>();
  for (const r of all) {
    if (r.status !== 'ok') continue;
    const k = `${r.task}|${r.variant}|${r.gap}`;
    const list = acc.get(k) ?? [];
    list.push(r.test_accuracy);
    acc.set(k, list);
  }
  const out = new Map<string, Expected>();
  for (const [k, list] of acc) {
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of list) {
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.set(k, { mean: sum / list.length, min: lo, max: hi, n: list.length });
  }
  return out;
}

type Datum = Record<string, unknown>;
interface LayerSpec {
  name: string;
  transform?: { filter: string }[];
  encoding: { y: { field: string }; y2?: { field: string } };
}

function layers(spec: unknown): LayerSpec[] {
  return (spec as { layer: LayerSpec[] }).layer;
}

function layer(spec: unknown, name: string): LayerSpec {
  const l = layers(spec).find((x) => x.name === name);
  if (l === undefined) throw new Error(`no layer named ${name}; layers: ${layers(spec).map((x) => x.name).join(', ')}`);
  return l;
}

/** The data rows a layer draws: the spec's inline values passed through its `datum.kind === '...'` filter. */
function layerData(spec: unknown, l: LayerSpec): Datum[] {
  const values = (spec as { data: { values: Datum[] } }).data.values;
  const filter = l.transform?.[0]?.filter ?? '';
  const kind = /datum\.kind === '([^']+)'/.exec(filter)?.[1];
  expect(kind, `layer ${l.name} filters by kind`).toBeDefined();
  return values.filter((v) => v.kind === kind);
}

const expected = expectedStats(rows);

describe('accuracy figure data', () => {
  it('the fixture has failed replicates, an all-failed group and distinct mean, min, max', () => {
    expect(rows.some((r) => r.status === 'diverged')).toBe(true);
    expect(expected.has('copy|lstm|80')).toBe(false);
    expect(expected.get('copy|rnn|20')?.n).toBe(3);
    for (const e of expected.values()) {
      expect(e.min).toBeLessThan(e.mean);
      expect(e.mean).toBeLessThan(e.max);
    }
  });

  for (const task of options.tasks ?? []) {
    it(`${task}: the series line plots the mean over ok replicates, one point per group`, () => {
      const spec = accuracySpec(ctx, task);
      const series = layer(spec, 'series');
      const data = layerData(spec, series);
      const want = [...expected.keys()].filter((k) => k.startsWith(`${task}|`)).sort();
      expect(data.map((d) => `${String(d.task ?? task)}|${String(d.variant)}|${String(d.gap)}`).sort()).toEqual(want);
      for (const d of data) {
        const e = expected.get(`${task}|${String(d.variant)}|${String(d.gap)}`)!;
        const plotted = d[series.encoding.y.field];
        expect(typeof plotted, `series y field ${series.encoding.y.field}`).toBe('number');
        expect(plotted as number, `${task} ${String(d.variant)} gap ${String(d.gap)}`).toBeCloseTo(e.mean, 12);
      }
    });

    it(`${task}: the band spans min to max over ok replicates`, () => {
      const spec = accuracySpec(ctx, task);
      const band = layer(spec, 'band');
      expect(band.encoding.y2, 'band has a y2 edge').toBeDefined();
      const data = layerData(spec, band);
      expect(data.length).toBe([...expected.keys()].filter((k) => k.startsWith(`${task}|`)).length);
      for (const d of data) {
        const e = expected.get(`${task}|${String(d.variant)}|${String(d.gap)}`)!;
        const lo = d[band.encoding.y.field] as number;
        const hi = d[band.encoding.y2!.field] as number;
        expect(lo).toBeCloseTo(e.min, 12);
        expect(hi).toBeCloseTo(e.max, 12);
      }
    });
  }

  it('the caption and subtitle say mean and min–max', () => {
    const spec = accuracySpec(ctx, 'copy') as { title: { subtitle: string } };
    expect(spec.title.subtitle).toMatch(/line = mean over replicates; band = min–max over replicates/);
  });
});

interface SceneItem {
  y?: number;
  y2?: number;
  datum?: Datum;
  items?: SceneItem[];
  name?: string;
  marktype?: string;
}

/** Every mark (scenegraph node with a name) under `node`, depth first. */
function marks(node: SceneItem, out: SceneItem[] = []): SceneItem[] {
  if (node.marktype !== undefined && node.name !== undefined) out.push(node);
  for (const child of node.items ?? []) marks(child, out);
  return out;
}

describe('accuracy figure as rendered by Vega', () => {
  it('puts every series point at the mean and every band edge at the min and max', async () => {
    const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
    for (const task of options.tasks ?? []) {
      const view = new vega.View(vega.parse(vl.compile(accuracySpec(ctx, task)).spec), { renderer: 'none' });
      try {
        await view.runAsync();
        const y = view.scale('y') as (v: number) => number;
        const all = marks((view.scenegraph() as unknown as { root: SceneItem }).root);
        const points = all.filter((m) => m.name === 'series_marks' && m.marktype === 'line').flatMap((m) => m.items ?? []);
        const areas = all.filter((m) => m.name === 'band_marks').flatMap((m) => m.items ?? []);
        const want = [...expected.entries()].filter(([k]) => k.startsWith(`${task}|`));
        expect(points.length, `${task} series points`).toBe(want.length);
        expect(areas.length, `${task} band points`).toBe(want.length);
        for (const p of points) {
          const e = expected.get(`${task}|${String(p.datum?.variant)}|${String(p.datum?.gap)}`)!;
          expect(p.y!, `${task} ${String(p.datum?.variant)} gap ${String(p.datum?.gap)}`).toBeCloseTo(y(e.mean), 6);
        }
        for (const a of areas) {
          const e = expected.get(`${task}|${String(a.datum?.variant)}|${String(a.datum?.gap)}`)!;
          expect([a.y!, a.y2!].sort((p, q) => p - q)[0]).toBeCloseTo(Math.min(y(e.min), y(e.max)), 6);
          expect([a.y!, a.y2!].sort((p, q) => p - q)[1]).toBeCloseTo(Math.max(y(e.min), y(e.max)), 6);
        }
      } finally {
        view.finalize();
      }
    }
  });
});
