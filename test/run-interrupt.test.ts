// Ctrl-C (SIGINT) during a run: scheduling stops, workers are terminated,
// finished cells stay in cells.jsonl and results.csv, the manifest says
// interrupted, the resume command is printed and the exit code is 130.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startGapbench, tempDir, type CliRun } from './helpers/gapbench.js';

let cwd: string;
let result: CliRun;
beforeAll(async () => {
  cwd = tempDir('interrupt');
  const cells = join(cwd, 'run', 'cells.jsonl');
  const { child, done } = startGapbench(['run', '--preset', 'ci', '--workers', '1', '--out', 'run'], cwd);
  const poll = setInterval(() => {
    if (existsSync(cells) && readFileSync(cells, 'utf8').includes('\n')) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 10);
  result = await done;
  clearInterval(poll);
});
afterAll(() => removeDir(cwd));

describe('Ctrl-C', () => {
  it('exits 130 and prints the resume command', () => {
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('stopping: no new cells; finished cells are kept, cells in progress are dropped (--resume trains them again)');
    expect(result.stderr).toContain('npx gapbench run --resume run');
  });

  it('keeps the finished cells and marks the manifest interrupted', () => {
    const finished = readFileSync(join(cwd, 'run', 'cells.jsonl'), 'utf8').trimEnd().split('\n');
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(60);
    const results = readFileSync(join(cwd, 'run', 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(results).toHaveLength(1 + finished.length);
    const manifest = JSON.parse(readFileSync(join(cwd, 'run', 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('interrupted');
  });
});
