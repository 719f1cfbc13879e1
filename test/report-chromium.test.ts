/**
 * report.html opens in headless Chromium (Debian package `chromium`, at
 * /usr/bin/chromium) offline: no console errors, no network request besides
 * the page itself, every inline figure laid out, every SVG file accepted by
 * the browser's strict XML parser, and a screenshot written.
 *
 * The run folder with the screenshots (report.png, fig-accuracy-copy.png)
 * is kept and its path printed, for a person to look at.
 *
 * Where /usr/bin/chromium is absent the test is skipped and says so; CI
 * installs the package (.ci/run) so it runs there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../harness/report/index.js';
import { syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';

/** Debian's chromium; GAPBENCH_CHROMIUM points elsewhere (or at nothing, to see the skip). */
const CHROMIUM = process.env['GAPBENCH_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(
    `report-chromium: SKIPPED — ${CHROMIUM} not found, so report.html is not opened in a browser here. ` +
      'Install the Debian package `chromium` (apt-get install -y chromium) to run this test; CI does.',
  );
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('report.html in headless Chromium', () => {
  it.skipIf(!haveChromium)('opens offline with no console errors, lays out every figure and is screenshotted', async () => {
    const options: SyntheticOptions = { diverged: ['copy/rnn/g50/r1/h64/lr0.001'], errored: ['adding/gru/g200/r2/h64/lr0.001'] };
    const dir = writeRunDir(syntheticRows(options), syntheticManifest(options));
    const report = await writeReport(dir);
    const pageUrl = pathToFileURL(report.html).href;

    // a fresh profile per run: no cached state, no first-run work
    const profile = mkdtempSync(join(tmpdir(), 'gapbench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    const problems: string[] = [];
    const requests: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
      page.on('request', (req) => requests.push(req.url()));
      const response = await page.goto(pageUrl, { waitUntil: 'load' });
      expect(response === null || response.ok()).toBe(true);

      // six inline figures (accuracy + curves for three tasks), each drawn at a real size
      const boxes = await page.$$eval('figure .svg > svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]));
      expect(boxes.length).toBe(6);
      for (const [w, h] of boxes) {
        expect(w).toBeGreaterThan(300);
        expect(h).toBeGreaterThan(200);
      }
      expect(await page.title()).toContain('gapbench report');

      // the browser's own XML parser accepts every SVG file
      for (const file of report.figures) {
        const text = readFileSync(file, 'utf8');
        const error = await page.evaluate((svg) => {
          const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
          const err = doc.getElementsByTagName('parsererror')[0];
          return err === undefined ? (doc.documentElement.nodeName === 'svg' ? null : `root is ${doc.documentElement.nodeName}`) : (err.textContent ?? 'parse error');
        }, text);
        expect(error, file).toBeNull();
      }

      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      const figShot = join(dir, 'fig-accuracy-copy.png');
      await page.locator('#fig-accuracy-copy').screenshot({ path: figShot });
      for (const png of [shot, figShot]) {
        expect(readFileSync(png).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect(statSync(png).size).toBeGreaterThan(20_000);
      }
      console.log(`report-chromium: screenshots written to ${shot} and ${figShot}`);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    expect(requests.filter((u) => u !== pageUrl)).toEqual([]);
  });
});
