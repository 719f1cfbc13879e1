// A run folder with a cell that failed before its task was built (chance
// unknown, stored as null) still renders: the failed cell is listed with
// its message and the chance line comes from the other rows / the task.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRun } from '../harness/report/load.js';
import { gapbench, readText, removeDir, tempDir } from './helpers/gapbench.js';

// Four tiny cells.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn,gru', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];
const MESSAGE = 'unknown variant "grux"; valid variants: rnn, lstm, peephole, coupled, gru';

let cwd: string;
let run: string;
let key: string;
beforeAll(async () => {
  cwd = tempDir('report-error-row');
  run = join(cwd, 'run');
  const r = await gapbench(['run', ...TINY, '--out', 'run'], cwd);
  expect(r.code, r.stderr).toBe(0);
  const lines = readText(run, 'cells.jsonl').trimEnd().split('\n');
  const row = JSON.parse(lines[3] as string) as Record<string, unknown>;
  key = row['key'] as string;
  // What trainCell writes when getTask/getVariant throws: chance NaN → null in JSON, params 0, no metrics.
  const error: Record<string, unknown> = { ...row, status: 'error', chance: Number.NaN, params: 0, curve: [], message: MESSAGE };
  for (const f of ['test_accuracy', 'test_loss', 'steps_to_solve', 'sequences_to_solve', 'final_train_loss']) delete error[f];
  lines[3] = JSON.stringify(error);
  writeFileSync(join(run, 'cells.jsonl'), `${lines.join('\n')}\n`);
  expect(readText(run, 'cells.jsonl')).toContain('"chance":null');
});
afterAll(() => removeDir(cwd));

describe('report of a folder with an error row without chance', () => {
  it('loads, with the chance filled from the task (1/8 for delayed-recall)', () => {
    const data = loadRun(run);
    const failed = data.rows.find((r) => r.key === key);
    expect(failed?.status).toBe('error');
    expect(failed?.chance).toBe(1 / 8);
  });

  it('renders report.html listing the failed cell, with a finite chance line', async () => {
    const r = await gapbench(['report', 'run'], cwd);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const table = /<table id="failed-cells">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain(`data-key="${key}"`);
    expect(table).toContain('unknown variant &quot;grux&quot;');
    expect(html).not.toMatch(/NaN/);
  });
});
