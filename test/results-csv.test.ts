// results.csv and curves.csv: columns exactly as DESIGN.md names them,
// rows in grid order whatever the input order, an empty field for every
// metric a row does not have (diverged, error, never solved), and numbers
// written so they read back bit for bit.
import { describe, expect, it } from 'vitest';
import { curvesCsv, inGridOrder, resultsCsv } from '../harness/report/csv.js';
import type { CellRow } from '../harness/runner/types.js';

const base = { seed: '1', hidden: 8, batch: 16, lr: 0.01, steps: 60, chance: 0.125, params: 224, backend: 'reference' as const, wall_ms: 12.5 };
const rows: CellRow[] = [
  {
    ...base,
    key: 'copy/lstm/g5/r0/h8/lr0.01',
    task: 'copy',
    variant: 'lstm',
    gap: 5,
    replicate: 0,
    status: 'ok',
    test_accuracy: 0.1 + 0.2,
    test_loss: 1 / 3,
    steps_to_solve: null,
    sequences_to_solve: null,
    final_train_loss: 2.5,
    curve: [
      { step: 20, split: 'train', loss: 2.1, accuracy: 0.25 },
      { step: 20, split: 'eval', loss: 2.2, accuracy: 0.5 },
    ],
  },
  { ...base, key: 'copy/rnn/g5/r0/h8/lr0.01', task: 'copy', variant: 'rnn', gap: 5, replicate: 0, status: 'diverged', diverged_step: 17, curve: [] },
  { ...base, key: 'copy/gru/g5/r0/h8/lr0.01', task: 'copy', variant: 'gru', gap: 5, replicate: 0, status: 'error', message: 'out of memory, "really"', params: Number.NaN, curve: [] },
];
const order = new Map(['copy/rnn/g5/r0/h8/lr0.01', 'copy/lstm/g5/r0/h8/lr0.01', 'copy/gru/g5/r0/h8/lr0.01'].map((k, i) => [k, i]));

describe('results.csv', () => {
  const text = resultsCsv(inGridOrder(rows, order));
  const lines = text.trimEnd().split('\n');

  it('has the DESIGN.md columns in order', () => {
    expect(lines[0]).toBe(
      'task,variant,gap,replicate,seed,hidden,batch,lr,steps,status,test_accuracy,test_loss,chance,steps_to_solve,sequences_to_solve,final_train_loss,params,backend,wall_ms',
    );
  });

  it('sorts rows into grid order and leaves missing metrics empty', () => {
    expect(lines.slice(1)).toEqual([
      'copy,rnn,5,0,1,8,16,0.01,60,diverged,,,0.125,,,,224,reference,12.5',
      'copy,lstm,5,0,1,8,16,0.01,60,ok,0.30000000000000004,0.3333333333333333,0.125,,,2.5,224,reference,12.5',
      'copy,gru,5,0,1,8,16,0.01,60,error,,,0.125,,,,,reference,12.5',
    ]);
  });

  it('round-trips every number exactly', () => {
    const field = (lines[2] as string).split(',')[10] as string;
    expect(Number(field)).toBe(0.1 + 0.2);
  });
});

describe('curves.csv', () => {
  it('has one line per curve point with the cell coordinates', () => {
    expect(curvesCsv(inGridOrder(rows, order)).trimEnd().split('\n')).toEqual([
      'task,variant,gap,replicate,hidden,lr,step,split,loss,accuracy',
      'copy,lstm,5,0,8,0.01,20,train,2.1,0.25',
      'copy,lstm,5,0,8,0.01,20,eval,2.2,0.5',
    ]);
  });
});
