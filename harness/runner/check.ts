/**
 * `gapbench check`: run a preset (or read a finished run folder) and
 * compare it with a committed baseline (harness/report/compare.ts), or
 * rewrite the baseline from it (`--update`).
 *
 *   baseline file ─parse─┐
 *   preset ─config─> same experiment? ─run (temp folder)─> cells ─compare─> table, verdict, JUnit
 *   run folder ─manifest + cells.jsonl─┘
 *
 * The baseline is read and its config checked against the run's before
 * any cell trains, so a stale or missing baseline fails in a second.
 * Problems the user must fix (no baseline, another config, a damaged file,
 * an unfinished run, a run that cannot become a baseline) are ConfigErrors:
 * exit 2. The default baseline of a preset only ever records that preset's
 * config: plain `gapbench check` trains the preset against it, so a
 * baseline of another config there would make that check exit 2.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { configHash } from '../config/hash.js';
import { presetNames, presets, type PresetName } from '../config/presets.js';
import { validateConfig } from '../config/resolve.js';
import type { ExperimentConfig } from '../config/schema.js';
import { ENGINE_VERSION } from '../engine/version.js';
import {
  DEFAULT_TOLERANCE,
  chooseMode,
  cellRecord,
  compareRuns,
  configDifferences,
  describeFma,
  describeMode,
  differenceTable,
  failingCells,
  formatBaseline,
  makeBaseline,
  nodeMajor,
  parseBaseline,
  provenanceDifferences,
  sameExperiment,
  type Baseline,
  type Mode,
  type RunResults,
} from '../report/compare.js';
import { inGridOrder } from '../report/csv.js';
import { junitError, junitXml } from '../report/junit.js';
import { expandGrid, gridIndex } from './grid.js';
import { fmaOf, fmaValues, runExperiment, sessionBuilds, versionValues } from './run.js';
import { gapbenchVersion, isFreshDir, readCells, readManifest, writeFileAtomic } from './store.js';

/** The committed baseline of a preset, relative to the working directory. */
export function defaultBaselinePath(preset: string): string {
  return `results/baselines/${preset}.json`;
}

export interface CheckOptions {
  /** Preset to run when `run` is not given (default ci). */
  readonly preset?: PresetName;
  /** A finished run folder to check instead of running the preset. */
  readonly run?: string;
  /** Baseline file; default results/baselines/<preset>.json. */
  readonly baseline?: string;
  /** Force tolerance mode with this δ. */
  readonly tolerance?: number;
  /** Rewrite the baseline from the run instead of comparing. */
  readonly update?: boolean;
  /** Write a JUnit XML here. */
  readonly junit?: string;
  /** Worker threads for the preset run (default: available cores). */
  readonly workers?: number;
  /** Keep the preset run in this new folder instead of a temporary one. */
  readonly out?: string;
  /** Aborting stops the preset run (Ctrl-C): runCheck then returns 130. */
  readonly signal?: AbortSignal;
}

export interface CheckIo {
  /** Results: table, verdict (stdout). */
  readonly out: (text: string) => void;
  /** Progress and notes (stderr). */
  readonly err: (text: string) => void;
}

