// The pool survives a worker that dies mid-cell (process.exit in the
// thread, an uncaught exception): that cell becomes an error row naming the
// cause, a fresh worker takes over, and every other cell still finishes.
// Aborting stops scheduling and resolves 'interrupted'. A stand-in worker
// script (written to a temp folder) replaces trainCell here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runPool } from '../harness/runner/pool.js';
import type { CellRow, CellSpec } from '../harness/runner/types.js';
import { removeDir, tempDir } from './helpers/gapbench.js';

const dir = tempDir('pool');
afterAll(() => removeDir(dir));

const workerUrl = pathToFileURL(join(dir, 'stand-in-worker.mjs'));
writeFileSync(
  workerUrl,
  `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ spec }) => {
  if (spec.key === 'exits') process.exit(3);
  if (spec.key === 'throws') throw new Error('boom in the worker');
  setTimeout(() => parentPort.postMessage({ key: spec.key, row: { key: spec.key, status: 'ok', threadId: 0 } }), spec.delay ?? 0);
});
`,
);

const spec = (key: string, delay = 0): CellSpec => ({ key, delay }) as unknown as CellSpec;
const crashRow = (s: CellSpec, message: string): CellRow => ({ key: s.key, status: 'error', message }) as unknown as CellRow;

describe('worker pool', () => {
  it('turns a dead worker into an error row and finishes every other cell', async () => {
    const rows: CellRow[] = [];
    const keys = ['a', 'exits', 'b', 'throws', 'c', 'd'];
    const outcome = await runPool(keys.map((k) => spec(k)), { workers: 2, workerUrl, crashRow, onRow: (row) => rows.push(row) });
    expect(outcome).toBe('complete');
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('exits')).toMatchObject({ status: 'error', message: expect.stringMatching(/worker died while training exits \(exit code 3\)/) });
    expect(byKey.get('throws')).toMatchObject({ status: 'error', message: expect.stringMatching(/exit code 1: boom in the worker/) });
    for (const k of ['a', 'b', 'c', 'd']) expect(byKey.get(k)?.status).toBe('ok');
  });

  it('stops scheduling when aborted and resolves interrupted', async () => {
    const controller = new AbortController();
    const rows: CellRow[] = [];
    const queue = Array.from({ length: 40 }, (_, i) => spec(`cell${i}`, 30));
    const outcome = await runPool(queue, {
      workers: 2,
      workerUrl,
      crashRow,
      signal: controller.signal,
      onRow: (row) => {
        rows.push(row);
        controller.abort();
      },
    });
    expect(outcome).toBe('interrupted');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThan(queue.length);
  });

  it('reports a missing worker script with the fix', async () => {
    const missing = pathToFileURL(join(dir, 'nope.js'));
    await expect(runPool([spec('a')], { workers: 1, workerUrl: missing, crashRow, onRow: () => {} })).rejects.toThrow(/worker script .*nope\.js is missing; build first/);
  });
});
