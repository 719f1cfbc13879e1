/**
 * Reads a run folder for the report: manifest.json and cells.jsonl (the
 * source of truth; results.csv and curves.csv are not needed). File parsing
 * is the run store's (runner/store.ts); on top of it this module checks the
 * fields the report uses, so a damaged folder fails with the file, the field
 * and the fix rather than with NaN in a figure.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/errors.js';
import { CELLS_FILE, MANIFEST_FILE, readCells, readManifest } from '../runner/store.js';
import type { CellRow } from '../runner/types.js';
import { getTask } from '../../tasks/index.js';

const finite = z.number().finite();

/** What the report reads from manifest.json; other fields pass through untouched. */
const ManifestView = z
  .object({
    schema: z.union([z.number(), z.string()]).optional(),
    runId: z.string().optional(),
    configHash: z.string(),
    backend: z.string().optional(),
    status: z.string().optional(),
    startedAt: z.string().optional(),
    endedAt: z.string().nullable().optional(),
    versions: z.record(z.string(), z.unknown()).optional(),
    git: z.object({ commit: z.string() }).loose().nullable().optional(),
    config: z
      .object({
        tasks: z.array(z.string()).optional(),
        variants: z.array(z.string()).optional(),
        gaps: z.array(finite).optional(),
        replicates: z.number().int().positive().optional(),
        solvedThreshold: z.number().gt(0).max(1),
      })
      .loose(),
  })
  .loose();

export type ReportManifest = z.infer<typeof ManifestView>;

const curvePoint = z.object({ step: finite, split: z.enum(['train', 'eval']), loss: z.number(), accuracy: z.number() }).loose();
const rowBase = {
  key: z.string(),
  task: z.string().min(1),
  variant: z.string().min(1),
  gap: finite,
  replicate: z.number().int().nonnegative(),
  hidden: finite,
  lr: finite,
  curve: z.array(curvePoint),
};
// A cell that failed before its task was built has no chance (NaN, stored as null); only ok rows must carry one.
const failedChance = z.number().nullable().optional();
const RowView = z.discriminatedUnion('status', [
  z.object({ ...rowBase, chance: finite, status: z.literal('ok'), test_accuracy: finite, steps_to_solve: finite.nullable() }).loose(),
  z.object({ ...rowBase, chance: failedChance, status: z.literal('diverged') }).loose(),
  z.object({ ...rowBase, chance: failedChance, status: z.literal('error') }).loose(),
]);

/**
 * Rows whose chance is missing get it from an ok row of the same task and
 * gap, else from the task registry (chance depends on task, options and gap
 * only), so the figures' chance line never averages a NaN. A row of a task
 * neither knows keeps NaN.
 */
function withChance(rows: readonly CellRow[], taskOptions: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined): CellRow[] {
  const known = new Map<string, number>();
  for (const r of rows) if (r.status === 'ok') known.set(JSON.stringify([r.task, r.gap]), r.chance);
  return rows.map((r) => {
    if (typeof r.chance === 'number' && Number.isFinite(r.chance)) return r;
    let chance = known.get(JSON.stringify([r.task, r.gap]));
    if (chance === undefined) {
      try {
        chance = getTask(r.task, taskOptions?.[r.task]).chance(r.gap);
      } catch {
        chance = Number.NaN;
      }
    }
    return { ...r, chance };
  });
}

export interface RunData {
  readonly dir: string;
  readonly manifest: ReportManifest;
  /** Valid rows of cells.jsonl, file order. */
  readonly rows: readonly CellRow[];
  /** Problems the report shows and the caller may print (a torn last line). */
  readonly warnings: readonly string[];
}

function issueText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
}

/** Loads and checks a run folder; a ConfigError naming the file when it is missing or damaged. */
export function loadRun(dir: string): RunData {
  const raw: unknown = readManifest(dir);
  const manifestPath = join(dir, MANIFEST_FILE);
  const parsed = ManifestView.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `${manifestPath} lacks fields the report needs (${issueText(parsed.error)}); it was not written by this gapbench or was edited — rerun the experiment into a fresh folder`,
    );
  }
  const cellsPath = join(dir, CELLS_FILE);
  const { rows, torn } = readCells(dir);
  const warnings: string[] = [];
  if (torn !== null) {
    warnings.push(
      `${cellsPath}: line ${torn.line} is incomplete (${torn.bytes} bytes; the run was interrupted while writing it) and was skipped; \`gapbench run --resume ${dir}\` reruns that cell`,
    );
  }
  if (rows.length === 0) {
    throw new ConfigError(`${cellsPath} holds no finished cells, so there is nothing to report; wait for \`gapbench run\` to finish some cells`);
  }
  for (const row of rows) {
    const check = RowView.safeParse(row);
    if (!check.success) {
      const key = typeof (row as { key?: unknown }).key === 'string' ? row.key : '(no key)';
      throw new ConfigError(`${cellsPath}: row ${key} is not a valid cell row (${issueText(check.error)}); remove that line and resume the run to recompute it`);
    }
  }
  const taskOptions = (parsed.data.config as { taskOptions?: Readonly<Record<string, Readonly<Record<string, number>>>> }).taskOptions;
  return { dir, manifest: parsed.data, rows: withChance(rows, taskOptions), warnings };
}
