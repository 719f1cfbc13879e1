// The reporter of `gapbench run` (harness/cli/progress.ts), fed a scripted
// run — start, a torn line, an ok, a diverged and an error cell, end — on
// fake streams: `lines` writes one line per cell on stderr with its count,
// key, status and time; `json` writes one parseable object per event on
// stdout, a cell carrying its results.csv fields; `tty` redraws one bar line
// in place and clears it at the end and before notes.
import { describe, expect, it } from 'vitest';
import { RESULT_COLUMNS } from '../harness/report/csv.js';
import { createReporter, formatDuration, type ProgressMode, type Reporter, type Stream } from '../harness/cli/progress.js';
import type { RunEvent } from '../harness/runner/run.js';
import type { CellRow } from '../harness/runner/types.js';
import { rowBase } from './report-fixtures.js';

function base(gap: number, replicate: number, variant = 'lstm') {
  return rowBase({
    variant,
    gap,
    replicate,
    steps: 500,
    params: 1234,
    backend: 'fast',
    curve: [{ step: 250, split: 'eval', loss: 0.5, accuracy: 0.75 }],
  });
}

const okRow: CellRow = {
  ...base(10, 0),
  status: 'ok',
  test_accuracy: 0.95349,
  test_loss: 0.21,
  steps_to_solve: 250,
  sequences_to_solve: 8000,
  final_train_loss: 0.19,
  wall_ms: 1500,
};
const divergedRow: CellRow = { ...base(20, 0, 'rnn'), status: 'diverged', diverged_step: 137, wall_ms: 65_000 };
const errorRow: CellRow = { ...base(50, 1), status: 'error', message: 'worker exited with code 3', wall_ms: 400 };

const script: RunEvent[] = [
  { type: 'start', dir: '/tmp/run-x', runId: 'run-x', configHash: 'abc123', total: 12, done: 9, pending: 3, workers: 2, resumed: true },
  { type: 'torn', dir: '/tmp/run-x', line: 10, bytes: 77 },
  { type: 'cell', row: okRow, done: 10, total: 12, elapsedMs: 1500, etaMs: 3000 },
  { type: 'cell', row: divergedRow, done: 11, total: 12, elapsedMs: 2000, etaMs: null },
  { type: 'cell', row: errorRow, done: 12, total: 12, elapsedMs: 2500, etaMs: 0 },
  { type: 'end', dir: '/tmp/run-x', status: 'complete', done: 12, total: 12, elapsedMs: 2600 },
];

interface Fake extends Stream {
  chunks: string[];
  text(): string;
}

function fake(columns?: number): Fake {
  const chunks: string[] = [];
  return { chunks, columns, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

/** Plays the script with a note after the first cell; `close` is called only when asked (the end event must stand alone). */
function play(mode: ProgressMode, columns?: number, close = true): { err: Fake; out: Fake; reporter: Reporter } {
  const err = fake(columns);
  const out = fake();
  const reporter = createReporter(mode, err, out);
  for (const e of script.slice(0, 3)) reporter.event(e);
  reporter.note('stopping: no new cells');
  for (const e of script.slice(3)) reporter.event(e);
  if (close) reporter.close();
  return { err, out, reporter };
}

describe('formatDuration', () => {
  it('prints seconds, minutes with seconds, hours with minutes', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-500)).toBe('0s');
    expect(formatDuration(42_400)).toBe('42s');
    expect(formatDuration(59_500)).toBe('1m00s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_723_000)).toBe('1h02m');
  });
});

describe('lines mode', () => {
  it('writes the start, torn, note and one line per cell to stderr, nothing to stdout', () => {
    const { err, out } = play('lines');
    expect(out.text()).toBe('');
    expect(err.text()).toBe(
      [
        'run /tmp/run-x: 3 cells to train on 2 worker(s), 9 already finished',
        'cells.jsonl: ignored a torn last line (line 10, 77 bytes) from an interrupted write; its cell runs again',
        '[10/12] copy/lstm/g10/r0/h64/lr0.001 ok acc 0.953 (2s)',
        'stopping: no new cells',
        '[11/12] copy/rnn/g20/r0/h64/lr0.001 diverged at step 137 (1m05s)',
        '[12/12] copy/lstm/g50/r1/h64/lr0.001 error: worker exited with code 3 (0s)',
        '',
      ].join('\n'),
    );
  });

  it('pads the count to the width of the total and omits "already finished" on a fresh run', () => {
    const err = fake();
    const r = createReporter('lines', err, fake());
    r.event({ type: 'start', dir: 'd', runId: 'r', configHash: 'h', total: 100, done: 0, pending: 100, workers: 1, resumed: false });
    r.event({ type: 'cell', row: okRow, done: 7, total: 100, elapsedMs: 1, etaMs: 5 });
    expect(err.text()).toBe('run d: 100 cells to train on 1 worker(s)\n[  7/100] copy/lstm/g10/r0/h64/lr0.001 ok acc 0.953 (2s)\n');
  });
});

