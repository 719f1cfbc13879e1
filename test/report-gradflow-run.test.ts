// `gapbench run` with gradient flow on (the default) writes fig-gradflow-<task>.svg
// from the cells it trained and puts it into report.html; with --no-gradflow
// neither the CSV nor the figure exists. Runs the compiled CLI on a tiny slice.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';
import { xmlError } from './helpers/xml.js';

const small = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,lstm,gru', '--gaps', '3,6', '--replicates', '1', '--steps', '20', '--workers', '1'];
const root = tempDir('gradflow-report');
afterAll(() => removeDir(root));

describe('gapbench run and the gradient-flow figure', () => {
  it('writes the figure of a real run into the run folder and report.html, and none with --no-gradflow', async () => {
    const on = join(root, 'on');
    const off = join(root, 'off');
    const a = await gapbench(['run', ...small, '--out', on], root);
    expect(a.code, a.stderr).toBe(0);
    const svg = readText(on, 'fig-gradflow-delayed-recall.svg');
    expect(xmlError(svg)).toBeNull();
    const labels = (layer: string): string[] =>
      [...svg.matchAll(new RegExp(`class="mark-line role-mark ${layer}_marks"[^>]*><path aria-label="([^"]*)"`, 'g'))].map((m) => m[1] as string);
    expect(labels('series')).toEqual(['rnn', 'lstm', 'gru', 'rnn', 'lstm', 'gru']);
    expect(labels('cell_series')).toEqual(['lstm', 'lstm']);
    // the largest gap of the run, 6: delayed-recall answers at step 7, so distances 0…7
    expect(svg).toContain('gap 6 (the largest of the run)');
    expect(readText(on, 'report.html')).toContain('<figure id="fig-gradflow-delayed-recall">');

    const b = await gapbench(['run', ...small, '--no-gradflow', '--out', off], root);
    expect(b.code, b.stderr).toBe(0);
    expect(existsSync(join(off, 'report.html'))).toBe(true);
    expect(existsSync(join(off, 'fig-gradflow-delayed-recall.svg'))).toBe(false);
    expect(readText(off, 'report.html')).not.toContain('fig-gradflow-');
  });
});
