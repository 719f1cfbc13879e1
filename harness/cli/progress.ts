/**
 * Progress of `gapbench run`, three ways:
 * - `tty`:   one line redrawn in place on stderr:
 *            `[####......]  12/60  ETA 1m23s  copy/lstm/g20/r0 ok acc 0.953`
 * - `lines`: one line per finished cell on stderr (logs, CI, pipes);
 * - `json`:  one JSON object per event on stdout (machines); a cell event
 *            carries the row's results.csv fields, not its curve.
 */
import { resultRecord } from '../report/csv.js';
import type { RunEvent } from '../runner/run.js';
import type { CellRow } from '../runner/types.js';

export type ProgressMode = 'tty' | 'lines' | 'json';

export interface Reporter {
  readonly event: (e: RunEvent) => void;
  /** A free-form notice (Ctrl-C, resume hint), kept apart from the bar. */
  readonly note: (text: string) => void;
  /** Ends the in-place line, if any. */
  readonly close: () => void;
}

export interface Stream {
  write(text: string): unknown;
  readonly columns?: number;
}

/** `1h02m`, `3m05s`, `42s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `copy/lstm/g20/r0/h64/lr0.001 ok acc 0.953`; `short` drops hidden and lr (the bar has one line). */
export function describeRow(row: CellRow, short = false): string {
  const name = short ? `${row.task}/${row.variant}/g${row.gap}/r${row.replicate}` : row.key;
  switch (row.status) {
    case 'ok':
      return `${name} ok acc ${row.test_accuracy.toFixed(3)}`;
    case 'diverged':
      return `${name} diverged at step ${row.diverged_step}`;
    case 'error':
      return `${name} error: ${row.message}`;
  }
}

function bar(done: number, total: number, width: number): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function createReporter(mode: ProgressMode, err: Stream, out: Stream): Reporter {
  if (mode === 'json') {
    const emit = (obj: unknown): void => {
      out.write(`${JSON.stringify(obj)}\n`);
    };
    return {
      event: (e) => {
        if (e.type === 'cell') {
          const { row, ...rest } = e;
          emit({ ...rest, key: row.key, ...resultRecord(row), ...(row.status === 'error' ? { message: row.message } : {}), ...(row.status === 'diverged' ? { diverged_step: row.diverged_step } : {}) });
        } else {
          emit(e);
        }
      },
      note: (text) => emit({ type: 'note', message: text }),
      close: () => {},
    };
  }

  if (mode === 'lines') {
    return {
      event: (e) => {
        if (e.type === 'start') {
          err.write(`run ${e.dir}: ${e.pending} cells to train on ${e.workers} worker(s)${e.done > 0 ? `, ${e.done} already finished` : ''}\n`);
        } else if (e.type === 'torn') {
          err.write(`cells.jsonl: ignored a torn last line (line ${e.line}, ${e.bytes} bytes) from an interrupted write; its cell runs again\n`);
        } else if (e.type === 'cell') {
          const width = String(e.total).length;
          err.write(`[${String(e.done).padStart(width)}/${e.total}] ${describeRow(e.row)} (${formatDuration(e.row.wall_ms)})\n`);
        }
      },
      note: (text) => err.write(`${text}\n`),
      close: () => {},
    };
  }

  // tty: one status line rewritten with \r; notes clear it first.
  let line = '';
  const draw = (text: string): void => {
    const cols = err.columns !== undefined && err.columns > 0 ? err.columns : 80;
    const shown = text.length >= cols ? `${text.slice(0, cols - 2)}…` : text;
    err.write(`\r\x1b[2K${shown}`);
    line = shown;
  };
  const clear = (): void => {
    if (line !== '') err.write('\r\x1b[2K');
    line = '';
  };
  return {
    event: (e) => {
      if (e.type === 'start') {
        err.write(`run ${e.dir}: ${e.pending} cells to train on ${e.workers} worker(s)${e.done > 0 ? `, ${e.done} already finished` : ''}\n`);
        draw(`${bar(e.done, e.total, 20)}  ${e.done}/${e.total}  ETA …`);
      } else if (e.type === 'torn') {
        clear();
        err.write(`cells.jsonl: ignored a torn last line (line ${e.line}, ${e.bytes} bytes) from an interrupted write; its cell runs again\n`);
      } else if (e.type === 'cell') {
        const eta = e.etaMs === null ? '…' : formatDuration(e.etaMs);
        draw(`${bar(e.done, e.total, 20)}  ${e.done}/${e.total}  ETA ${eta}  ${describeRow(e.row, true)}`);
      } else if (e.type === 'end') {
        clear();
      }
    },
    note: (text) => {
      clear();
      err.write(`${text}\n`);
    },
    close: clear,
  };
}
