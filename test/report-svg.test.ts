/**
 * The report figures are well-formed SVG with one series per variant and a
 * dashed chance line, and the same rows give the same SVG bytes.
 *
 * Well-formedness: no XML parser is installed and adding a package needs
 * asking, so the report tests share a small strict checker of the XML 1.0
 * rules an SVG viewer enforces (test/helpers/xml.ts: one root, balanced and
 * properly nested tags, quoted and unique attributes, no raw `<` or stray
 * `&`, only predefined or numeric entities, declared namespace prefixes).
 * The checker is itself tested on broken inputs below;
 * test/report-chromium.test.ts parses the same SVGs with the browser's XML
 * parser as a second, independent check.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { accuracyFigures, curveFigures, loadRun, reportContext } from '../harness/report/index.js';
import type { ReportContext } from '../harness/report/index.js';
import type { CellRow } from '../harness/runner/types.js';
import { removeRunDirs, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';
import { xmlError } from './helpers/xml.js';

afterAll(removeRunDirs);

function contextFor(options: SyntheticOptions, rows: CellRow[] = syntheticRows(options)): ReportContext {
  const dir = writeRunDir(rows, syntheticManifest(options));
  const run = loadRun(dir);
  return reportContext(dir, run.manifest, run.rows);
}

/** Variant names of the series lines, in drawing order. */
function seriesLabels(svg: string): string[] {
  return [...svg.matchAll(/class="mark-line role-mark series_marks"[^>]*><path aria-label="([^"]*)"/g)].map((m) => m[1] as string);
}

function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
}

