/**
 * Run folders for the `gapbench check` tests, trained in this process with
 * trainCell and written with the store (manifest.json + cells.jsonl, as
 * runExperiment writes them). In-process on purpose: a test that vi.mock's
 * a registry gets run folders whose cells were trained with the mocked
 * (broken) task or variant, which the compiled CLI then checks.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { configHash } from '../../harness/config/hash.js';
import { presets } from '../../harness/config/presets.js';
import { validateConfig } from '../../harness/config/resolve.js';
import type { ExperimentInput } from '../../harness/config/schema.js';
import { ENGINE_VERSION } from '../../harness/engine/version.js';
import { expandGrid } from '../../harness/runner/grid.js';
import { fmaOf } from '../../harness/runner/run.js';
import { CellLog, RUN_SCHEMA_VERSION, gapbenchVersion, writeManifest, type Manifest } from '../../harness/runner/store.js';
import { trainCell } from '../../harness/runner/train-cell.js';
import type { CellRow } from '../../harness/runner/types.js';
import { gapbench, type CliRun } from './gapbench.js';

/** A slice of the ci preset (its hyperparameters, fewer tasks/variants/gaps) so a test trains in seconds. */
export function ciSlice(over: Partial<ExperimentInput>): ExperimentInput {
  return { ...presets.ci, ...over };
}

/** Trains every cell of `input` in this process into the run folder `dir` (new); returns the rows in grid order. */
export function trainRunFolder(dir: string, input: ExperimentInput): CellRow[] {
  const config = validateConfig(input);
  const grid = expandGrid(config);
  const now = new Date().toISOString();
  const manifest = {
    schema: RUN_SCHEMA_VERSION,
    tool: 'gapbench',
    runId: `test-${configHash(config).slice(0, 8)}`,
    configHash: configHash(config),
    config,
    backend: config.backend,
    versions: { gapbench: gapbenchVersion(), node: process.version, engine: ENGINE_VERSION, ...fmaOf(config.backend) },
    git: null,
    shard: null,
    cells: grid.map(({ key, task, variant, gap, replicate, hidden, lr }) => ({ key, task, variant, gap, replicate, hidden, lr })),
    startedAt: now,
    endedAt: now,
    status: 'complete',
    sessions: [{ startedAt: now, endedAt: now, status: 'complete', workers: 1, cellsRun: grid.length }],
  } as Manifest;
  mkdirSync(dir, { recursive: true });
  writeManifest(dir, manifest);
  const log = new CellLog(dir);
  const rows = grid.map((spec) => {
    const row = trainCell(spec);
    log.append(row);
    return row;
  });
  log.close();
  return rows;
}

/**
 * Trains `input` into dir/<run> (trainRunFolder) and makes dir/<baseline>
 * from it with the compiled CLI's `check --update`, expecting exit 0;
 * returns the rows in grid order.
 */
export async function baselinedRun(dir: string, input: ExperimentInput, run = 'run', baseline = 'b.json'): Promise<CellRow[]> {
  const rows = trainRunFolder(join(dir, run), input);
  const made = await gapbench(['check', '--update', '--run', run, '--baseline', baseline], dir);
  expect(made.code, made.stderr).toBe(0);
  return rows;
}

/** The repository's committed default baseline, results/baselines/ci.json (read it, never write it). */
export const COMMITTED_CI_BASELINE = fileURLToPath(new URL('../../results/baselines/ci.json', import.meta.url));

/**
 * Copies the committed ci baseline to <dir>/results/baselines/ci.json, the
 * default path of a working directory `dir`, so a test can run plain
 * `check` there without ever writing the committed file; returns the copy's path.
 */
export function withDefaultCiBaseline(dir: string): string {
  const path = join(dir, 'results', 'baselines', 'ci.json');
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(COMMITTED_CI_BASELINE, path);
  return path;
}

/** A baseline file as JSON (for editing copies in tests). */
export interface BaselineJson {
  node: { version: string; major: number };
  backend: string;
  /** Fast backend: whether the baseline's machine fused multiply-adds (null: not recorded). */
  fma?: boolean | null;
  engineVersion: number;
  configHash: string;
  cells: {
    key: string;
    task: string;
    variant: string;
    replicate: number;
    status: string;
    test_accuracy: number | null;
    steps_to_solve: number | null;
    sequences_to_solve: number | null;
    test_loss: number | null;
  }[];
}

export function readBaselineJson(path: string): BaselineJson {
  return JSON.parse(readFileSync(path, 'utf8')) as BaselineJson;
}

/** Writes an edited copy of the baseline at `from` to `to`. */
export function editBaseline(from: string, to: string, edit: (b: BaselineJson) => void): void {
  const b = readBaselineJson(from);
  edit(b);
  writeFileSync(to, `${JSON.stringify(b, null, 2)}\n`);
}

/** An accuracy moved by `by` towards the middle of [0, 1], so the result stays a valid accuracy. */
export function nudge(accuracy: number, by: number): number {
  return accuracy >= 0.5 ? accuracy - by : accuracy + by;
}

/** Cell keys whose testcase has a <failure> in a JUnit file written by `gapbench check --junit`. */
export function failingTestcases(junitPath: string): string[] {
  const xml = readFileSync(junitPath, 'utf8');
  const out: string[] = [];
  for (const m of xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)">\s*<failure/g)) out.push(m[1]!);
  return out;
}

/** Every testcase name in a JUnit file. */
export function testcases(junitPath: string): string[] {
  const xml = readFileSync(junitPath, 'utf8');
  return [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map((m) => m[1]!);
}

/** What `mutationCheck` leaves for the assertions. */
export interface MutationCheck {
  /** Cell keys of the config, in grid order. */
  readonly keys: string[];
  /** `check --run honest` against the baseline made from it. */
  readonly honestCheck: CliRun;
  /** `check --run broken --junit j.xml` against that baseline. */
  readonly brokenCheck: CliRun;
}

/**
 * The check-catches-a-bug experiment: trains `input` honestly into
 * dir/honest and makes dir/b.json from it, trains it with `mutation.active`
 * set into dir/broken (in this process, so a vi.mock'ed registry applies),
 * then checks both folders against b.json with the compiled CLI.
 */
export async function mutationCheck(dir: string, input: ExperimentInput, mutation: { active: boolean }): Promise<MutationCheck> {
  const keys = (await baselinedRun(dir, input, 'honest')).map((r) => r.key);
  mutation.active = true;
  try {
    trainRunFolder(join(dir, 'broken'), input);
  } finally {
    mutation.active = false;
  }
  const honestCheck = await gapbench(['check', '--run', 'honest', '--baseline', 'b.json'], dir);
  const brokenCheck = await gapbench(['check', '--run', 'broken', '--baseline', 'b.json', '--junit', 'j.xml'], dir);
  return { keys, honestCheck, brokenCheck };
}