export function readBaselineFile(path: string): Baseline | null {
  if (!existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read baseline ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the path given to --baseline`);
  }
  return parseBaseline(text, path);
}

export function writeBaselineFile(path: string, baseline: Baseline): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, formatBaseline(baseline));
  } catch (err) {
    throw new ConfigError(`cannot write baseline ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose a writable path with --baseline`);
  }
}

/** A run folder as the run side of a comparison. */
export interface RunFolder {
  readonly results: RunResults;
  /** Grid cells the folder's manifest lists but cells.jsonl lacks. */
  readonly missing: readonly string[];
  readonly notes: readonly string[];
  /** Why the folder's sessions disagree on Node major or engine version (then only tolerance mode is honest); null when they agree. */
  readonly mixedBuilds: string | null;
}

export function readRunFolder(dir: string): RunFolder {
  const abs = resolve(dir);
  const manifest = readManifest(abs);
  const { rows, torn } = readCells(abs);
  const notes: string[] = [];
  if (torn !== null) notes.push(`${dir}/cells.jsonl: ignored a torn last line (line ${torn.line}); \`gapbench run --resume ${dir}\` reruns that cell`);
  const order = new Map(manifest.cells.map((c, i) => [c.key, i]));
  const done = new Set(rows.map((r) => r.key));
  const missing = manifest.cells.filter((c) => !done.has(c.key)).map((c) => c.key);
  // Every session's build (a resumed or merged folder has several); the manifest's alone for older folders.
  const builds = sessionBuilds(manifest);
  const engines = [...new Set(builds.flatMap((b) => versionValues(b.versions.engine)))].sort();
  const nodes = [...new Set(builds.flatMap((b) => versionValues(b.versions.node)))].sort();
  const majors = [...new Set(nodes.map(nodeMajor))];
  const fmas = [...new Set(builds.flatMap((b) => fmaValues(b.versions.fma)).map((f) => f ?? null))].sort();
  let engineVersion = ENGINE_VERSION;
  if (engines.length === 0) notes.push(`${dir}/manifest.json records no engine version; assuming this build's (${ENGINE_VERSION})`);
  else engineVersion = Number(engines[0]);
  const node = nodes[0] ?? manifest.versions.node;
  const mixed: string[] = [];
  if (engines.length > 1) mixed.push(`engine versions ${engines.join(', ')}`);
  if (majors.length > 1) mixed.push(`Node ${nodes.join(', ')}`);
  if (fmas.length > 1) mixed.push(fmas.map(describeFma).join(', '));
  const mixedBuilds = mixed.length === 0 ? null : `the sessions of ${dir} ran with ${mixed.join(' and ')}`;
  if (mixedBuilds !== null) notes.push(`${mixedBuilds}; its cells are not from one build, so the check uses tolerance mode`);
  return {
    results: {
      configHash: manifest.configHash,
      config: manifest.config,
      backend: manifest.backend,
      node: { version: node, major: nodeMajor(node) },
      engineVersion,
      fma: fmas[0] ?? null,
      cells: inGridOrder(rows, order).map(cellRecord),
    },
    missing,
    notes,
    mixedBuilds,
  };
}

function anotherConfig(baseline: Baseline, baselinePath: string, config: ExperimentConfig, hash: string, what: string, advice: string): ConfigError {
  const fields = configDifferences(baseline.config, config);
  return new ConfigError(
    `baseline ${baselinePath} is for another config (hash ${baseline.configHash.slice(0, 12)}, ${what} has ${hash.slice(0, 12)})` +
      `${fields.length > 0 ? `; differing fields: ${fields.join('; ')}` : ''}. ${advice}`,
  );
}

/** Whether `path` is the preset's default baseline, however it was spelled. */
function isDefaultBaseline(path: string, preset: string): boolean {
  return resolve(path) === resolve(defaultBaselinePath(preset));
}

/** The preset whose default baseline `path` is, or null. */
function defaultBaselineOwner(path: string): PresetName | null {
  return presetNames.find((p) => isDefaultBaseline(path, p)) ?? null;
}

/**
 * Why `path` must not hold a baseline of the config with `hash`: it is the
 * default baseline of a preset of another config, which plain `gapbench
 * check [--preset P]` compares with it (so it would exit 2); null if it may
 * (the preset's own config, on either backend).
 */
export function blockedDefault(path: string, hash: string, config: ExperimentConfig, runLabel: string): string | null {
  const owner = defaultBaselineOwner(path);
  if (owner === null) return null;
  const ownerConfig = validateConfig(presets[owner]);
  const ownerHash = configHash(ownerConfig);
  if (hash === ownerHash) return null;
  // The preset on another backend is the same experiment: plain check compares it (tolerance mode), as sameExperiment says.
  if (configHash({ ...config, backend: ownerConfig.backend }) === ownerHash) return null;
  // The preset's config in the role of a baseline's (before → now).
  const fields = configDifferences(ownerConfig as unknown as Readonly<Record<string, unknown>>, config);
  return (
    `${path} is the default baseline of the ${owner} preset (${ownerCheck(path)} compares that preset with it), ` +
    `and ${runLabel} is of another config (hash ${hash.slice(0, 12)}, the ${owner} preset has ${ownerHash.slice(0, 12)}` +
    `${fields.length > 0 ? `; differing fields: ${fields.join('; ')}` : ''})`
  );
}

