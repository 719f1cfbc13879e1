/**
 * Synthetic gradient-flow records for the report tests, shaped like a real
 * run: ‖∂L/∂h_t‖ falls by a fixed factor per step of distance (rnn fastest,
 * the lstm family slowest through c), the lstm family's c is exactly zero
 * at d = 0 (c_t is perturbed after h_t is read out), and gated cells carry
 * their gate's mean (f ≈ 0.73 = σ(1), z ≈ 0.5). Replicates differ by a
 * seeded factor within ±10%. Not a test file.
 */
import { makeRng } from '../../harness/engine/rng.js';
import type { CellRow, GradflowRecord } from '../../harness/runner/types.js';

/** Per-step factor of ‖∂L/∂h‖ (and of ‖∂L/∂c‖ for the lstm family) by variant. */
export const FACTOR: Record<string, { h: number; c?: number; gate?: [string, number] }> = {
  rnn: { h: 0.6 },
  lstm: { h: 0.85, c: 0.9, gate: ['f', 0.73] },
  peephole: { h: 0.85, c: 0.9, gate: ['f', 0.74] },
  coupled: { h: 0.86, c: 0.91, gate: ['f', 0.72] },
  gru: { h: 0.7, gate: ['z', 0.5] },
};

/** Records of one cell: phases init and trained, distances 0 … gap + 1. */
export function gradflowRecords(row: CellRow): GradflowRecord[] {
  const f = FACTOR[row.variant] ?? { h: 0.8 };
  const rng = makeRng(`${row.key}/gradflow-synthetic`);
  const out: GradflowRecord[] = [];
  for (const phase of ['init', 'trained'] as const) {
    const scale = (phase === 'trained' ? 0.5 : 1) * (0.9 + 0.2 * rng());
    for (let d = 0; d <= row.gap + 1; d++) {
      const h = 0.02 * scale * Math.pow(f.h, d);
      out.push(f.gate === undefined ? { phase, distance: d, state: 'h', grad_norm: h } : { phase, distance: d, state: 'h', grad_norm: h, gate: f.gate[0], gate_mean: f.gate[1] });
      if (f.c !== undefined) out.push({ phase, distance: d, state: 'c', grad_norm: d === 0 ? 0 : 0.01 * scale * Math.pow(f.c, d) });
    }
  }
  return out;
}

/** `rows` with gradient-flow records on every row whose task is in `tasks` (all tasks by default). */
export function withGradflow(rows: readonly CellRow[], tasks?: readonly string[]): CellRow[] {
  return rows.map((r) => (tasks === undefined || tasks.includes(r.task) ? { ...r, gradflow: gradflowRecords(r) } : r));
}
