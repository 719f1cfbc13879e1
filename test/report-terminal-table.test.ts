// The accuracy table printed after `gapbench run` (harness/report/terminal.ts),
// from hand-made rows: one block per task, variants down in first-seen order,
// one `g<gap>` column per gap ascending, the mean test accuracy over ok
// replicates (`*` when some failed, `-` when none is ok or the cell is
// missing), the task's chance as the last line, and a footnote for failures.
import { describe, expect, it } from 'vitest';
import { accuracyTable } from '../harness/report/terminal.js';
import type { CellRow } from '../harness/runner/types.js';
import { rowBase } from './report-fixtures.js';

interface Spec {
  task?: string;
  variant: string;
  gap: number;
  replicate: number;
  hidden?: number;
  chance?: number;
  /** A number: an ok row with that test accuracy. */
  acc: number | 'diverged' | 'error';
}

function row(s: Spec): CellRow {
  const b = rowBase({ task: s.task, variant: s.variant, gap: s.gap, replicate: s.replicate, hidden: s.hidden, chance: s.chance });
  if (s.acc === 'diverged') return { ...b, status: 'diverged', diverged_step: 3 };
  if (s.acc === 'error') return { ...b, status: 'error', message: 'boom' };
  // test_loss etc. are irrelevant to the table; give them values that would show if printed by mistake.
  return { ...b, status: 'ok', test_accuracy: s.acc, test_loss: 9.999, steps_to_solve: null, sequences_to_solve: null, final_train_loss: 9.999 };
}

describe('accuracyTable', () => {
  it('is empty without rows', () => {
    expect(accuracyTable([])).toBe('');
  });

  it('prints means over ok replicates, gaps ascending, chance last, failures marked', () => {
    // Given out of order: gap 20 before gap 10, replicate 1 before 0.
    const rows = [
      row({ variant: 'rnn', gap: 20, replicate: 0, acc: 'diverged' }),
      row({ variant: 'rnn', gap: 20, replicate: 1, acc: 0.3 }),
      row({ variant: 'rnn', gap: 10, replicate: 1, acc: 0.5 }),
      row({ variant: 'rnn', gap: 10, replicate: 0, acc: 0.25 }),
      row({ variant: 'lstm', gap: 10, replicate: 0, acc: 1 }),
      row({ variant: 'lstm', gap: 10, replicate: 1, acc: 0.9 }),
      row({ variant: 'lstm', gap: 20, replicate: 0, acc: 'error' }),
      row({ variant: 'lstm', gap: 20, replicate: 1, acc: 'diverged' }),
    ];
    expect(accuracyTable(rows)).toBe(
      [
        'copy',
        'variant     g10     g20',
        'rnn       0.375  0.300*', // (0.25 + 0.5) / 2; gap 20 has one diverged replicate, mean of the other
        'lstm      0.950       -', // no ok replicate at gap 20
        'chance    0.125   0.125',
        '',
        '* some replicates diverged or failed; the mean is over the rest',
        '',
      ].join('\n'),
    );
  });

  it('shows a missing cell as "-", widens columns for long names and gaps, and has no footnote without failures', () => {
    // The first variant lacks the smallest gap: gap columns must still ascend, variants keep first-seen order.
    const rows = [
      row({ variant: 'peephole-chrono', gap: 100000, replicate: 0, acc: 0.75 }),
      row({ variant: 'lstm', gap: 5, replicate: 0, acc: 0.5 }),
      row({ variant: 'lstm', gap: 100000, replicate: 0, acc: 0.25 }),
    ];
    expect(accuracyTable(rows)).toBe(
      [
        'copy',
        // name column 15 wide (peephole-chrono), value columns 7 (g100000)
        'variant' + ' '.repeat(15) + 'g5  g100000',
        'peephole-chrono' + ' '.repeat(8) + '-    0.750',
        'lstm' + ' '.repeat(15) + '0.500    0.250',
        'chance' + ' '.repeat(13) + '0.125    0.125',
        '',
      ].join('\n'),
    );
  });

  it('prints one block per task with its own gaps and chance, and names the hidden size when swept', () => {
    const rows = [
      row({ task: 'copy', variant: 'gru', gap: 10, replicate: 0, hidden: 32, acc: 0.625 }),
      row({ task: 'copy', variant: 'gru', gap: 10, replicate: 0, hidden: 64, acc: 0.875 }),
      row({ task: 'adding', variant: 'gru', gap: 50, replicate: 0, hidden: 32, chance: 0.078, acc: 0.5 }),
      row({ task: 'adding', variant: 'gru', gap: 50, replicate: 1, hidden: 32, chance: 0.078, acc: 0.25 }),
    ];
    expect(accuracyTable(rows)).toBe(
      [
        'copy  hidden 32',
        'variant     g10',
        'gru       0.625',
        'chance    0.125',
        '',
        'copy  hidden 64',
        'variant     g10',
        'gru       0.875',
        'chance    0.125',
        '',
        'adding  hidden 32',
        'variant     g50',
        'gru       0.375',
        'chance    0.078',
        '',
      ].join('\n'),
    );
  });

  it('shows a non-finite chance as "-"', () => {
    const text = accuracyTable([row({ variant: 'lstm', gap: 10, replicate: 0, chance: Number.NaN, acc: 0.5 })]);
    expect(text.split('\n')[3]).toBe('chance        -');
  });
});