/** The command that trains the preset whose default baseline `path` is and checks it. */
function ownerCheck(path: string): string {
  const owner = defaultBaselineOwner(path) ?? 'ci';
  return `\`npx gapbench check${owner === 'ci' ? '' : ` --preset ${owner}`}\``;
}

/** A baseline file of its own for a run whose config no preset's default baseline may hold: named after the run folder. */
function ownBaselinePath(run: string): string {
  const name = basename(resolve(run));
  return defaultBaselinePath(defaultBaselineOwner(defaultBaselinePath(name)) === null ? name : `${name}-run`);
}

/**
 * `npx gapbench check --update ...` with the arguments that name the same
 * run and baseline. When `blocked` (the baseline path is a preset default
 * the run's config may not be written to) it names a file --update accepts:
 * a run gets a file of its own, a preset its own default.
 */
function updateCommand(opts: CheckOptions, preset: string, baselinePath: string, blocked: boolean): string {
  const parts = ['npx gapbench check --update'];
  if (opts.run !== undefined) parts.push(`--run ${opts.run}`);
  else if (preset !== 'ci') parts.push(`--preset ${preset}`);
  if (blocked) {
    if (opts.run !== undefined) parts.push(`--baseline ${ownBaselinePath(opts.run)}`);
  } else if (opts.baseline !== undefined && baselinePath !== defaultBaselinePath(preset)) parts.push(`--baseline ${baselinePath}`);
  return parts.join(' ');
}

/** `npx gapbench check --run DIR ...` that checks (or, with --update, records) a run folder against the same baseline. */
function checkRunCommand(dir: string, update: boolean, baselinePath: string): string {
  const parts = ['npx gapbench check'];
  if (update) parts.push('--update');
  parts.push(`--run ${dir}`);
  // --run reads a run, so its default baseline is the ci preset's whatever preset trained it.
  if (baselinePath !== defaultBaselinePath('ci')) parts.push(`--baseline ${baselinePath}`);
  return parts.join(' ');
}

/**
 * Runs the check and returns the exit code: 0 same (or baseline updated),
 * 1 regression, 130 interrupted (opts.signal). Throws ConfigError for exit 2.
 */
export async function runCheck(opts: CheckOptions, io: CheckIo): Promise<0 | 1 | 130> {
  const preset: PresetName = opts.preset ?? 'ci';
  const baselinePath = opts.baseline ?? defaultBaselinePath(preset);
  try {
    return await check(opts, preset, baselinePath, io);
  } catch (err) {
    if (opts.junit !== undefined && err instanceof ConfigError) writeJunit(opts.junit, junitError(err.message, baselinePath));
    throw err;
  }
}