describe('json mode', () => {
  it('writes one parseable object per event and note to stdout, nothing to stderr', () => {
    const { err, out } = play('json');
    expect(err.text()).toBe('');
    expect(out.chunks.every((c) => c.endsWith('\n') && c.indexOf('\n') === c.length - 1)).toBe(true);
    const objs = out.text().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map((o) => o.type)).toEqual(['start', 'torn', 'cell', 'note', 'cell', 'cell', 'end']);
    expect(objs[0]).toEqual(script[0]);
    expect(objs[1]).toEqual(script[1]);
    expect(objs[3]).toEqual({ type: 'note', message: 'stopping: no new cells' });
    expect(objs[6]).toEqual(script[5]);
  });

  it('gives a cell event its count, key and results.csv fields, not the row or its curve', () => {
    const { out } = play('json');
    const cells = out.text().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.type === 'cell');
    expect(cells.map((c) => [c.done, c.total, c.key, c.status])).toEqual([
      [10, 12, okRow.key, 'ok'],
      [11, 12, divergedRow.key, 'diverged'],
      [12, 12, errorRow.key, 'error'],
    ]);
    for (const c of cells) {
      for (const col of RESULT_COLUMNS) expect(c, `column ${col}`).toHaveProperty(col);
      expect(c).not.toHaveProperty('row');
      expect(c).not.toHaveProperty('curve');
      expect(c).toHaveProperty('elapsedMs');
      expect(c).toHaveProperty('etaMs');
    }
    const [ok, div, bad] = cells as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(ok).toMatchObject({ test_accuracy: 0.95349, test_loss: 0.21, steps_to_solve: 250, sequences_to_solve: 8000, final_train_loss: 0.19, wall_ms: 1500, etaMs: 3000 });
    expect(ok).not.toHaveProperty('message');
    expect(ok).not.toHaveProperty('diverged_step');
    expect(div).toMatchObject({ diverged_step: 137, test_accuracy: null, test_loss: null, steps_to_solve: null, final_train_loss: null, etaMs: null });
    expect(div).not.toHaveProperty('message');
    expect(bad).toMatchObject({ message: 'worker exited with code 3', test_accuracy: null, chance: 0.125, params: 1234 });
    expect(bad).not.toHaveProperty('diverged_step');
  });
});

describe('tty mode', () => {
  const CLR = '\r\x1b[2K';

  it('redraws one bar line in place, clears it for notes and at the end', () => {
    const { err, out, reporter } = play('tty', 200, false);
    expect(out.text()).toBe('');
    expect(err.chunks).toEqual([
      'run /tmp/run-x: 3 cells to train on 2 worker(s), 9 already finished\n',
      // 9/12 of 20 columns rounds to 15
      `${CLR}[###############.....]  9/12  ETA …`,
      CLR,
      'cells.jsonl: ignored a torn last line (line 10, 77 bytes) from an interrupted write; its cell runs again\n',
      `${CLR}[#################...]  10/12  ETA 3s  copy/lstm/g10/r0 ok acc 0.953`,
      CLR,
      'stopping: no new cells\n',
      `${CLR}[##################..]  11/12  ETA …  copy/rnn/g20/r0 diverged at step 137`,
      `${CLR}[####################]  12/12  ETA 0s  copy/lstm/g50/r1 error: worker exited with code 3`,
      CLR, // the end event clears the bar by itself
    ]);
    reporter.close();
    expect(err.chunks).toHaveLength(10); // nothing left to clear
  });

  it('cuts the line to the terminal width', () => {
    const err = fake(30);
    const r = createReporter('tty', err, fake());
    r.event({ type: 'cell', row: okRow, done: 1, total: 2, elapsedMs: 1, etaMs: 1000 });
    const last = err.chunks.at(-1) as string;
    expect(last.startsWith(CLR)).toBe(true);
    const shown = last.slice(CLR.length);
    expect(shown).toBe('[##########..........]  1/2 …');
    expect(shown.length).toBeLessThan(30);
    r.close();
    expect(err.chunks.at(-1)).toBe(CLR);
    r.close();
    expect(err.chunks.filter((c) => c === CLR)).toHaveLength(1);
  });
});