describe('the XML checker rejects what an XML parser rejects', () => {
  it.each([
    ['<a><b></a></b>', /does not match/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a>&nbsp;</a>', /bad entity/],
    ['<a>AT&T</a>', /bad entity/],
    ['<a>1 < 2</a>', /bad element name/],
    ['<a/><b/>', /second root/],
    ['<a x=1/>', /bad attribute/],
    ['<a x="<"/>', /"<" in the value/],
    ['<a xlink:href="#x"/>', /undeclared namespace/],
    ['<a><b>', /unclosed/],
    ['text', /outside the root/],
  ])('%s', (doc, why) => {
    expect(xmlError(doc)).toMatch(why);
  });

  it('accepts a well-formed document', () => {
    expect(xmlError('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><!-- c --><a xlink:href="#x" t=\'1 &amp; 2\'>&lt;&#60;&#x3c;</a></svg>')).toBeNull();
  });
});

describe('accuracy-vs-gap figure', () => {
  const options: SyntheticOptions = { diverged: ['copy/rnn/g50/r1/h64/lr0.001'] };

  it('is well-formed SVG with one series per variant, a legend entry per variant and a dashed chance line', async () => {
    const ctx = contextFor(options);
    const figs = await accuracyFigures(ctx);
    expect(figs.map((f) => f.file)).toEqual(['fig-accuracy-copy.svg', 'fig-accuracy-adding.svg', 'fig-accuracy-delayed-recall.svg']);
    for (const f of figs) {
      expect(xmlError(f.svg), f.file).toBeNull();
      expect(f.svg.startsWith('<svg')).toBe(true);
      expect(seriesLabels(f.svg)).toEqual(['rnn', 'lstm', 'peephole', 'coupled', 'gru']);
      expect(legendLabels(f.svg)).toEqual(['rnn', 'lstm', 'peephole', 'coupled', 'gru']);
      const chance = [...f.svg.matchAll(/class="mark-line role-mark chance_marks"[^>]*><path aria-label="chance"[^>]*stroke-dasharray="6,4"/g)];
      expect(chance.length).toBe(1);
      expect(f.svg).toContain(`>${f.task}: test accuracy vs gap</text>`);
      expect(f.svg).toContain('>test accuracy</text>');
      expect(f.svg).toMatch(/>gap \(steps between information and answer, log scale\)<\/text>/);
      // ticks exactly at the gaps of the run
      const ticks = [...f.svg.matchAll(/class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)][0]?.[1] ?? '';
      expect([...ticks.matchAll(/>(\d+)<\/text>/g)].map((m) => m[1])).toEqual(['10', '20', '50', '100', '200']);
      expect(f.caption).toMatch(/min.*max/);
    }
  });

  it('escapes names that are not XML-safe', async () => {
    const odd: SyntheticOptions = { tasks: ['copy'], variants: ['lstm', 'a&b<c>"q"'], gaps: [10, 20] };
    const ctx = contextFor(odd);
    const [fig] = await accuracyFigures(ctx);
    expect(xmlError(fig?.svg ?? '')).toBeNull();
    expect(legendLabels(fig?.svg ?? '')).toEqual(['lstm', 'a&amp;b&lt;c&gt;"q"']);
  });

  it('same rows in any order give the same bytes', async () => {
    const rows = syntheticRows(options);
    const a = await accuracyFigures(contextFor(options, rows));
    const b = await accuracyFigures(contextFor(options, [...rows].reverse()));
    expect(b.map((f) => f.svg)).toEqual(a.map((f) => f.svg));
    const again = await accuracyFigures(contextFor(options, rows));
    expect(again.map((f) => f.svg)).toEqual(a.map((f) => f.svg));
  });

  it('a swept hidden size gets one panel per setting, each with every variant', async () => {
    const swept: SyntheticOptions = { tasks: ['copy'], variants: ['rnn', 'lstm'], gaps: [10, 50], hidden: [16, 32], replicates: 2 };
    const [fig] = await accuracyFigures(contextFor(swept));
    expect(xmlError(fig?.svg ?? '')).toBeNull();
    expect(seriesLabels(fig?.svg ?? '')).toEqual(['rnn', 'lstm', 'rnn', 'lstm']);
    expect(fig?.svg).toContain('>hidden 16, lr 0.001</text>');
    expect(fig?.svg).toContain('>hidden 32, lr 0.001</text>');
  });
});

describe('edge cases still render', () => {
  it('a task whose every replicate failed, at a single gap: axes, legend and chance line, no series', async () => {
    const options: SyntheticOptions = {
      tasks: ['copy'],
      variants: ['rnn', 'lstm'],
      gaps: [20],
      replicates: 1,
      diverged: ['copy/rnn/g20/r0/h64/lr0.001'],
      errored: ['copy/lstm/g20/r0/h64/lr0.001'],
    };
    const ctx = contextFor(options);
    const figs = [...(await accuracyFigures(ctx)), ...(await curveFigures(ctx))];
    for (const f of figs) {
      expect(xmlError(f.svg), f.file).toBeNull();
      expect(seriesLabels(f.svg)).toEqual([]);
      expect(legendLabels(f.svg)).toEqual(['rnn', 'lstm']);
      expect(f.svg).toMatch(/aria-label="chance"/);
    }
  });
});

describe('learning-curve figure', () => {
  it('is well-formed SVG with one panel per gap, one series per variant in each, and the chance line', async () => {
    const options: SyntheticOptions = { gaps: [10, 50, 200], errored: ['adding/gru/g50/r0/h64/lr0.001'] };
    const figs = await curveFigures(contextFor(options));
    expect(figs.map((f) => f.file)).toEqual(['fig-curves-copy.svg', 'fig-curves-adding.svg', 'fig-curves-delayed-recall.svg']);
    for (const f of figs) {
      expect(xmlError(f.svg), f.file).toBeNull();
      const labels = seriesLabels(f.svg);
      expect(labels.length).toBe(3 * 5);
      for (const v of ['rnn', 'lstm', 'peephole', 'coupled', 'gru']) expect(labels.filter((l) => l === v).length).toBe(3);
      for (const g of [10, 50, 200]) expect(f.svg).toContain(`>gap ${g}</text>`);
      expect([...f.svg.matchAll(/<line aria-label="chance"[^>]*stroke-dasharray="6,4"/g)].length).toBe(3);
      expect(legendLabels(f.svg)).toEqual(['rnn', 'lstm', 'peephole', 'coupled', 'gru']);
    }
  });
});
