// `gapbench sample` without --json prints one readable step-by-step table
// per sequence: step, input named as a symbol / blank / delim / cue (or the
// adding value, `*` when marked), and the target on answer steps only.
import { describe, expect, it } from 'vitest';
import { sampleCommand } from '../harness/cli/sample.js';
import { runCommand } from './helpers/cli.js';

async function text(args: string[]): Promise<string[]> {
  const { stdout, error } = await runCommand(sampleCommand, ['sample', ...args]);
  expect(error).toBeUndefined();
  return stdout.split('\n');
}

/** Table rows `step input [target]` of the output, as split fields. */
function rows(lines: string[]): string[][] {
  return lines.filter((l) => /^\s*\d+\s{2}/.test(l)).map((l) => l.trim().split(/\s{2,}/));
}

describe('sample text table', () => {
  it('copy --gap 6 --seed 1: symbols, 5 blanks, delim at 15, targets on 16..25 copying steps 0..9', async () => {
    const lines = await text(['copy', '--gap', '6', '--seed', '1']);
    expect(lines[0]).toBe('copy  gap 6  seed 1  options alphabet=8 copyLength=10');
    expect(lines).toContain('sequence 1 of 1: T = 26, answer steps 16..25');
    const table = rows(lines);
    expect(table.map((r) => Number(r[0]))).toEqual(Array.from({ length: 26 }, (_, t) => t));
    const inputs = table.map((r) => r[1]);
    for (const s of inputs.slice(0, 10)) expect(s).toMatch(/^[0-7]$/);
    expect(inputs.slice(10, 15)).toEqual(['blank', 'blank', 'blank', 'blank', 'blank']);
    expect(inputs[15]).toBe('delim');
    expect(inputs.slice(16)).toEqual(new Array(10).fill('blank'));
    expect(table.slice(0, 16).every((r) => r.length === 2)).toBe(true);
    expect(table.slice(16).map((r) => r[2])).toEqual(inputs.slice(0, 10));
  });

  it('adding: 4-decimal values, exactly two marked with *, the target their sum at the last step', async () => {
    const lines = await text(['adding', '--gap', '8', '--count', '3']);
    expect(lines.filter((l) => l.startsWith('sequence '))).toEqual([
      'sequence 1 of 3: T = 8, answer step 7',
      'sequence 2 of 3: T = 8, answer step 7',
      'sequence 3 of 3: T = 8, answer step 7',
    ]);
    const table = rows(lines);
    expect(table).toHaveLength(24);
    for (let s = 0; s < 3; s++) {
      const seq = table.slice(s * 8, s * 8 + 8);
      const marked = seq.filter((r) => (r[1] as string).endsWith(' *')).map((r) => Number((r[1] as string).slice(0, -2)));
      expect(marked).toHaveLength(2);
      for (const r of seq) expect(r[1]).toMatch(/^0\.\d{4}( \*)?$/);
      const target = Number(seq[7]?.[2]);
      // Values are rounded to 4 decimals in the table.
      expect(Math.abs(target - ((marked[0] as number) + (marked[1] as number)))).toBeLessThan(2e-4);
      expect(seq.slice(0, 7).every((r) => r.length === 2)).toBe(true);
    }
  });

  it('delayed-recall: symbols, then cue with the first symbol as target', async () => {
    const lines = await text(['delayed-recall', '--gap', '4', '--option', 'alphabet=3']);
    expect(lines[0]).toBe('delayed-recall  gap 4  seed 1  options alphabet=3');
    const table = rows(lines);
    expect(table).toHaveLength(6);
    for (const r of table.slice(0, 5)) expect(r).toEqual([r[0], expect.stringMatching(/^[0-2]$/)]);
    expect(table[5]).toEqual(['5', 'cue', table[0]?.[1]]);
  });

  it('without --gap uses the documented default (5, or the minimum gap if larger)', async () => {
    const lines = await text(['delayed-recall']);
    expect(lines[0]).toMatch(/^delayed-recall {2}gap 5 {2}seed 1/);
  });
});
