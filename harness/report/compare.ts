/**
 * Regression baselines and the comparison behind `gapbench check`: pure
 * functions from a baseline and a run's cells to a verdict. No I/O here
 * (harness/runner/check.ts reads and writes files and runs presets).
 *
 * Baseline file (DESIGN.md, File formats), results/baselines/<name>.json:
 *
 *   { "schema": 1, "tool": "gapbench", "kind": "baseline",
 *     "gapbench": "0.1.0", "engineVersion": 2,
 *     "node": { "version": "v20.19.0", "major": 20 }, "backend": "fast",
 *     "fma": true (fast backend: multiply-adds fused; null for reference),
 *     "configHash": "<sha256>", "config": { ...the resolved config },
 *     "cells": [ { "key", "task", "variant", "gap", "replicate", "hidden", "lr",
 *                  "status", "test_accuracy", "test_loss", "chance", "steps_to_solve",
 *                  "sequences_to_solve", "final_train_loss", "params" }, ... ] }
 *
 * Metric names and emptiness follow results.csv (null = empty field). Numbers
 * are JSON numbers written by JSON.stringify, whose shortest round-trip form
 * reads back as the same double, so exact mode can demand bit identity. The
 * file holds no timestamps: regenerating an unchanged baseline rewrites the
 * same bytes.
 *
 * Two modes:
 * - exact: the baseline was made on the same Node major, backend, engine
 *   version and (fast backend) kind of multiply-add as the run; every metric
 *   of every cell must be bit-identical.
 * - tolerance (δ): otherwise, or asked for; per cell test_accuracy within
 *   ±δ, the same status and params, chance within 1e-9, no solved/unsolved
 *   flip; and per (task, variant, gap, hidden, lr) the mean test_accuracy
 *   over the replicates both sides have within ±δ/2. The mean over R
 *   replicates is less noisy than one cell, so a systematic shift that
 *   keeps every cell inside ±δ (a weakened gradient moving every replicate
 *   the same way) is still caught, while one noisy replicate is not.
 */
import { z } from 'zod';
import { ConfigError } from '../config/errors.js';
import { canonicalJson, configHash } from '../config/hash.js';
import type { ExperimentConfig } from '../config/schema.js';
import { cellKey, type CellCoordinates } from '../runner/grid.js';
import type { CellRow, CellStatus } from '../runner/types.js';
import { resultRecord } from './csv.js';

/** Version of the baseline file layout; bump on an incompatible change. */
export const BASELINE_SCHEMA_VERSION = 1;

/** The results.csv metrics a baseline records per cell, in results.csv order. */
export const BASELINE_METRICS = ['status', 'test_accuracy', 'test_loss', 'chance', 'steps_to_solve', 'sequences_to_solve', 'final_train_loss', 'params'] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];

/**
 * δ of tolerance mode when it is chosen automatically (other Node major,
 * backend or engine version). Accuracy on the ci test set moves in steps of
 * 1/testSize (adding and delayed-recall have one answer per sequence), so δ
 * is about δ·testSize test sequences (`gapbench check --help` prints it).
 *
 * Measured on the ci preset (hidden 16, 150 steps, 128 test sequences),
 * fast (float32) against reference (float64) backend, 60 cells per seed:
 * seed 1 max |Δ accuracy| 0.039 per cell (5 sequences, mean 0.002) and
 * 0.020 per replicate mean; seed 2 max 0.063 per cell (8 sequences, mean
 * 0.003) and 0.031 per mean — all on delayed-recall at gap 12, where a
 * float-level difference early in training tips which cells learn. For
 * scale, seed 1 against seed 2 (fully decorrelated training) moves the
 * median cell by 0.03 and the 90th percentile by 0.12. δ = 0.1 (δ/2 = 0.05
 * for means) keeps about 1.6× above the largest backend difference.
 *
 * What it catches, measured with the mutations of test/check-mutation-*:
 * delayed-recall answering one step early moves cells by up to 0.52 and a
 * replicate mean by 0.30, so it fails. An lstm forget-gate gradient halved
 * moves cells by at most 0.016 — less than the backend difference itself —
 * so no δ that passes backend differences can catch it. Exact mode (same
 * Node major, backend, engine) catches both on every affected cell.
 */
