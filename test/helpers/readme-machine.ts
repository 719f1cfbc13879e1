/**
 * The README's printed tables come from runs of the fast backend on Node 20
 * on a CPU with fused multiply-add (README, What to expect and
 * Reproducibility): gapbench's numbers are bit-identical only on that kind of
 * machine. The README-table tests compare digits there; elsewhere (another
 * Node major, a CPU without FMA) they check that the command prints a table
 * of the same rows and columns with every cell an accuracy, and say why.
 */
import { expect } from 'vitest';
import { fastFused } from '../../harness/engine/kernels/fast.js';
import { nodeMajor } from '../../harness/report/compare.js';

const README_NODE_MAJOR = 20;

/** Why this machine cannot reproduce the README's digits, or null when it can. */
export function readmeMachineMismatch(): string | null {
  const major = nodeMajor(process.version);
  if (major !== README_NODE_MAJOR) return `Node ${major}, the README tables were made on Node ${README_NODE_MAJOR}`;
  if (!fastFused()) return 'this CPU has no fused multiply-add, the README tables were made on one with it';
  return null;
}

/**
 * `printed` (a table the README pastes) appears in `stdout` exactly on the
 * README's kind of machine; elsewhere a table with the same title, header
 * and row labels appears whose cells are numbers in [0, 1].
 */
export function expectReadmeTable(stdout: string, printed: string): void {
  if (readmeMachineMismatch() === null) {
    expect(stdout).toContain(`\n${printed}`);
    return;
  }
  const lines = printed.trimEnd().split('\n');
  const labels = lines.map((l) => l.split(/\s+/)[0]!);
  const at = stdout.indexOf(`\n${lines[0]}\n${lines[1]}\n`);
  expect(at, `no "${lines[0]}" table with header "${lines[1]}" in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const got = stdout.slice(at + 1).split('\n').slice(0, lines.length);
  expect(got.map((l) => l.split(/\s+/)[0])).toEqual(labels);
  for (const row of got.slice(2)) {
    for (const cell of row.trim().split(/\s+/).slice(1)) {
      const v = Number(cell);
      expect(v >= 0 && v <= 1, `${row}: ${cell} is not an accuracy`).toBe(true);
    }
  }
}
