/**
 * `gapbench report DIR` regenerates the report from cells.jsonl and the
 * manifest alone; a bad DIR is a UsageError (exit 2) and a damaged
 * manifest or cells file is a ConfigError that names the file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { reportCommand, type ReportArgs } from '../harness/cli/report.js';
import { UsageError } from '../harness/cli/errors.js';
import { writeReport } from '../harness/report/index.js';
import { removeRunDirs, syntheticManifest, syntheticRows, writeRunDir, type SyntheticOptions } from './report-fixtures.js';

afterAll(removeRunDirs);

const small: SyntheticOptions = { tasks: ['copy', 'adding'], variants: ['rnn', 'lstm'], gaps: [10, 50], replicates: 2 };

async function runCommand(dir: string): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await reportCommand.handler({ dir, _: ['report'], $0: 'gapbench' } as ArgumentsCamelCase<ReportArgs>);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('gapbench report DIR', () => {
  it('regenerates figures and report.html from manifest.json and cells.jsonl, without results.csv', async () => {
    const dir = writeRunDir(syntheticRows(small), syntheticManifest(small));
    expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    const printed = await runCommand(dir);
    for (const f of ['fig-accuracy-copy.svg', 'fig-accuracy-adding.svg', 'fig-curves-copy.svg', 'fig-curves-adding.svg', 'report.html']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
      expect(printed).toContain(join(dir, f));
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<table id="max-reliable-gap"');
    expect(reportCommand.command).toBe('report <dir>');
  });

  it.each([
    ['a folder that does not exist', (d: string) => join(d, 'nope'), /does not exist/],
    ['a file', (d: string) => join(d, 'manifest.json'), /is a file, not a run folder/],
    ['a folder without cells.jsonl', (d: string) => (rmSync(join(d, 'cells.jsonl')), d), /no cells\.jsonl/],
    ['a folder without manifest.json', (d: string) => (rmSync(join(d, 'manifest.json')), d), /no manifest\.json/],
  ])('rejects %s with a UsageError', async (_, pick, why) => {
    const dir = pick(writeRunDir(syntheticRows(small), syntheticManifest(small)));
    const err = await runCommand(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(why);
  });
});

describe('damaged run folders fail with the file named', () => {
  const rows = syntheticRows(small);

  it('manifest.json that is not JSON', async () => {
    const dir = writeRunDir(rows, syntheticManifest(small));
    writeFileSync(join(dir, 'manifest.json'), '{"schema": 1, "config": {');
    await expect(writeReport(dir)).rejects.toThrow(/manifest\.json is not valid JSON/);
  });

  it('manifest.json without config.solvedThreshold', async () => {
    const m = syntheticManifest(small);
    delete (m['config'] as Record<string, unknown>)['solvedThreshold'];
    const dir = writeRunDir(rows, m);
    const err = await writeReport(dir).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ConfigError');
    expect((err as Error).message).toContain(join(dir, 'manifest.json'));
    expect((err as Error).message).toContain('config.solvedThreshold');
  });

  it('manifest.json with a threshold out of range', async () => {
    const m = syntheticManifest(small);
    (m['config'] as Record<string, unknown>)['solvedThreshold'] = 95;
    await expect(writeReport(writeRunDir(rows, m))).rejects.toThrow(/manifest\.json lacks fields the report needs \(config\.solvedThreshold/);
  });

  it('a cells.jsonl line before the last that is not a row', async () => {
    const dir = writeRunDir(rows, syntheticManifest(small));
    const lines = readFileSync(join(dir, 'cells.jsonl'), 'utf8').split('\n');
    lines[2] = 'not json';
    writeFileSync(join(dir, 'cells.jsonl'), lines.join('\n'));
    await expect(writeReport(dir)).rejects.toThrow(/cells\.jsonl: line 3 is not a cell row/);
  });

  it('a row missing a field the report needs', async () => {
    const broken = rows.map((r, i) => (i === 4 ? { ...r, test_accuracy: 'high' } : r));
    const dir = writeRunDir(broken as typeof rows, syntheticManifest(small));
    await expect(writeReport(dir)).rejects.toThrow(new RegExp(`cells\\.jsonl: row ${rows[4]?.key} is not a valid cell row \\(test_accuracy`));
  });

  it('a cells.jsonl with no rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gapbench-report-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(syntheticManifest(small)));
    writeFileSync(join(dir, 'cells.jsonl'), '');
    await expect(writeReport(dir)).rejects.toThrow(/cells\.jsonl holds no finished cells/);
  });
});