export const DEFAULT_TOLERANCE = 0.1;

/** Accuracies are ratios of small integers; differences within this are equal. */
const EPS = 1e-9;

/** One cell of a baseline (or of a run, in the same shape). */
export interface BaselineCell extends CellCoordinates {
  readonly key: string;
  readonly status: CellStatus;
  readonly test_accuracy: number | null;
  readonly test_loss: number | null;
  readonly chance: number | null;
  readonly steps_to_solve: number | null;
  readonly sequences_to_solve: number | null;
  readonly final_train_loss: number | null;
  readonly params: number | null;
}

/** What bit-reproducibility depends on besides the config. */
export interface Provenance {
  readonly node: { readonly version: string; readonly major: number };
  readonly backend: string;
  readonly engineVersion: number;
  /** Fast backend: whether its multiply-adds were fused (runner/store.ts RunVersions.fma); null for reference or unrecorded. */
  readonly fma: boolean | null;
}

export interface Baseline extends Provenance {
  readonly schema: typeof BASELINE_SCHEMA_VERSION;
  readonly tool: 'gapbench';
  readonly kind: 'baseline';
  /** The gapbench version that wrote it (information only). */
  readonly gapbench: string;
  readonly configHash: string;
  /** The resolved config, as that gapbench wrote it. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly cells: readonly BaselineCell[];
}

/** The run side of a comparison. */
export interface RunResults extends Provenance {
  readonly configHash: string;
  readonly config: ExperimentConfig;
  readonly cells: readonly BaselineCell[];
}

/** `v20.19.0` → 20 (NaN when unparsable). */
export function nodeMajor(version: string): number {
  const m = /^v?(\d+)\./.exec(version);
  return m === null ? Number.NaN : Number(m[1]);
}

/** The baseline record of one cell row: its coordinates and results.csv metrics. */
export function cellRecord(row: CellRow): BaselineCell {
  const r = resultRecord(row);
  const num = (v: string | number | null): number | null => (typeof v === 'number' ? v : null);
  return {
    key: row.key,
    task: row.task,
    variant: row.variant,
    gap: row.gap,
    replicate: row.replicate,
    hidden: row.hidden,
    lr: row.lr,
    status: row.status,
    test_accuracy: num(r.test_accuracy),
    test_loss: num(r.test_loss),
    chance: num(r.chance),
    steps_to_solve: num(r.steps_to_solve),
    sequences_to_solve: num(r.sequences_to_solve),
    final_train_loss: num(r.final_train_loss),
    params: num(r.params),
  };
}

export function makeBaseline(run: RunResults, gapbench: string): Baseline {
  return {
    schema: BASELINE_SCHEMA_VERSION,
    tool: 'gapbench',
    kind: 'baseline',
    gapbench,
    engineVersion: run.engineVersion,
    node: { version: run.node.version, major: run.node.major },
    backend: run.backend,
    fma: run.fma,
    configHash: run.configHash,
    config: run.config as unknown as Readonly<Record<string, unknown>>,
    cells: run.cells,
  };
}

/** The file text: header pretty-printed, one cell per line (readable git diffs). */
export function formatBaseline(b: Baseline): string {
  const { cells, ...head } = b;
  const headText = JSON.stringify(head, null, 2);
  const body = cells.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
  return `${headText.slice(0, -2)},\n  "cells": [\n${body}\n  ]\n}\n`;
}

const metric = z.number().nullable();
const CellSchema = z
  .object({
    key: z.string(),
    task: z.string(),
    variant: z.string(),
    gap: z.number().int(),
    replicate: z.number().int().nonnegative(),
    hidden: z.number().int().positive(),
    lr: z.number().positive(),
    status: z.enum(['ok', 'diverged', 'error']),
    test_accuracy: metric,
    test_loss: metric,
    chance: metric,
    steps_to_solve: metric,
    sequences_to_solve: metric,
    final_train_loss: metric,
    params: metric,
  })
  .strict();
const BaselineSchema = z
  .object({
    schema: z.literal(BASELINE_SCHEMA_VERSION),
    tool: z.literal('gapbench'),
    kind: z.literal('baseline'),
    gapbench: z.string(),
    engineVersion: z.number().int(),
    node: z.object({ version: z.string(), major: z.number().int() }).strict(),
    backend: z.string(),
    fma: z.boolean().nullable().default(null),
    configHash: z.string().regex(/^[0-9a-f]{64}$/),
    config: z.record(z.string(), z.unknown()),
    cells: z.array(CellSchema),
  })
  .strict();

/** Parses a baseline file's text; anything wrong is a ConfigError naming the file, the field and the fix. */
export function parseBaseline(text: string, path: string): Baseline {
  const regenerate = `regenerate it with \`npx gapbench check --update --baseline ${path}\``;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`baseline ${path} is not valid JSON (${(err as Error).message}); restore it from git or ${regenerate}`);
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== BASELINE_SCHEMA_VERSION) {
    throw new ConfigError(`baseline ${path} has schema ${JSON.stringify(schema) ?? 'nothing'}, this gapbench reads baseline schema ${BASELINE_SCHEMA_VERSION}; ${regenerate}`);
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`baseline ${path} is malformed (${issues.join('; ')}); restore it from git or ${regenerate}`);
  }
  const b = parsed.data as Baseline;
  const seen = new Set<string>();
  for (const c of b.cells) {
    const key = cellKey(c);
    if (c.key !== key) throw new ConfigError(`baseline ${path}: cell "${c.key}" has coordinates of "${key}"; the file was edited by hand — restore it from git or ${regenerate}`);
    if (seen.has(key)) throw new ConfigError(`baseline ${path}: cell "${key}" is listed twice; restore it from git or ${regenerate}`);
    seen.add(key);
  }
  return b;
}

