// A run killed with SIGKILL mid-way (no chance to clean up) keeps the cells
// it had appended to cells.jsonl; `--resume` runs only the rest and gives
// the same results.csv (timing aside) as an uninterrupted run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMING_COLUMNS } from '../harness/report/csv.js';
import { dropColumns, gapbench, readText, removeDir, startGapbench, tempDir } from './helpers/gapbench.js';

const CONFIG = ['--preset', 'ci', '--no-report'];
const TOTAL = 60; // ci: 3 tasks × 5 variants × 2 gaps × 2 replicates

function finishedLines(dir: string): number {
  const path = join(dir, 'cells.jsonl');
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

let cwd: string;
let killedAfter = 0;
beforeAll(async () => {
  cwd = tempDir('kill');
  const { child, done } = startGapbench(['run', ...CONFIG, '--workers', '1', '--out', 'killed'], cwd);
  // Kill as soon as a few cells are on disk, well before the end.
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (finishedLines(join(cwd, 'killed')) >= 3) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 10);
    void done.then((r) => {
      clearInterval(poll);
      reject(new Error(`run ended before it could be killed (code ${r.code}): ${r.stderr}`));
    });
  });
  const killed = await done;
  expect(killed.signal).toBe('SIGKILL');
  killedAfter = finishedLines(join(cwd, 'killed'));
});
afterAll(() => removeDir(cwd));

describe('resume after SIGKILL', () => {
  it('was killed mid-way with the manifest still saying running', () => {
    expect(killedAfter).toBeGreaterThanOrEqual(3);
    expect(killedAfter).toBeLessThan(TOTAL);
    const manifest = JSON.parse(readText(join(cwd, 'killed'), 'manifest.json')) as { status: string };
    expect(manifest.status).toBe('running');
  });

  it('resumes only the missing cells and matches an uninterrupted run', async () => {
    const resumed = await gapbench(['run', '--resume', 'killed', '--workers', '2', '--no-report'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    const finishedAfter = readText(join(cwd, 'killed'), 'cells.jsonl').split('\n').length - 1;
    expect(finishedAfter).toBe(TOTAL);
    expect(resumed.stderr).toMatch(new RegExp(`${TOTAL - killedAfter} cells to train on \\d worker\\(s\\), ${killedAfter} already finished`));

    const fresh = await gapbench(['run', ...CONFIG, '--workers', '2', '--out', 'fresh'], cwd);
    expect(fresh.code, fresh.stderr).toBe(0);
    const a = readText(join(cwd, 'fresh'), 'results.csv');
    const b = readText(join(cwd, 'killed'), 'results.csv');
    expect(dropColumns(b, TIMING_COLUMNS)).toBe(dropColumns(a, TIMING_COLUMNS));
    expect(readText(join(cwd, 'killed'), 'curves.csv')).toBe(readText(join(cwd, 'fresh'), 'curves.csv'));
    const manifest = JSON.parse(readText(join(cwd, 'killed'), 'manifest.json')) as { status: string; sessions: { status: string }[] };
    expect(manifest.status).toBe('complete');
    expect(manifest.sessions.map((s) => s.status)).toEqual(['running', 'complete']);
  });
});
