/**
 * The worker pool: `workers` worker_threads, each training one cell at a
 * time from a shared queue (already ordered longest first). Every cell is
 * an independent pure computation of its CellSpec, so results do not depend
 * on the worker count or on which worker ran what.
 *
 * A worker that dies mid-cell (out of memory, a crash outside trainCell)
 * turns that cell into an error row and is replaced; each cell is tried
 * once. Aborting `signal` stops scheduling and terminates the workers at
 * once; cells in flight are dropped (they rerun on resume).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PluginRef } from '../plugins/types.js';
import type { CellRow, CellSpec } from './types.js';

/** main → worker */
export interface CellRequest {
  readonly spec: CellSpec;
}
/**
 * Data every worker gets at start (`workerData`): plugins to load before the
 * first cell, or null for a worker started early (startWorkerEarly), whose
 * first message is a PluginsRequest.
 */
export interface WorkerInit {
  readonly plugins: readonly PluginRef[] | null;
}
/** main → early worker, once, before any cell. */
export interface PluginsRequest {
  readonly plugins: readonly PluginRef[];
}
/** worker → main */
export interface CellResponse {
  readonly key: string;
  readonly row: CellRow;
}

/**
 * The compiled worker script. Workers always run compiled JS from dist/:
 * when this module itself runs from source (vitest), point at the build
 * (`npm test` builds first).
 */
export function defaultWorkerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('../../dist/harness/runner/worker.js', import.meta.url);
  return new URL('./worker.js', import.meta.url);
}

/** A worker started before its run is planned, not yet adopted by runPool. */
interface EarlyWorker {
  readonly worker: Worker;
  readonly href: string;
  exited: boolean;
}
let early: EarlyWorker | null = null;

/**
 * Starts one worker now, before the run is planned, so that its thread
 * start-up and module loading overlap the main thread's (the CLI calls it
 * while it loads the run code). The next runPool with the same worker script
 * adopts it and sends it the run's plugins. Until then it does not keep the
 * process alive; an early worker that fails to start is replaced by a fresh one.
 */
export function startWorkerEarly(url: URL = defaultWorkerUrl()): void {
  if (early !== null || !existsSync(fileURLToPath(url))) return;
  const entry: EarlyWorker = { worker: new Worker(url, { workerData: { plugins: null } satisfies WorkerInit }), href: url.href, exited: false };
  // Its failures surface again, and are reported, in the worker that replaces it.
  entry.worker.on('error', () => {});
  entry.worker.once('exit', () => {
    entry.exited = true;
    if (early === entry) early = null;
  });
  entry.worker.unref();
  early = entry;
}

/** The early worker, if it runs `url` and is alive, now referenced; else null. */
function adoptEarlyWorker(url: URL): Worker | null {
  const entry = early;
  early = null;
  if (entry === null) return null;
  if (entry.exited || entry.href !== url.href) {
    void entry.worker.terminate();
    return null;
  }
  entry.worker.ref();
  return entry.worker;
}

export interface PoolOptions {
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly workerUrl?: URL;
  /** Plugin modules each worker loads before training (their variants and tasks are in the cells). */
  readonly plugins?: readonly PluginRef[];
  /** Called once per finished cell, in completion order. Throwing stops the pool and rejects. */
  onRow(row: CellRow, spec: CellSpec): void;
  /** The row of a cell whose worker died. */
  crashRow(spec: CellSpec, message: string, wallMs: number): CellRow;
}

export type PoolOutcome = 'complete' | 'interrupted';

interface Slot {
  worker: Worker;
  spec: CellSpec | null;
  started: number;
  error: Error | null;
  retired: boolean;
}

export function runPool(queue: readonly CellSpec[], options: PoolOptions): Promise<PoolOutcome> {
  if (queue.length === 0) return Promise.resolve('complete');
  const url = options.workerUrl ?? defaultWorkerUrl();
  if (!existsSync(fileURLToPath(url))) {
    return Promise.reject(new Error(`worker script ${fileURLToPath(url)} is missing; build first with \`npm run build\``));
  }
  const size = Math.max(1, Math.min(options.workers, queue.length));
  return new Promise<PoolOutcome>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let settled = false;
    let stopping = false;
    const slots = new Set<Slot>();

    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const shutdown = (): Promise<unknown> => {
      const all: Promise<number>[] = [];
      for (const s of slots) {
        s.retired = true;
        all.push(s.worker.terminate());
      }
      return Promise.allSettled(all);
    };
    const fail = (err: unknown): void => {
      stopping = true;
      void shutdown().then(() => settle(() => reject(err)));
    };
    const onAbort = (): void => {
      if (stopping) return;
      stopping = true;
      void shutdown().then(() => settle(() => resolve('interrupted')));
    };

    const deliver = (slot: Slot, row: CellRow): void => {
      const spec = slot.spec as CellSpec;
      slot.spec = null;
      finished++;
      try {
        options.onRow(row, spec);
      } catch (err) {
        fail(err);
        return;
      }
      if (finished === queue.length) {
        stopping = true;
        void shutdown().then(() => settle(() => resolve('complete')));
        return;
      }
      feed(slot);
    };

    const feed = (slot: Slot): void => {
      if (stopping) return;
      const spec = queue[next];
      if (spec === undefined) {
        slot.retired = true;
        void slot.worker.terminate();
        return;
      }
      next++;
      slot.spec = spec;
      slot.started = performance.now();
      slot.worker.postMessage({ spec } satisfies CellRequest);
    };

    const spawn = (): Slot => {
      const plugins = options.plugins ?? [];
      let worker = adoptEarlyWorker(url);
      if (worker === null) worker = new Worker(url, { workerData: { plugins } satisfies WorkerInit });
      else worker.postMessage({ plugins } satisfies PluginsRequest);
      const slot: Slot = { worker, spec: null, started: 0, error: null, retired: false };
      slots.add(slot);
      slot.worker.on('message', (msg: CellResponse) => {
        if (stopping || slot.spec === null || msg.key !== slot.spec.key) return;
        deliver(slot, msg.row);
      });
      slot.worker.on('error', (err) => {
        slot.error = err;
      });
      slot.worker.on('exit', (code) => {
        slots.delete(slot);
        if (slot.retired || stopping) return;
        // An unplanned exit: the cell in flight becomes an error row, a new worker takes over.
        const spec = slot.spec;
        if (spec !== null) {
          const message = `worker died while training ${spec.key} (exit code ${code}${slot.error ? `: ${slot.error.message}` : ''})`;
          const row = options.crashRow(spec, message, performance.now() - slot.started);
          const replacement = spawn();
          replacement.spec = spec;
          deliver(replacement, row);
        } else if (next < queue.length) {
          feed(spawn());
        }
      });
      return slot;
    };

    if (options.signal?.aborted) {
      settle(() => resolve('interrupted'));
      return;
    }
    options.signal?.addEventListener('abort', onAbort);
    for (let i = 0; i < size; i++) feed(spawn());
  });
}