function writeJunit(path: string, text: string): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileAtomic(resolve(path), text);
  } catch (err) {
    throw new ConfigError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose a writable file for --junit`);
  }
}

async function check(opts: CheckOptions, preset: PresetName, baselinePath: string, io: CheckIo): Promise<0 | 1 | 130> {
  const update = opts.update === true;
  const baseline = readBaselineFile(baselinePath);
  const noBaseline = (upd: string): ConfigError =>
    new ConfigError(`no baseline at ${baselinePath}; make one from this build with \`${upd}\` and commit it (or name another file with --baseline)`);
  const regenerate = (upd: string): string => `Check a run of the baseline's config, or, if the config changed on purpose, regenerate the baseline with \`${upd}\` and commit it`;

  // The run side: a finished folder, or the preset run now.
  let results: RunResults;
  let tempDir: string | null = null;
  const removeTemp = (): void => {
    if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
  };
  let runLabel: string;
  let mixedBuilds: string | null = null;
  let upd: string;
  if (opts.run !== undefined) {
    const folder = readRunFolder(opts.run);
    for (const n of folder.notes) io.err(`${n}\n`);
    results = folder.results;
    mixedBuilds = folder.mixedBuilds;
    runLabel = `run ${opts.run}`;
    const blocked = blockedDefault(baselinePath, results.configHash, results.config, runLabel);
    upd = updateCommand(opts, preset, baselinePath, blocked !== null);
    if (blocked !== null && (update || baseline === null)) {
      throw new ConfigError(
        `${update ? `refusing to write ${baselinePath} from ${runLabel}` : `no baseline at ${baselinePath}`}: ${blocked}; ` +
          `give this config a baseline file of its own: \`${upd}\`, then check the run with \`npx gapbench check --run ${opts.run} --baseline ${ownBaselinePath(opts.run)}\``,
      );
    }
    if (baseline === null && !update) throw noBaseline(upd);
    if (baseline !== null && !update && !sameExperiment(baseline, results)) {
      const advice =
        blocked !== null
          ? `To check ${baselinePath}, check a run of its preset (${ownerCheck(baselinePath)} trains one); to check this run, give its config a baseline file of its own with \`${upd}\` and check with --baseline that file`
          : regenerate(upd);
      throw anotherConfig(baseline, baselinePath, results.config, results.configHash, runLabel, advice);
    }
    if (folder.missing.length > 0) {
      // Not a regression: every missing cell would show as a difference, and --update refuses the run too.
      throw new ConfigError(
        `${runLabel} is unfinished (${folder.missing.length} cell(s) not run, e.g. ${folder.missing[0]}); finish it with \`npx gapbench run --resume ${opts.run}\` first, ` +
          `${update ? 'before making a baseline from it' : 'then check it again'}`,
      );
    }
  } else {
    const config = validateConfig(presets[preset]);
    const hash = configHash(config);
    runLabel = `preset ${preset}`;
    const blocked = blockedDefault(baselinePath, hash, config, runLabel);
    upd = updateCommand(opts, preset, baselinePath, blocked !== null);
    // e.g. `--preset quick --baseline results/baselines/ci.json --update`.
    if (blocked !== null && update) throw new ConfigError(`refusing to write ${baselinePath} from ${runLabel}: ${blocked}; write it to ${defaultBaselinePath(preset)} instead: \`${upd}\``);
    if (baseline === null && !update) throw noBaseline(upd);
    if (baseline !== null && !update && !sameExperiment(baseline, { configHash: hash, config, backend: config.backend })) {
      throw anotherConfig(baseline, baselinePath, config, hash, runLabel, regenerate(upd));
    }
    let dir: string;
    if (opts.out !== undefined) {
      if (!isFreshDir(resolve(opts.out))) throw new ConfigError(`--out ${opts.out} is not empty; check trains every cell afresh, so give a new or empty folder (or check an existing run with --run ${opts.out})`);
      dir = resolve(opts.out);
    } else {
      dir = mkdtempSync(join(tmpdir(), 'gapbench-check-'));
      tempDir = dir;
    }
    const workers = opts.workers ?? availableParallelism();
    const grid = expandGrid(config);
    io.err(`check: training preset ${preset} (${grid.length} cells, ${workers} worker(s)) in ${dir}\n`);
    // A second Ctrl-C exits at once (process.exit): the temporary folder goes with it.
    process.on('exit', removeTemp);
    let run;
    try {
      run = await runExperiment(config, { out: dir, workers, ...(opts.signal !== undefined ? { signal: opts.signal } : {}) });
    } catch (err) {
      removeTemp();
      throw err;
    } finally {
      process.off('exit', removeTemp);
    }
    if (run.status === 'interrupted') {
      const finished = `${run.rows.length} of ${grid.length} cells finished`;
      if (tempDir !== null) {
        removeTemp();
        io.err(`check: interrupted (${finished}); removed the temporary run folder ${tempDir}\n`);
      } else {
        const shown = opts.out ?? dir;
        io.err(
          `check: interrupted (${finished}, kept in ${shown}); finish it with \`npx gapbench run --resume ${shown}\`, then \`${checkRunCommand(shown, update, baselinePath)}\`\n`,
        );
      }
      return 130;
    }
    const order = gridIndex(grid);
    results = {
      configHash: run.configHash,
      config,
      backend: config.backend,
      node: { version: process.version, major: nodeMajor(process.version) },
      engineVersion: ENGINE_VERSION,
      fma: fmaOf(config.backend).fma ?? null,
      cells: inGridOrder(run.rows, order).map(cellRecord),
    };
  }

  if (update) {
    if (mixedBuilds !== null) {
      // One baseline records one build; its cells would claim a provenance half of them do not have.
      throw new ConfigError(`${mixedBuilds}, so its cells cannot make one baseline; make it from a folder that one build ran, or with \`npx gapbench check --update\` and no --run, which trains the preset here`);
    }
    doUpdate(baseline, baselinePath, results, runLabel, io);
    removeTemp();
    return 0;
  }

  const base = baseline as Baseline;
  const chosen = chooseMode(base, results, opts.tolerance);
  // Cells from two builds cannot be bit-identical to one baseline as a set; compare them with tolerance.
  const mode: Mode =
    mixedBuilds === null
      ? chosen
      : chosen.kind === 'tolerance'
        ? { ...chosen, reasons: [...chosen.reasons, mixedBuilds] }
        : { kind: 'tolerance', delta: DEFAULT_TOLERANCE, reasons: [mixedBuilds], automatic: true };
  const comparison = compareRuns(base.cells, results.cells, mode);
  if (opts.junit !== undefined) writeJunit(opts.junit, junitXml(comparison, baselinePath));
  io.out(`${runLabel} (${results.cells.length} cells) vs baseline ${baselinePath} (${base.cells.length} cells)\n${describeMode(mode, base)}\n`);
  if (mode.kind === 'tolerance' && mode.automatic) {
    io.out(`note: tolerance mode catches large changes only; for an exact check run on the baseline's Node major, backend, engine and kind of multiply-add (fused on CPUs with FMA), or regenerate the baseline from a trusted build here with \`${upd}\`\n`);
  }
  const failing = failingCells(comparison);
  const movedGroups = comparison.groups.filter((g) => g.differs).length;
  if (comparison.ok) {
    const how = mode.kind === 'exact' ? 'bit-identical to' : `within tolerance (δ = ${mode.delta}) of`;
    io.out(`PASS: ${comparison.cells.length} of ${comparison.cells.length} cells ${how} ${baselinePath}\n`);
    removeTemp();
    return 0;
  }
  io.out(`\n${differenceTable(comparison.differences)}\n`);
  const parts = [`${failing.length} of ${comparison.cells.length} cells differ from ${baselinePath} (${mode.kind} mode)`];
  if (movedGroups > 0) parts.push(`${movedGroups} mean(s) over replicates moved by more than ${mode.kind === 'tolerance' ? mode.delta / 2 : 0}`);
  io.out(`FAIL: ${parts.join(', ')}; if the change is intended, regenerate the baseline with \`${upd}\` and commit it\n`);
  if (tempDir !== null) io.err(`check: the run is kept for inspection in ${tempDir}\n`);
  return 1;
}