/** The comparison mode. */
export type Mode =
  | { readonly kind: 'exact' }
  | {
      readonly kind: 'tolerance';
      readonly delta: number;
      /** Why: 'flag' (--tolerance), or what differs between baseline and run (automatic). */
      readonly reasons: readonly string[];
      readonly automatic: boolean;
    };

/** "fused multiply-add on/off/not recorded", for messages about a run's or a baseline's `fma`. */
export function describeFma(fma: boolean | null | undefined): string {
  return fma === undefined || fma === null ? 'fused multiply-add not recorded' : `fused multiply-add ${fma ? 'on' : 'off'}`;
}

/** What differs between the provenance of baseline and run (empty: exact mode applies). */
export function provenanceDifferences(baseline: Provenance, run: Provenance): string[] {
  const out: string[] = [];
  if (baseline.node.major !== run.node.major) out.push(`Node major ${baseline.node.major} in the baseline, ${run.node.major} now`);
  if (baseline.backend !== run.backend) out.push(`backend ${baseline.backend} in the baseline, ${run.backend} now`);
  if (baseline.engineVersion !== run.engineVersion) out.push(`engine version ${baseline.engineVersion} in the baseline, ${run.engineVersion} now`);
  const [bf, rf] = [baseline.fma ?? null, run.fma ?? null];
  if (bf !== rf) out.push(`${describeFma(bf)} in the baseline, ${describeFma(rf)} now`);
  return out;
}

/** Exact unless provenance differs or a tolerance is given. */
export function chooseMode(baseline: Provenance, run: Provenance, tolerance?: number): Mode {
  const reasons = provenanceDifferences(baseline, run);
  if (tolerance !== undefined) return { kind: 'tolerance', delta: tolerance, reasons, automatic: false };
  if (reasons.length === 0) return { kind: 'exact' };
  return { kind: 'tolerance', delta: DEFAULT_TOLERANCE, reasons, automatic: true };
}

export function describeMode(mode: Mode, baseline: Provenance): string {
  if (mode.kind === 'exact') {
    const fma = (baseline.fma ?? null) === null ? '' : `, ${describeFma(baseline.fma)}`;
    return `exact mode (baseline and run: Node ${baseline.node.major}, backend ${baseline.backend}${fma}, engine ${baseline.engineVersion}): every metric of every cell must be bit-identical`;
  }
  const why = mode.automatic ? `automatic, because ${mode.reasons.join(', ')}` : `--tolerance${mode.reasons.length > 0 ? `; ${mode.reasons.join(', ')}` : ''}`;
  return (
    `tolerance mode δ = ${mode.delta} (${why}): per cell test_accuracy within ±${mode.delta}, same status and params, no solved/unsolved flip; ` +
    `mean test_accuracy over replicates within ±${mode.delta / 2}`
  );
}

