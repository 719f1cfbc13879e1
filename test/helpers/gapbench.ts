/**
 * Runs the compiled CLI (`node dist/harness/cli/main.js`, built by `npm
 * test`) as a child process, the way users run it, and reads run folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/harness/cli/main.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Variables from which `gapbench run` picks its shard (Slurm array, Kubernetes
 * Indexed Job). They are removed from the inherited environment so a test
 * suite run inside such a job still runs whole grids; pass them in `env` to
 * test detection.
 */
const SCHEDULER_VARS = /^(SLURM_ARRAY_|JOB_COMPLETION_INDEX$)/;

/** Starts `gapbench ...args` in `cwd`; stdout/stderr are pipes (not a TTY). `env` adds to the (scrubbed) environment. */
export function startGapbench(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SCHEDULER_VARS.test(k)));
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function gapbench(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return startGapbench(args, cwd, env).done;
}

/** A fresh temporary folder; remove it with `rmSync(dir, { recursive: true })`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gapbench-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A CSV text without the named columns (timing columns differ between identical runs). */
export function dropColumns(csv: string, columns: readonly string[]): string {
  const lines = csv.trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const keep = header.map((h, i) => (columns.includes(h) ? -1 : i)).filter((i) => i >= 0);
  // Fields of results.csv never contain commas or quotes (names, numbers), so a plain split is exact.
  return lines.map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n');
}

export function readText(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
