/**
 * Synthetic run folders for the report tests: cell rows shaped like a real
 * sweep (accuracy falls with gap, fastest for rnn, slowest for the lstm
 * family), drawn from a seeded generator, plus a manifest in the run store's
 * format. Not a test file; imported by test/report-*.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../harness/engine/rng.js';
import type { CellRow, CurvePoint, ErrorRow } from '../harness/runner/types.js';

/** The fields every cell row carries whatever its status (a row minus its status and status fields). */
export type RowBase = Omit<ErrorRow, 'status' | 'message'>;

/** What rowBase needs: the cell's coordinates; every other field defaults as listed there. */
export type RowBaseSpec = Pick<RowBase, 'variant' | 'gap' | 'replicate'> & Partial<Omit<RowBase, 'key' | 'variant' | 'gap' | 'replicate'>>;

/**
 * The status-independent part of one hand-made cell row, keyed as the runner
 * keys cells (`task/variant/g<gap>/r<rep>/h<hidden>/lr<lr>`). Defaults: copy,
 * seed '1', hidden 64, batch 32, lr 0.001, 100 steps, chance 1/8, 10 params,
 * reference backend, 1 ms, empty curve. Spread it and add `status` and that
 * status's fields.
 */
export function rowBase(s: RowBaseSpec): RowBase {
  const task = s.task ?? 'copy';
  const hidden = s.hidden ?? 64;
  const lr = s.lr ?? 0.001;
  return {
    key: `${task}/${s.variant}/g${s.gap}/r${s.replicate}/h${hidden}/lr${lr}`,
    task,
    variant: s.variant,
    gap: s.gap,
    replicate: s.replicate,
    seed: s.seed ?? '1',
    hidden,
    batch: s.batch ?? 32,
    lr,
    steps: s.steps ?? 100,
    chance: s.chance ?? 0.125,
    params: s.params ?? 10,
    backend: s.backend ?? 'reference',
    wall_ms: s.wall_ms ?? 1,
    curve: s.curve ?? [],
    ...(s.gradflow === undefined ? {} : { gradflow: s.gradflow }),
  };
}

export interface SyntheticOptions {
  tasks?: string[];
  variants?: string[];
  gaps?: number[];
  replicates?: number;
  hidden?: number[];
  lr?: number[];
  steps?: number;
  evalEvery?: number;
  threshold?: number;
  seed?: string;
  /** Keys (`task/variant/g<gap>/r<rep>/h<h>/lr<lr>`) of rows to turn into diverged / error rows. */
  diverged?: string[];
  errored?: string[];
}

/** Gap at which each variant's accuracy is halfway between chance and 1. */
const REACH: Record<string, number> = { rnn: 12, gru: 70, lstm: 150, peephole: 130, coupled: 170 };

const CHANCE: Record<string, number> = { copy: 1 / 8, adding: 0.078, 'delayed-recall': 1 / 8 };

export function resolvedOptions(o: SyntheticOptions = {}): Required<SyntheticOptions> {
  return {
    tasks: o.tasks ?? ['copy', 'adding', 'delayed-recall'],
    variants: o.variants ?? ['rnn', 'lstm', 'peephole', 'coupled', 'gru'],
    gaps: o.gaps ?? [10, 20, 50, 100, 200],
    replicates: o.replicates ?? 3,
    hidden: o.hidden ?? [64],
    lr: o.lr ?? [0.001],
    steps: o.steps ?? 2000,
    evalEvery: o.evalEvery ?? 250,
    threshold: o.threshold ?? 0.95,
    seed: o.seed ?? '1',
    diverged: o.diverged ?? [],
    errored: o.errored ?? [],
  };
}