/** Fields of two resolved configs that differ, as `field: baseline → now`. */
export function configDifferences(baseline: Readonly<Record<string, unknown>>, now: ExperimentConfig): string[] {
  const ours = now as unknown as Readonly<Record<string, unknown>>;
  const fields = [...new Set([...Object.keys(ours), ...Object.keys(baseline)])];
  const show = (v: unknown): string => (v === undefined ? '(absent)' : canonicalJson(v));
  return fields.filter((f) => show(baseline[f]) !== show(ours[f])).map((f) => `${f}: ${show(baseline[f])} → ${show(ours[f])}`);
}

/**
 * Whether the run is of the baseline's config. A run of the same config on
 * another backend is comparable (in tolerance mode); any other hashed field
 * that differs makes the baseline one of another experiment.
 */
export function sameExperiment(baseline: Baseline, run: Pick<RunResults, 'configHash' | 'config' | 'backend'>): boolean {
  if (run.configHash === baseline.configHash) return true;
  if (run.backend === baseline.backend) return false;
  return configHash({ ...run.config, backend: baseline.backend as ExperimentConfig['backend'] }) === baseline.configHash;
}

export type Value = number | string | null;

/** One differing (cell or group, metric). */
export interface Difference {
  /** Cell key, or for a mean over replicates the key without `/r…`. */
  readonly key: string;
  /** A BASELINE_METRIC, 'cell' (missing on one side), 'solved', or 'mean test_accuracy'. */
  readonly metric: string;
  readonly baseline: Value;
  readonly now: Value;
}

/** Verdict of one cell present on either side. */
export interface CellVerdict {
  readonly key: string;
  readonly task: string;
  readonly variant: string;
  readonly differences: readonly Difference[];
}

/** A mean over replicates (tolerance mode). */
export interface GroupVerdict {
  readonly key: string;
  /** Replicates with an accuracy on both sides. */
  readonly replicates: number;
  readonly baseline: number;
  readonly now: number;
  readonly differs: boolean;
}

export interface Comparison {
  readonly mode: Mode;
  /** Every cell of baseline ∪ run: baseline order, then cells only the run has. */
  readonly cells: readonly CellVerdict[];
  /** Tolerance mode only; empty in exact mode. */
  readonly groups: readonly GroupVerdict[];
  /** Every difference, cells first then groups. */
  readonly differences: readonly Difference[];
  readonly ok: boolean;
}

/** Bit identity of two JSON-read values (0 and −0 have one JSON form, so they are equal). */
function identical(a: Value, b: Value): boolean {
  return a === b;
}

function solvedText(steps: number | null): string {
  return steps === null ? 'no' : `yes (step ${steps})`;
}

function compareCell(b: BaselineCell, n: BaselineCell, mode: Mode): Difference[] {
  const out: Difference[] = [];
  const diff = (m: string, bv: Value, nv: Value): void => {
    out.push({ key: b.key, metric: m, baseline: bv, now: nv });
  };
  if (mode.kind === 'exact') {
    for (const m of BASELINE_METRICS) if (!identical(b[m], n[m])) diff(m, b[m], n[m]);
    return out;
  }
  if (b.status !== n.status) diff('status', b.status, n.status);
  if (b.params !== n.params) diff('params', b.params, n.params);
  if (b.chance === null || n.chance === null ? b.chance !== n.chance : Math.abs(b.chance - n.chance) > EPS) diff('chance', b.chance, n.chance);
  if (b.test_accuracy !== null && n.test_accuracy !== null && Math.abs(n.test_accuracy - b.test_accuracy) > mode.delta + EPS) {
    diff('test_accuracy', b.test_accuracy, n.test_accuracy);
  }
  if (b.status === 'ok' && n.status === 'ok' && (b.steps_to_solve === null) !== (n.steps_to_solve === null)) {
    diff('solved', solvedText(b.steps_to_solve), solvedText(n.steps_to_solve));
  }
  return out;
}

