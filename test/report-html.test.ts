/**
 * writeReport writes report.html and one SVG per figure into the run folder;
 * the page is self-contained, and every number in its tables equals the
 * statistic recomputed here from the run's results.csv (written by
 * report/csv.ts, as `gapbench run` does). Failed cells are listed and
 * counted, never silently dropped; a torn last line is skipped with a
 * warning shown on the page.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../harness/report/index.js';
import { resultsCsv } from '../harness/report/csv.js';
import { removeRunDirs, parseCsv, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';

afterAll(removeRunDirs);

const options: SyntheticOptions = {
  diverged: ['copy/rnn/g50/r1/h64/lr0.001', 'adding/lstm/g20/r0/h64/lr0.001'],
  errored: ['delayed-recall/gru/g200/r2/h64/lr0.001', 'copy/gru/g10/r0/h64/lr0.001', 'copy/gru/g10/r1/h64/lr0.001'],
};
const TASKS = ['copy', 'adding', 'delayed-recall'];
const VARIANTS = ['rnn', 'lstm', 'peephole', 'coupled', 'gru'];
const GAPS = [10, 20, 50, 100, 200];

let dir = '';
let html = '';
let written: { html: string; figures: string[] };
const warnings: string[] = [];
let csv: Record<string, string>[] = [];

beforeAll(async () => {
  const rows = syntheticRows(options);
  // a torn last line: the run was killed mid-write
  // the grid has one more cell than finished: the one whose line was torn
  const manifest = { ...syntheticManifest(options), cells: [...rows.map((r) => ({ key: r.key })), { key: 'copy/lstm/g10/r9/h64/lr0.001' }] };
  dir = writeRunDir(rows, manifest, '{"key":"copy/lstm/g10/r9/h64/lr0.001","task":"co');
  writeFileSync(join(dir, 'results.csv'), resultsCsv(rows));
  written = await writeReport(dir, { onWarning: (m) => warnings.push(m) });
  html = readFileSync(join(dir, 'report.html'), 'utf8');
  csv = parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8'));
});

interface Cell {
  attrs: Record<string, string>;
  inner: string;
}

/** The data cells of the table with this id. */
function tableCells(id: string): Cell[] {
  const start = html.indexOf(`<table id="${id}"`);
  expect(start, `table ${id}`).toBeGreaterThanOrEqual(0);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<td class="num"((?: data-[a-z]+="[^"]*")+)>(.*?)<\/td>/g)].map((m) => ({
    attrs: Object.fromEntries([...(m[1] as string).matchAll(/data-([a-z]+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string])),
    inner: m[2] as string,
  }));
}

function span(inner: string, cls: string): string {
  const m = new RegExp(`<span class="${cls}">(.*?)</span>`).exec(inner);
  expect(m, `${cls} in ${inner}`).not.toBeNull();
  return (m as RegExpExecArray)[1] as string;
}

function records(task: string, variant: string, gap: number): Record<string, string>[] {
  return csv.filter((r) => r['task'] === task && r['variant'] === variant && Number(r['gap']) === gap);
}

/** A number printed with 3 decimals is within half a unit of the last place of the exact value. */
function expectShown(shown: number | undefined, exact: number): void {
  expect(Math.abs((shown as number) - exact), `${shown} vs ${exact}`).toBeLessThanOrEqual(0.0005 + 1e-9);
}

const okAcc = (recs: Record<string, string>[]): number[] => recs.filter((r) => r['status'] === 'ok').map((r) => Number(r['test_accuracy']));
const avg = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