/** Rows of a synthetic sweep, in grid order. */
export function syntheticRows(options: SyntheticOptions = {}): CellRow[] {
  const o = resolvedOptions(options);
  const rows: CellRow[] = [];
  for (const task of o.tasks) {
    const chance = CHANCE[task] ?? 0.1;
    for (const variant of o.variants) {
      for (const gap of o.gaps) {
        for (const hidden of o.hidden) {
          for (const lr of o.lr) {
            for (let replicate = 0; replicate < o.replicates; replicate++) {
              const base = rowBase({
                task,
                variant,
                gap,
                replicate,
                seed: o.seed,
                hidden,
                lr,
                steps: o.steps,
                chance,
                params: 1000 + hidden,
                wall_ms: 10,
              });
              const key = base.key;
              const rng = makeRng(`${o.seed}/${key}/synthetic`);
              const reach = (REACH[variant] ?? 50) * (task === 'adding' ? 0.7 : 1);
              const skill = 1 / (1 + Math.pow(gap / reach, 3));
              const final = Math.min(1, Math.max(0, chance + (1 - chance) * skill + (rng() - 0.5) * 0.08));
              const tau = 150 + 6 * gap;
              const curve: CurvePoint[] = [];
              let solvedAt: number | null = null;
              for (let step = o.evalEvery; step <= o.steps; step += o.evalEvery) {
                const acc = chance + (final - chance) * (1 - Math.exp(-step / tau));
                curve.push({ step, split: 'train', loss: 2 * (1 - acc), accuracy: acc });
                curve.push({ step, split: 'eval', loss: 2 * (1 - acc) + 0.01, accuracy: acc });
                if (solvedAt === null && acc >= o.threshold) solvedAt = step;
              }
              if (o.diverged.includes(key)) {
                rows.push({ ...base, status: 'diverged', diverged_step: 500, curve: curve.slice(0, 4) });
              } else if (o.errored.includes(key)) {
                rows.push({ ...base, status: 'error', message: 'synthetic failure <for the report test> & co', curve: [] });
              } else {
                rows.push({
                  ...base,
                  curve,
                  status: 'ok',
                  test_accuracy: final,
                  test_loss: 2 * (1 - final),
                  steps_to_solve: solvedAt,
                  sequences_to_solve: solvedAt === null ? null : solvedAt * 32,
                  final_train_loss: 2 * (1 - final),
                });
              }
            }
          }
        }
      }
    }
  }
  return rows;
}

/** A manifest as the run store writes it (runner/store.ts `Manifest`), for the synthetic sweep. */
export function syntheticManifest(options: SyntheticOptions = {}): Record<string, unknown> {
  const o = resolvedOptions(options);
  return {
    schema: 1,
    tool: 'gapbench',
    runId: 'synthetic-run',
    configHash: 'f00dfeedf00dfeed',
    config: {
      tasks: o.tasks,
      taskOptions: {},
      variants: o.variants,
      gaps: o.gaps,
      replicates: o.replicates,
      seed: o.seed,
      hidden: o.hidden,
      batch: 32,
      lr: o.lr,
      steps: o.steps,
      evalEvery: o.evalEvery,
      evalSize: 256,
      testSize: 1000,
      clip: 1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      solvedThreshold: o.threshold,
      backend: 'reference',
    },
    backend: 'reference',
    versions: { gapbench: '0.1.0', node: 'v20.0.0' },
    git: null,
    shard: null,
    cells: [],
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:10:00.000Z',
    status: 'complete',
    sessions: [],
  };
}

const created: string[] = [];

/** Removes every run folder writeRunDir made in this test file (call in afterAll). */
export function removeRunDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh run folder under the OS temp dir holding manifest.json and cells.jsonl. */
export function writeRunDir(rows: readonly CellRow[], manifest: Record<string, unknown>, cellsSuffix = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'gapbench-report-'));
  created.push(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'cells.jsonl'), rows.map((r) => `${JSON.stringify(r)}\n`).join('') + cellsSuffix);
  return dir;
}

/** Minimal CSV reader for results.csv as csv.ts writes it (RFC 4180 quoting). */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [head, ...body] = records;
  if (head === undefined) return [];
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}
