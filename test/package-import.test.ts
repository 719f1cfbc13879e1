/**
 * The built package works from a separate project: `npm pack` (without
 * scripts: `npm test` has built dist/), the tarball unpacked into a
 * temporary project's node_modules/gapbench, its dependencies linked from
 * this checkout (no network), then a plain .mjs file imports the API by
 * package name, checks and trains a plugin cell in a worker, and a
 * TypeScript file type-checks against the published declarations.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from './helpers/gapbench.js';
import { FIXTURES, REPO } from './helpers/plugin-project.js';

let root: string;
let project: string;
let pkg: string;

beforeAll(() => {
  root = tempDir('pack');
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const tgz = readdirSync(root).find((f) => f.endsWith('.tgz'));
  if (tgz === undefined) throw new Error(`npm pack wrote no tarball into ${root}`);
  project = join(root, 'project');
  pkg = join(project, 'node_modules', 'gapbench');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(root, tgz), '-C', pkg, '--strip-components=1']);
  // The tarball's dependencies (yargs, zod, ...), as an install would provide them.
  symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  writeFileSync(join(project, 'package.json'), '{ "name": "uses-gapbench", "private": true, "type": "module" }\n');
  copyFileSync(join(FIXTURES, 'mgu.js'), join(project, 'mgu.js'));
});
afterAll(() => removeDir(root));

describe('the packed package, imported from another project', () => {
  it('ships the compiled entry, its declarations, the worker script and the fast kernels', () => {
    for (const f of ['dist/harness/index.js', 'dist/harness/index.d.ts', 'dist/harness/runner/worker.js', 'dist/harness/cli/main.js', 'dist/harness/engine/kernels/kernels.wasm', 'README.md']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(join(pkg, 'test'))).toBe(false);
  });

  it('imports by name, defines, gradchecks and trains a plugin cell', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { createKernels, defineVariant, gradcheck, runExperiment } from 'gapbench';
import { mgu } from './mgu.js';
const check = gradcheck(mgu);
const run = await runExperiment(
  { preset: 'ci', plugins: ['./mgu.js'], tasks: ['delayed-recall'], variants: ['mgu'], gaps: [2], replicates: 1, gradflow: false },
  { out: 'run', workers: 1 },
);
console.log(JSON.stringify({
  resolved: import.meta.resolve('gapbench'),
  identity: defineVariant(mgu) === mgu,
  ok: check.ok,
  tensors: check.results.length,
  fast: createKernels('fast').backend,
  rows: run.rows.map((r) => r.variant + ':' + r.status),
}));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({
      // The unpacked copy, not this checkout's sources.
      resolved: pathToFileURL(join(pkg, 'dist', 'harness', 'index.js')).href,
      identity: true,
      ok: true,
      tensors: 14,
      fast: 'fast',
      rows: ['mgu:ok'],
    });
  });

  it('type-checks a TypeScript user of the published declarations', () => {
    writeFileSync(
      join(project, 'cell.ts'),
      `import { defineVariant, gradcheck, type Kernels, type StepView, type Variant, type CellRow, type ExperimentConfig } from 'gapbench';
export const copyCell: Variant = defineVariant({
  name: 'copy-cell',
  summary: 'h = h₋ + W·x (a test cell)',
  equations: ['h = h₋ + W·x'],
  hasCell: false,
  params: (_H: number, X: number) => [{ name: 'W', rows: X, cols: _H, init: { kind: 'uniform' } }],
  cacheSize: () => 0,
  scratchSize: () => 0,
  forward(k: Kernels, s: StepView) { k.gemm(s.B, s.H, s.X, s.x, s.p['W']!, s.h, 0); },
  backward(_k: Kernels, _s: StepView) {},
});
export const ok: boolean = gradcheck(copyCell).ok;
export type Row = CellRow;
export type Config = ExperimentConfig;
`,
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--skipLibCheck', '--strict', '--noUncheckedIndexedAccess', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(REPO, 'node_modules', '@types'), 'cell.ts'];
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, ...args], { cwd: project, encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  });
});
