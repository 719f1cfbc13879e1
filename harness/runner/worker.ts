/**
 * Worker thread of the pool (pool.ts): trains the cells it is sent, one at
 * a time, and posts each row back. trainCell never throws; anything that
 * escapes (a crash of the thread itself) is handled by the pool.
 */
import { parentPort } from 'node:worker_threads';
import type { CellRequest, CellResponse } from './pool.js';
import { trainCell } from './train-cell.js';

if (parentPort === null) {
  throw new Error('harness/runner/worker.js runs only as a worker thread of the gapbench pool; call runExperiment instead');
}
const port = parentPort;
port.on('message', (msg: CellRequest) => {
  const row = trainCell(msg.spec);
  port.postMessage({ key: msg.spec.key, row } satisfies CellResponse);
});
