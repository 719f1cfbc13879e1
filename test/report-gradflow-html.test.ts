/**
 * report.html places each task's gradient-flow figure in that task's
 * section, after the accuracy and curve figures and before the tables,
 * with a caption that says what the reader sees; the SVG file is written
 * next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../harness/report/index.js';
import { removeRunDirs, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';
import { withGradflow } from './helpers/gradflow-rows.js';
import { xmlError } from './helpers/xml.js';

afterAll(removeRunDirs);

const options: SyntheticOptions = { gaps: [10, 20], replicates: 2 };

describe('gradient-flow figure in report.html', () => {
  it('sits in each task section between the curves figure and the tables, with its caption', async () => {
    const dir = writeRunDir(withGradflow(syntheticRows(options)), syntheticManifest(options));
    const written = await writeReport(dir, { onWarning: () => {} });
    const html = readFileSync(written.html, 'utf8');
    for (const task of ['copy', 'adding', 'delayed-recall']) {
      const file = `fig-gradflow-${task}.svg`;
      expect(written.figures).toContain(join(dir, file));
      expect(existsSync(join(dir, file))).toBe(true);
      expect(xmlError(readFileSync(join(dir, file), 'utf8')), file).toBeNull();
      const start = html.indexOf(`<section id="task-${task}">`);
      const section = html.slice(start, html.indexOf('</section>', start));
      const at = section.indexOf(`<figure id="fig-gradflow-${task}">`);
      expect(at, `${task} section holds the figure`).toBeGreaterThan(section.indexOf(`<figure id="fig-curves-${task}">`));
      expect(at).toBeLessThan(section.indexOf('<h3>Test accuracy</h3>'));
      const caption = /<figcaption>(.*?)<\/figcaption>/s.exec(section.slice(at))?.[1] ?? '';
      expect(caption).toContain(`${task}: why the vanilla rnn forgets.`);
      expect(caption).toMatch(/falls geometrically/);
      expect(caption).toMatch(/long-term dependency problem/);
      expect(caption).toContain('c = f*c₋ + i*ĉ');
      expect(caption).toContain(`<a href="${file}">`);
    }
  });

  it('is absent from the page when the run recorded no gradient flow', async () => {
    const dir = writeRunDir(syntheticRows(options), syntheticManifest(options));
    const written = await writeReport(dir, { onWarning: () => {} });
    expect(readFileSync(written.html, 'utf8')).not.toContain('fig-gradflow-');
    expect(written.figures.some((f) => f.includes('fig-gradflow-'))).toBe(false);
  });
});
