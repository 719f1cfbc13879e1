/**
 * Worker thread of the pool (pool.ts): trains the cells it is sent, one at
 * a time, and posts each row back. trainCell never throws; anything that
 * escapes (a crash of the thread itself) is handled by the pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPluginRefs } from '../plugins/load.js';
import type { CellRequest, CellResponse, PluginsRequest, WorkerInit } from './pool.js';
import { trainCell } from './train-cell.js';

if (parentPort === null) {
  throw new Error('harness/runner/worker.js runs only as a worker thread of the gapbench pool; call runExperiment instead');
}
const port = parentPort;
/** Trains one cell and posts its row. */
const train = (msg: CellRequest): void => {
  const row = trainCell(msg.spec);
  port.postMessage({ key: msg.spec.key, row } satisfies CellResponse);
};
const given = (workerData as WorkerInit | null)?.plugins;
if (given !== null) {
  // The run's plugins register their variants and tasks here too; cells sent
  // meanwhile wait in the port's queue (no listener yet). A failure ends the
  // thread, and the pool turns its cell into an error row naming the cause.
  await loadPluginRefs(given ?? [], 'this run');
  port.on('message', train);
} else {
  // Started early (pool.startWorkerEarly): the first message names the run's
  // plugins; cells arriving while they load wait for them, in order. A
  // failure ends the thread as above (uncaught, out of the promise chain).
  let ready: Promise<unknown> | null = null;
  port.on('message', (msg: CellRequest | PluginsRequest) => {
    if (!('spec' in msg)) {
      ready = loadPluginRefs(msg.plugins, 'this run');
      return;
    }
    if (ready === null) throw new Error(`harness/runner/worker.js: cell ${msg.spec.key} arrived before the run's plugins`);
    ready.then(
      () => train(msg),
      (err: unknown) =>
        setImmediate(() => {
          throw err;
        }),
    );
  });
}