describe('report.html', () => {
  it('writes report.html and an accuracy and a curves SVG per task into the run folder', () => {
    expect(written.html).toBe(join(dir, 'report.html'));
    expect(written.figures).toEqual([...TASKS.map((t) => join(dir, `fig-accuracy-${t}.svg`)), ...TASKS.map((t) => join(dir, `fig-curves-${t}.svg`))]);
    for (const f of written.figures) {
      expect(existsSync(f)).toBe(true);
      // the page inlines the very same SVG
      expect(html).toContain(readFileSync(f, 'utf8'));
    }
  });

  it('is self-contained: no scripts, no stylesheets or images fetched, only in-page or sibling links', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img|<iframe|<object|<embed/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(?!#)/i);
    const refs = [...html.matchAll(/\s(?:href|src|xlink:href)="([^"]*)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r, r).toMatch(/^(#[\w-]+|fig-[\w-]+\.svg)$/);
    expect((html.match(/<svg /g) ?? []).length).toBe(6);
  });

  it('accuracy tables: mean, min–max, n and failed count equal results.csv', () => {
    for (const task of TASKS) {
      const cells = tableCells(`acc-${task}`);
      expect(cells.length).toBe(VARIANTS.length * GAPS.length);
      for (const c of cells) {
        const recs = records(task, c.attrs['variant'] as string, Number(c.attrs['gap']));
        const acc = okAcc(recs);
        expectShown(Number(span(c.inner, 'mean')), avg(acc));
        const [lo, hi] = span(c.inner, 'range').split('–').map(Number);
        expectShown(lo, Math.min(...acc));
        expectShown(hi, Math.max(...acc));
        expect(span(c.inner, 'n')).toBe(`n=${acc.length}`);
        const failed = recs.length - acc.length;
        if (failed > 0) expect(span(c.inner, 'failed')).toBe(`${failed} failed`);
        else expect(c.inner).not.toContain('class="failed"');
      }
    }
    // chance row: copy's chance is 1/8
    expect(html).toMatch(/<tr class="chance"><th scope="row">chance<\/th><td class="num chance">0\.125<\/td>/);
  });

  it('steps-to-solve tables: median over replicates, "never" where the median replicate never solved', () => {
    let nevers = 0;
    for (const task of TASKS) {
      for (const c of tableCells(`solve-${task}`)) {
        const recs = records(task, c.attrs['variant'] as string, Number(c.attrs['gap'])).filter((r) => r['status'] === 'ok');
        const steps = recs.map((r) => (r['steps_to_solve'] === '' ? Infinity : Number(r['steps_to_solve']))).sort((a, b) => a - b);
        const n = steps.length;
        const med = n % 2 === 1 ? (steps[(n - 1) / 2] as number) : ((steps[n / 2 - 1] as number) + (steps[n / 2] as number)) / 2;
        const shown = span(c.inner, 'median');
        if (Number.isFinite(med)) expect(Number(shown)).toBe(med);
        else {
          expect(shown).toBe('never');
          nevers++;
        }
        expect(span(c.inner, 'n')).toBe(`${steps.filter(Number.isFinite).length}/${n} solved`);
      }
    }
    expect(nevers).toBeGreaterThan(0);
  });

  it('paired-difference tables: variant − lstm on the same replicate, mean ± 95% t-interval, n', () => {
    for (const task of TASKS) {
      const cells = tableCells(`paired-${task}`);
      expect(cells.length).toBe((VARIANTS.length - 1) * GAPS.length);
      for (const c of cells) {
        const variant = c.attrs['variant'] as string;
        const gap = Number(c.attrs['gap']);
        const diffs: number[] = [];
        for (let rep = 0; rep < 3; rep++) {
          const v = csv.find((r) => r['task'] === task && r['variant'] === variant && Number(r['gap']) === gap && r['replicate'] === String(rep) && r['status'] === 'ok');
          const b = csv.find((r) => r['task'] === task && r['variant'] === 'lstm' && Number(r['gap']) === gap && r['replicate'] === String(rep) && r['status'] === 'ok');
          if (v !== undefined && b !== undefined) diffs.push(Number(v['test_accuracy']) - Number(b['test_accuracy']));
        }
        expect(span(c.inner, 'n')).toBe(`n=${diffs.length}`);
        const m = avg(diffs);
        expectShown(Number(span(c.inner, 'diff')), m);
        const ci = span(c.inner, 'ci');
        if (diffs.length < 2) {
          expect(ci).toBe('no interval');
          continue;
        }
        const sd = Math.sqrt(diffs.reduce((s, v) => s + (v - m) ** 2, 0) / (diffs.length - 1));
        // t_{0.975}: df 1 → 12.7062, df 2 → 4.3027 (standard table)
        const half = ((diffs.length === 2 ? 12.7062 : 4.3027) * sd) / Math.sqrt(diffs.length);
        const [lo, hi] = ci.replace(/[[\]]/g, '').split(', ').map(Number);
        expectShown(lo, m - half);
        expectShown(hi, m + half);
      }
    }
    // copy/gru/g10 kept one replicate: the single difference, without an interval
    const single = tableCells('paired-copy').find((c) => c.attrs['variant'] === 'gru' && c.attrs['gap'] === '10');
    expect(single?.inner).toContain('no interval');
    expect(single?.inner).toContain('n=1');
  });

  it('max-reliable-gap table: largest gap where ≥ 2/3 of replicates reach the solved threshold, — if none', () => {
    const cells = tableCells('max-reliable-gap');
    expect(cells.length).toBe(TASKS.length * VARIANTS.length);
    let dashes = 0;
    for (const c of cells) {
      let best: number | null = null;
      for (const gap of GAPS) {
        const reached = okAcc(records(c.attrs['task'] as string, c.attrs['variant'] as string, gap)).filter((a) => a >= 0.95).length;
        if (3 * reached >= 2 * 3) best = gap;
      }
      const shown = span(c.inner, 'gap');
      expect(shown).toBe(best === null ? '—' : String(best));
      if (best === null) dashes++;
    }
    expect(dashes).toBeGreaterThan(0);
    expect(dashes).toBeLessThan(cells.length);
  });

  it('lists every failed cell with its status and detail, escaped', () => {
    const start = html.indexOf('<table id="failed-cells"');
    const table = html.slice(start, html.indexOf('</table>', start));
    for (const key of [...(options.diverged ?? []), ...(options.errored ?? [])]) expect(table).toContain(`data-key="${key}"`);
    expect((table.match(/<tr class="diverged"/g) ?? []).length).toBe(2);
    expect((table.match(/<tr class="error"/g) ?? []).length).toBe(3);
    expect(table).toContain('synthetic failure &lt;for the report test&gt; &amp; co');
    expect(html).toContain('<strong>225</strong>cells finished of 226 planned');
    expect(html).toContain('<strong>2</strong>diverged');
    expect(html).toContain('<strong>3</strong>error');
  });

  it('skips a torn last line with a warning, printed and shown on the page', () => {
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/cells\.jsonl: line 226 is incomplete/);
    expect(html).toContain('id="warnings"');
    expect(html).toContain('line 226 is incomplete');
  });

  it('shows the resolved config, its hash and the versions', () => {
    expect(html).toContain('f00dfeedf00dfeed');
    expect(html).toContain('<th scope="row">solvedThreshold</th><td><code>0.95</code>');
    expect(html).toContain('<th scope="row">gaps</th><td><code>[10,20,50,100,200]</code>');
    expect(html).toMatch(/node version<\/th><td><code>v20\.0\.0/);
    expect(html).toMatch(/gapbench version<\/th><td><code>0\.1\.0/);
  });

  it('is the same bytes when regenerated', async () => {
    const again = await writeReport(dir, { onWarning: () => undefined });
    expect(readFileSync(again.html, 'utf8')).toBe(html);
  });
});
