/**
 * The README's "Research additions" example runs as written and prints the
 * table pasted under it: the `npx gapbench run` command is taken from the
 * section's sh block and run with the compiled CLI in a temporary folder.
 * The settings are pinned in the command and a run is deterministic on the
 * same Node major, backend and kind of multiply-add, so on the README's kind
 * of machine the table must match exactly (helpers/readme-machine.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir, type CliRun } from './helpers/gapbench.js';
import { expectReadmeTable, readmeMachineMismatch } from './helpers/readme-machine.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const start = readme.indexOf('\n### Research additions');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
const runCommand = blocks.flatMap((b) => (b.lang === 'sh' ? b.text.split('\n') : [])).find((l) => l.startsWith('npx gapbench run '));
const printedTable = blocks.find((b) => b.lang === '' && b.text.startsWith('delayed-recall\n'))?.text;

let cwd: string;
let run: CliRun;
beforeAll(async () => {
  cwd = tempDir('readme-research');
  run = await gapbench(runCommand!.replace(/^npx gapbench /, '').split(/\s+/), cwd);
}, 60_000);
afterAll(() => removeDir(cwd));

describe('README: Research additions', () => {
  it('has a run command with its settings pinned and a printed table', () => {
    expect(start).toBeGreaterThan(0);
    for (const flag of ['--hidden', '--batch', '--lr', '--steps', '--replicates', '--seed', '--backend']) expect(runCommand).toContain(` ${flag} `);
    expect(printedTable).toMatch(/^delayed-recall\nvariant +g10 +g20 +g40\nrnn .*\nirnn .*\nlstm .*\nlstm-chrono .*\nchance .*\n$/);
  });

  it(`prints ${readmeMachineMismatch() === null ? 'exactly that table' : `that table's rows and columns (not its digits: ${readmeMachineMismatch()})`}`, () => {
    expect(run.code, run.stderr).toBe(0);
    expectReadmeTable(run.stdout, printedTable!);
  });
});
