// A worker started early (startWorkerEarly, before the run is planned) is
// adopted by the next runPool of the same worker script: it gets the run's
// plugins in a message instead of workerData, then trains its cells like any
// other worker. A run of another script does not adopt it. A stand-in worker
// script (written to a temp folder) reports which plugins it got and how.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runPool, startWorkerEarly } from '../harness/runner/pool.js';
import type { PluginRef } from '../harness/plugins/types.js';
import type { CellRow, CellSpec } from '../harness/runner/types.js';
import { removeDir, tempDir } from './helpers/gapbench.js';

const dir = tempDir('pool-early');
afterAll(() => removeDir(dir));

/** Answers each cell with the plugins it was given and whether they came by message (early) or workerData. */
const standIn = `import { parentPort, workerData } from 'node:worker_threads';
let plugins = workerData.plugins;
const via = plugins === null ? 'message' : 'workerData';
parentPort.on('message', (msg) => {
  if (!('spec' in msg)) {
    plugins = msg.plugins;
    return;
  }
  parentPort.postMessage({ key: msg.spec.key, row: { key: msg.spec.key, status: 'ok', plugins, via } });
});
`;
const urlA = pathToFileURL(join(dir, 'worker-a.mjs'));
const urlB = pathToFileURL(join(dir, 'worker-b.mjs'));
writeFileSync(urlA, standIn);
writeFileSync(urlB, standIn);

const plugins: PluginRef[] = [{ path: '/plugins/mgu.js', sha256: 'ab'.repeat(32) }];
const spec = (key: string): CellSpec => ({ key }) as unknown as CellSpec;
const crashRow = (s: CellSpec, message: string): CellRow => ({ key: s.key, status: 'error', message }) as unknown as CellRow;

interface StandInRow {
  key: string;
  plugins: PluginRef[];
  via: string;
}

async function run(workerUrl: URL, keys: string[], workers: number): Promise<StandInRow[]> {
  const rows: StandInRow[] = [];
  const outcome = await runPool(keys.map(spec), { workers, workerUrl, plugins, crashRow, onRow: (row) => rows.push(row as unknown as StandInRow) });
  expect(outcome).toBe('complete');
  return rows;
}

describe('early pool worker', () => {
  it('is adopted by the next run of its script and gets the run plugins by message', async () => {
    startWorkerEarly(urlA);
    const rows = await run(urlA, ['a', 'b', 'c', 'd'], 2);
    expect(rows.map((r) => r.key).sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const r of rows) expect(r.plugins).toEqual(plugins);
    // One of the two workers is the early one (plugins by message), the other a fresh one.
    expect(new Set(rows.map((r) => r.via))).toEqual(new Set(['message', 'workerData']));
    // Adopted once: a later run starts fresh workers only.
    const again = await run(urlA, ['e'], 1);
    expect(again[0]?.via).toBe('workerData');
  });

  it('is not adopted by a run of another worker script', async () => {
    startWorkerEarly(urlA);
    const rows = await run(urlB, ['a', 'b'], 2);
    expect(rows.map((r) => r.via)).toEqual(['workerData', 'workerData']);
    expect(rows.every((r) => r.plugins.length === 1)).toBe(true);
  });
});
