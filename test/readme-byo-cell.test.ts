/**
 * The README's "Bring your own cell" example runs as written: its code
 * blocks are extracted from README.md (the plugin file, the library
 * script, and every shell command) and run in a temporary project where
 * gapbench is installed, with `npx gapbench` resolving to the local CLI.
 * The plugin block is also byte-identical to test/fixtures/mgu.js, which
 * the other plugin tests use. The run command prints exactly the table
 * pasted under it (on the README's kind of machine; see
 * helpers/readme-machine.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from './helpers/gapbench.js';
import { FIXTURES, REPO, pluginProject } from './helpers/plugin-project.js';
import { expectReadmeTable, readmeMachineMismatch } from './helpers/readme-machine.js';

interface Block {
  readonly lang: string;
  readonly text: string;
}

/** The fenced code blocks of the README section titled `title`. */
function sectionBlocks(title: string): Block[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

function sh(command: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const blocks = sectionBlocks('Bring your own cell');
const file = (first: string): string => {
  const b = blocks.find((x) => x.lang === 'js' && x.text.startsWith(first));
  if (b === undefined) throw new Error(`README "Bring your own cell" has no js block starting with ${JSON.stringify(first)}`);
  return b.text;
};
/** The plain (language-less) block: the table the run command prints. */
const printedTable = blocks.find((b) => b.lang === '' && b.text.startsWith('delayed-recall\n'))?.text ?? '';
const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.text.split('\n').filter((l) => l.trim() !== ''));

let cwd: string;
beforeAll(() => {
  cwd = pluginProject('readme-byo');
  writeFileSync(join(cwd, 'mgu.js'), file('// mgu.js'));
  writeFileSync(join(cwd, 'byo.mjs'), file('// byo.mjs'));
});
afterAll(() => removeDir(cwd));

describe('README: Bring your own cell', () => {
  it('shows the plugin file of test/fixtures/mgu.js, three commands and the printed table', () => {
    expect(printedTable).toMatch(/^delayed-recall\nvariant +g5 +g10 +g20\nmgu .*\nlstm .*\ngru .*\nchance .*\n$/);
    expect(file('// mgu.js')).toBe(readFileSync(join(FIXTURES, 'mgu.js'), 'utf8'));
    expect(commands).toEqual([
      'npx gapbench gradcheck --plugin ./mgu.js --variant mgu',
      expect.stringMatching(/^npx gapbench run --plugin \.\/mgu\.js --variants mgu,lstm,gru --tasks delayed-recall /),
      'node byo.mjs',
    ]);
  });

  it('gradcheck passes for every tensor of mgu', async () => {
    const r = await sh(commands[0]!, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('all 14 tensors of 1 variant(s) within');
  });

  it(`the run trains mgu, lstm and gru on delayed recall, prints ${readmeMachineMismatch() === null ? 'the README table' : 'a table like the README\'s'} and writes the run folder with its report`, async () => {
    const r = await sh(commands[1]!, cwd);
    expect(r.code, r.stderr).toBe(0);
    // The README pastes the table this command printed (fast backend, seed 1, Node 20, FMA); the run is deterministic.
    expectReadmeTable(r.stdout, printedTable);
    const dir = /^run folder: (.+)$/m.exec(r.stdout)?.[1];
    expect(dir).toBeDefined();
    const rows = readFileSync(join(cwd, dir!, 'results.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(9);
    expect(rows.filter((l) => l.startsWith('delayed-recall,mgu,') && l.includes(',ok,'))).toHaveLength(3);
    expect(existsSync(join(cwd, dir!, 'report.html'))).toBe(true);
  });

  it('the library script checks and runs the same cell', async () => {
    const r = await sh(commands[2]!, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gradcheck ok\n12 of 12 cells ok in .*results\/runs\/\S+\n$/);
  });
});
