// With 2 workers, both worker threads really train cells, and the results
// are still byte-identical (timing columns aside) to a 1-worker run.
// test/run-workers-identical.test.ts shows the identity through the CLI but
// cannot see which thread trained what: a pool that quietly ran every cell
// on one thread would pass it. Here runExperiment's workerUrl seam (the
// worker script override) points at a thin wrapper around the real
// compiled worker (dist/harness/runner/worker.js) that logs, for every row
// the worker posts, its threadId and the cell key to a file; the row itself
// goes to the pool unchanged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { runExperiment, type RunExperimentResult } from '../harness/runner/run.js';
import { dropColumns, readText, removeDir, tempDir } from './helpers/gapbench.js';

const REAL_WORKER = new URL('../dist/harness/runner/worker.js', import.meta.url);

// 2 tasks × 2 variants × 1 gap × 2 replicates = 8 cells of 40 steps: seconds on 2 cores.
const config = { ...presets.ci, tasks: ['adding', 'delayed-recall'], variants: ['rnn', 'lstm'], gaps: [4], replicates: 2, steps: 40, evalEvery: 20 };
const CELLS = 8;

let root: string;
interface Logged {
  readonly threadId: number;
  readonly key: string;
}
interface Observed {
  readonly result: RunExperimentResult;
  readonly log: Logged[];
}
const runs = {} as { one: Observed; two: Observed };

/** A worker script that records (threadId, cell key) of every row it posts, then runs the real worker. */
function loggingWorker(logFile: string, name: string): URL {
  const file = join(root, `logging-worker-${name}.mjs`);
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs';
import { parentPort, threadId } from 'node:worker_threads';
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (msg, transfer) => {
  appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ threadId, key: msg.key }) + '\\n');
  return post(msg, transfer);
};
await import(${JSON.stringify(REAL_WORKER.href)});
`,
  );
  return pathToFileURL(file);
}

async function runWith(workers: number, name: string): Promise<Observed> {
  const logFile = join(root, `${name}.threads.jsonl`);
  writeFileSync(logFile, '');
  const result = await runExperiment(config, { workers, out: join(root, name), workerUrl: loggingWorker(logFile, name), onWarning: () => {} });
  const log = readFileSync(logFile, 'utf8')
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Logged);
  return { result, log };
}

beforeAll(async () => {
  root = tempDir('workers-threads');
  expect(readFileSync(fileURLToPath(REAL_WORKER)).length, 'build first: npx tsc -p tsconfig.json').toBeGreaterThan(0);
  runs.one = await runWith(1, 'one');
  runs.two = await runWith(2, 'two');
}, 120_000);
afterAll(() => removeDir(root));

describe('two workers', () => {
  it('complete every cell with status ok in both runs', () => {
    for (const r of [runs.one, runs.two]) {
      expect(r.result.status).toBe('complete');
      expect(r.result.rows).toHaveLength(CELLS);
      for (const row of r.result.rows) expect(row.status, row.key).toBe('ok');
    }
  });

  it('logs one row per cell, posted from worker threads', () => {
    for (const r of [runs.one, runs.two]) {
      expect(r.log.map((l) => l.key).sort()).toEqual(r.result.rows.map((row) => row.key).sort());
      for (const l of r.log) expect(l.threadId).toBeGreaterThan(0); // 0 is a main thread
    }
  });

  it('1 worker: every cell on one thread; 2 workers: two threads, each trained cells', () => {
    expect(new Set(runs.one.log.map((l) => l.threadId)).size).toBe(1);
    const perThread = new Map<number, number>();
    for (const l of runs.two.log) perThread.set(l.threadId, (perThread.get(l.threadId) ?? 0) + 1);
    expect(perThread.size, `cells per thread: ${JSON.stringify([...perThread])}`).toBe(2);
    for (const [thread, n] of perThread) expect(n, `thread ${thread}`).toBeGreaterThan(0);
    expect(runs.two.result.dir).not.toBe(runs.one.result.dir);
  });

  it('gives results byte-identical to 1 worker (timing aside)', () => {
    const [a, b] = [runs.one.result.dir, runs.two.result.dir];
    expect(dropColumns(readText(b, 'results.csv'), TIMING_COLUMNS)).toBe(dropColumns(readText(a, 'results.csv'), TIMING_COLUMNS));
    expect(readText(b, 'curves.csv')).toBe(readText(a, 'curves.csv'));
    expect(readText(b, 'gradflow.csv')).toBe(readText(a, 'gradflow.csv'));
    const strip = (rows: RunExperimentResult['rows']): string => JSON.stringify(rows.map(({ wall_ms: _w, ...rest }) => rest));
    expect(strip(runs.two.result.rows)).toBe(strip(runs.one.result.rows));
  });
});
