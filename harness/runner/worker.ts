/**
 * Worker thread of the pool (pool.ts): trains the cells it is sent, one at
 * a time, and posts each row back. trainCell never throws; anything that
 * escapes (a crash of the thread itself) is handled by the pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPluginRefs } from '../plugins/load.js';
import type { CellRequest, CellResponse, WorkerInit } from './pool.js';
import { trainCell } from './train-cell.js';

if (parentPort === null) {
  throw new Error('harness/runner/worker.js runs only as a worker thread of the gapbench pool; call runExperiment instead');
}
const port = parentPort;
// The run's plugins register their variants and tasks here too; cells sent
// meanwhile wait in the port's queue (no listener yet). A failure ends the
// thread, and the pool turns its cell into an error row naming the cause.
await loadPluginRefs((workerData as WorkerInit | null)?.plugins ?? [], 'this run');
port.on('message', (msg: CellRequest) => {
  const row = trainCell(msg.spec);
  port.postMessage({ key: msg.spec.key, row } satisfies CellResponse);
});