/** `copy/lstm/g5/r1/h8/lr0.01` → `copy/lstm/g5/h8/lr0.01`: the cells a mean over replicates pools. */
export function groupKey(c: CellCoordinates): string {
  return `${c.task}/${c.variant}/g${c.gap}/h${c.hidden}/lr${c.lr}`;
}

function compareGroups(baseline: readonly BaselineCell[], now: ReadonlyMap<string, BaselineCell>, delta: number): GroupVerdict[] {
  const sums = new Map<string, { n: number; b: number; now: number }>();
  for (const b of baseline) {
    const n = now.get(b.key);
    if (n === undefined || b.test_accuracy === null || n.test_accuracy === null) continue;
    const g = groupKey(b);
    const s = sums.get(g) ?? { n: 0, b: 0, now: 0 };
    s.n++;
    s.b += b.test_accuracy;
    s.now += n.test_accuracy;
    sums.set(g, s);
  }
  return [...sums].map(([key, s]) => {
    const mb = s.b / s.n;
    const mn = s.now / s.n;
    return { key, replicates: s.n, baseline: mb, now: mn, differs: Math.abs(mn - mb) > delta / 2 + EPS };
  });
}

/** Compares a run's cells with a baseline's under `mode`. */
export function compareRuns(baseline: readonly BaselineCell[], now: readonly BaselineCell[], mode: Mode): Comparison {
  const nowByKey = new Map(now.map((c) => [c.key, c]));
  const baseKeys = new Set(baseline.map((c) => c.key));
  const cells: CellVerdict[] = [];
  for (const b of baseline) {
    const n = nowByKey.get(b.key);
    const differences = n === undefined ? [{ key: b.key, metric: 'cell', baseline: 'present', now: 'missing' }] : compareCell(b, n, mode);
    cells.push({ key: b.key, task: b.task, variant: b.variant, differences });
  }
  for (const n of now) {
    if (baseKeys.has(n.key)) continue;
    cells.push({ key: n.key, task: n.task, variant: n.variant, differences: [{ key: n.key, metric: 'cell', baseline: 'missing', now: 'present' }] });
  }
  const groups = mode.kind === 'tolerance' ? compareGroups(baseline, nowByKey, mode.delta) : [];
  const differences: Difference[] = [
    ...cells.flatMap((c) => c.differences),
    ...groups.filter((g) => g.differs).map((g) => ({ key: g.key, metric: 'mean test_accuracy', baseline: g.baseline, now: g.now })),
  ];
  return { mode, cells, groups, differences, ok: differences.length === 0 };
}

/** Keys of the cells with at least one difference, in comparison order. */
export function failingCells(c: Comparison): string[] {
  return c.cells.filter((v) => v.differences.length > 0).map((v) => v.key);
}

function showValue(v: Value): string {
  if (v === null) return '(empty)';
  return String(v);
}

function showDelta(b: Value, n: Value): string {
  if (typeof b !== 'number' || typeof n !== 'number') return '';
  const d = n - b;
  if (d === 0) return '0';
  const text = Math.abs(d) >= 1e-3 && Math.abs(d) < 1e6 ? String(Number(d.toPrecision(4))) : d.toExponential(2);
  return d > 0 ? `+${text}` : text;
}

/**
 * A plain-text table of differences, `limit` rows at most:
 *
 *   cell                               metric         baseline   now    Δ
 *   copy/lstm/g2/r0/h8/lr0.01          test_accuracy  0.5        0.25   -0.25
 */
export function differenceTable(differences: readonly Difference[], limit = 40): string {
  const rows = differences.slice(0, limit).map((d) => [d.key, d.metric, showValue(d.baseline), showValue(d.now), showDelta(d.baseline, d.now)]);
  const head = ['cell', 'metric', 'baseline', 'now', 'Δ'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = [line(head), ...rows.map(line)];
  if (differences.length > limit) {
    const more = differences.slice(limit);
    const moreCells = new Set(more.map((d) => d.key)).size;
    lines.push(`… and ${more.length} more difference(s) in ${moreCells} cell(s)/group(s); --junit FILE lists every cell`);
  }
  return `${lines.join('\n')}\n`;
}