function doUpdate(old: Baseline | null, path: string, results: RunResults, runLabel: string, io: CheckIo): void {
  const failed = results.cells.filter((c) => c.status === 'error');
  if (failed.length > 0) {
    throw new ConfigError(
      `${runLabel} has ${failed.length} cell(s) that crashed (status error, e.g. ${failed[0]!.key}); a baseline must not record a crash — see the message in cells.jsonl, fix it and rerun`,
    );
  }
  const next = makeBaseline(results, gapbenchVersion());
  const text = formatBaseline(next);
  if (old === null) {
    writeBaselineFile(path, next);
    io.out(`new baseline ${path}: ${next.cells.length} cells from ${runLabel} (Node ${next.node.version}, backend ${next.backend}, engine ${next.engineVersion})\n`);
    return;
  }
  const sameText = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (sameText) {
    io.out(`baseline ${path}: no change (${next.cells.length} cells)\n`);
    return;
  }
  const lines: string[] = [];
  if (old.configHash !== next.configHash) lines.push(`config changed: ${configDifferences(old.config, results.config).join('; ') || 'hash only'}`);
  const prov = provenanceDifferences(old, next);
  if (old.node.version !== next.node.version && old.node.major === next.node.major) prov.push(`Node ${old.node.version} in the baseline, ${next.node.version} now`);
  if (prov.length > 0) lines.push(`recorded with: ${prov.join(', ')}`);
  const diff = compareRuns(old.cells, next.cells, { kind: 'exact' });
  const changed = failingCells(diff);
  lines.push(changed.length === 0 ? 'no change in any cell' : `${changed.length} of ${diff.cells.length} cells changed:\n\n${differenceTable(diff.differences)}`);
  writeBaselineFile(path, next);
  io.out(`baseline ${path} updated from ${runLabel}\n${lines.join('\n')}\n`);
}
