/**
 * fig-gradflow-<task>.svg: why the vanilla rnn forgets, as a measurement.
 *
 * Top row, one panel per phase (at initialisation, after training): the
 * batch-mean gradient norm ‖∂L/∂h_t‖ of the loss at the first answer step
 * against the distance d from that step (log y), one solid line per variant;
 * the lstm family adds ‖∂L/∂c_t‖ (gradient through the cell-state path) as a
 * dashed line of the same colour. Bottom row: the mean keep fraction of the
 * state per step — f for the lstm family, 1 − z for the gru (its h₋ is kept
 * with weight 1 − z) — so the slope of a dashed line can be read against it.
 *
 * Only the task's largest gap is drawn: it has the longest distance axis,
 * where geometric decay (a straight falling line) is unmistakable, and the
 * slopes are the same at smaller gaps. Replicates are combined by the
 * geometric mean (the mean of log10, which is what a log axis shows); a
 * point with a zero or non-finite replicate is left out, since it has no
 * logarithm (c at d = 0 is exactly zero: c_t is perturbed after h_t is read
 * out).
 *
 * Layers are named like the other figures' (`series` = ‖∂L/∂h‖, one path
 * per variant and panel, aria-label = variant; `cell_series` = ‖∂L/∂c‖;
 * `gate_series` = keep fraction), so tests and readers can find a series.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ConfigError, describeValue } from '../config/errors.js';
import { groupRows, type AggregateOrder, type Setting } from './aggregate.js';
import { FIGURE_CONFIG, fileSlug, settingLabel, variantColorScale } from './figures.js';
import { renderSvg } from './render.js';
import type { CellRow, GradflowRecord } from '../runner/types.js';
import type { ReportContext, ReportFigure } from './types.js';

type Phase = GradflowRecord['phase'];
type State = GradflowRecord['state'];

const PHASES: readonly Phase[] = ['init', 'trained'];
const PHASE_LABEL: Record<Phase, string> = { init: 'at initialisation', trained: 'after training' };
const STATE_LABEL: Record<State, string> = { h: '‖∂L/∂h_t‖ (hidden)', c: '‖∂L/∂c_t‖ (cell)' };
const STATE_DASH: Record<State, number[]> = { h: [1, 0], c: [6, 4] };

/** How much of the previous state a gate keeps, by gate name: f keeps f·c₋; the gru keeps (1 − z)·h₋. */
const KEEP: Record<string, { readonly label: string; readonly keep: (gateMean: number) => number }> = {
  f: { label: 'f', keep: (g) => g },
  z: { label: '1 − z', keep: (g) => 1 - g },
};

/** Geometric-mean gradient norm at one (task, variant, gap, setting, phase, state, distance). */
export interface GradflowAggregate extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly phase: Phase;
  readonly state: State;
  readonly distance: number;
  /** Replicates entering the mean. */
  readonly n: number;
  /** 10^(mean of log10 grad_norm); null when a replicate's norm is zero or not finite. */
  readonly geomean: number | null;
}

/** Mean keep fraction (f, or 1 − z) at one (task, variant, gap, setting, phase, distance). */
export interface KeepAggregate extends Setting {
  readonly task: string;
  readonly variant: string;
  readonly gap: number;
  readonly phase: Phase;
  readonly distance: number;
  /** The gate as named in the variant's equations, e.g. `f`, `z`. */
  readonly gate: string;
  readonly n: number;
  readonly keep: number;
}

export interface GradflowAggregates {
  readonly norms: GradflowAggregate[];
  readonly keeps: KeepAggregate[];
}

interface NormAcc {
  readonly key: Omit<GradflowAggregate, 'n' | 'geomean'>;
  logSum: number;
  n: number;
  bad: boolean;
}

interface KeepAcc {
  readonly key: Omit<KeepAggregate, 'n' | 'keep'>;
  sum: number;
  n: number;
}

/** A record the figure can use, else a ConfigError naming the row, the field and the fix (cells.jsonl was edited or damaged). */
function checkRecord(r: CellRow, p: GradflowRecord): void {
  const bad = (field: string, value: unknown, valid: string): never => {
    throw new ConfigError(
      `cells.jsonl: row ${r.key} has a gradflow record with ${field} ${describeValue(value)} (valid: ${valid}); remove that line and resume the run to recompute it`,
    );
  };
  if (!PHASES.includes(p.phase)) bad('phase', p.phase, PHASES.join(' | '));
  if (p.state !== 'h' && p.state !== 'c') bad('state', p.state, 'h | c');
  if (!Number.isInteger(p.distance) || p.distance < 0) bad('distance', p.distance, 'an integer ≥ 0');
  // null is how JSON stores a NaN norm: allowed, and that point is left out of the figure
  const norm: unknown = p.grad_norm;
  if (norm !== null && typeof norm !== 'number') bad('grad_norm', norm, 'a number or null');
}

/**
 * Gradient norms and keep fractions over replicates, from every row that
 * carries gradflow records (whatever its status: an init measurement is
 * valid even if training later diverged). Rows are summed in canonical order
 * (groupRows), so the numbers do not depend on file order.
 */
export function aggregateGradflow(rows: readonly CellRow[], order: AggregateOrder = {}): GradflowAggregates {
  const norms = new Map<string, NormAcc>();
  const keeps = new Map<string, KeepAcc>();
  for (const group of groupRows(rows, order)) {
    for (const r of group) {
      for (const p of r.gradflow ?? []) {
        checkRecord(r, p);
        const coords = { task: r.task, variant: r.variant, gap: r.gap, hidden: r.hidden, lr: r.lr, phase: p.phase, distance: p.distance };
        const nk = JSON.stringify([r.task, r.variant, r.gap, r.hidden, r.lr, p.phase, p.state, p.distance]);
        const na = norms.get(nk) ?? { key: { ...coords, state: p.state }, logSum: 0, n: 0, bad: false };
        norms.set(nk, na);
        na.n += 1;
        if (Number.isFinite(p.grad_norm) && p.grad_norm > 0) na.logSum += Math.log10(p.grad_norm);
        else na.bad = true;
        if (p.gate === undefined || p.gate_mean === undefined || !Object.hasOwn(KEEP, p.gate) || !Number.isFinite(p.gate_mean)) continue;
        const kk = JSON.stringify([r.task, r.variant, r.gap, r.hidden, r.lr, p.phase, p.distance]);
        const ka = keeps.get(kk) ?? { key: { ...coords, gate: p.gate }, sum: 0, n: 0 };
        keeps.set(kk, ka);
        ka.sum += (KEEP[p.gate] as (typeof KEEP)[string]).keep(p.gate_mean);
        ka.n += 1;
      }
    }
  }
  return {
    norms: [...norms.values()].map((a) => ({ ...a.key, n: a.n, geomean: a.bad ? null : Math.pow(10, a.logSum / a.n) })),
    keeps: [...keeps.values()].map((a) => ({ ...a.key, n: a.n, keep: a.sum / a.n })),
  };
}

/**
 * Per-step factor of a gradient-norm curve: 10^slope of the least-squares
 * line through log10(norm) against distance, over distances ≥ 1 (d = 0 is
 * the readout's own gradient, a different regime). null below 3 points.
 */
export function perStepFactor(points: readonly { readonly distance: number; readonly geomean: number | null }[]): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of [...points].sort((a, b) => a.distance - b.distance)) {
    if (p.distance < 1 || p.geomean === null) continue;
    xs.push(p.distance);
    ys.push(Math.log10(p.geomean));
  }
  if (xs.length < 3) return null;
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < xs.length; k++) {
    sxy += ((xs[k] as number) - mx) * ((ys[k] as number) - my);
    sxx += ((xs[k] as number) - mx) ** 2;
  }
  return Math.pow(10, sxy / sxx);
}

/** The largest gap of `task` with gradient-flow records; null when it has none. */
export function gradflowGap(rows: readonly CellRow[], task: string): number | null {
  let gap: number | null = null;
  for (const r of rows) if (r.task === task && (r.gradflow?.length ?? 0) > 0 && (gap === null || r.gap > gap)) gap = r.gap;
  return gap;
}

/** Decade ticks from 10^lo to 10^hi, at most about 8 of them. */
function decadeTicks(lo: number, hi: number): number[] {
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const out: number[] = [];
  for (let e = hi; e >= lo; e -= step) out.push(Math.pow(10, e));
  return out.reverse();
}

function variantRank(ctx: ReportContext, v: string): number {
  const i = ctx.variants.indexOf(v);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** The gradient-flow figure data of one task at its largest gap; null when the task has no records. */
export function gradflowData(ctx: ReportContext, task: string): { gap: number; norms: GradflowAggregate[]; keeps: KeepAggregate[] } | null {
  const gap = gradflowGap(ctx.rows, task);
  if (gap === null) return null;
  const { norms, keeps } = aggregateGradflow(
    ctx.rows.filter((r) => r.task === task && r.gap === gap),
    ctx.order,
  );
  const cmp = (a: GradflowAggregate | KeepAggregate, b: GradflowAggregate | KeepAggregate): number =>
    variantRank(ctx, a.variant) - variantRank(ctx, b.variant) ||
    (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0) ||
    a.hidden - b.hidden ||
    a.lr - b.lr ||
    PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
    ('state' in a && 'state' in b ? (a.state === b.state ? 0 : a.state === 'h' ? -1 : 1) : 0) ||
    a.distance - b.distance;
  return { gap, norms: norms.sort(cmp), keeps: keeps.sort(cmp) };
}

/** Variant → fitted per-step factor of its init curve (c for the lstm family, else h), in display order. */
export function initFactors(norms: readonly GradflowAggregate[], setting: Setting): { variant: string; state: State; factor: number }[] {
  const out: { variant: string; state: State; factor: number }[] = [];
  const variants = [...new Set(norms.map((n) => n.variant))];
  for (const variant of variants) {
    const mine = norms.filter((n) => n.variant === variant && n.phase === 'init' && n.hidden === setting.hidden && n.lr === setting.lr);
    const state: State = mine.some((n) => n.state === 'c') ? 'c' : 'h';
    const factor = perStepFactor(mine.filter((n) => n.state === state));
    if (factor !== null) out.push({ variant, state, factor });
  }
  return out;
}

/** Gradient-flow spec of one task; null when the task has no gradient-flow records. */
export function gradflowSpec(ctx: ReportContext, task: string): TopLevelSpec | null {
  const data = gradflowData(ctx, task);
  if (data === null) return null;
  const { gap, norms, keeps } = data;
  const settings = ctx.settings.filter((s) => norms.some((n) => n.hidden === s.hidden && n.lr === s.lr));
  const swept = settings.length > 1;
  const panelOf = (phase: Phase, s: Setting): string => (swept ? `${PHASE_LABEL[phase]} · ${settingLabel(s)}` : PHASE_LABEL[phase]);
  const panels: string[] = [];
  for (const s of settings) for (const phase of PHASES) panels.push(panelOf(phase, s));

  const values: Record<string, string | number>[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  let maxDistance = 0;
  const states = new Set<State>();
  for (const n of norms) {
    maxDistance = Math.max(maxDistance, n.distance);
    if (n.geomean === null) continue;
    const e = Math.log10(n.geomean);
    lo = Math.min(lo, Math.floor(e));
    hi = Math.max(hi, Math.ceil(e));
    states.add(n.state);
    values.push({ kind: n.state, panel: panelOf(n.phase, n), variant: n.variant, distance: n.distance, norm: n.geomean, state: STATE_LABEL[n.state], n: n.n });
  }
  for (const k of keeps) {
    values.push({ kind: 'keep', panel: `${panelOf(k.phase, k)}: keep fraction`, variant: k.variant, distance: k.distance, keep: k.keep, gate: KEEP[k.gate]?.label ?? k.gate, n: k.n });
  }
  if (!Number.isFinite(lo)) {
    // every point was zero: an empty log axis still needs a domain
    lo = -1;
    hi = 0;
  }
  if (lo === hi) lo -= 1;

  const x = {
    field: 'distance',
    type: 'quantitative' as const,
    title: 'distance d: steps before the first answer step',
    scale: { domain: [0, Math.max(1, maxDistance)], nice: false },
  };
  const color = { field: 'variant', type: 'nominal' as const, title: 'variant', scale: variantColorScale(ctx), sort: [...ctx.variants] };
  const stateOrder = (['h', 'c'] as const).filter((s) => states.has(s));
  const strokeDash = {
    field: 'state',
    type: 'nominal' as const,
    title: 'gradient',
    legend: { labelLimit: 240 },
    scale: { domain: stateOrder.map((s) => STATE_LABEL[s]), range: stateOrder.map((s) => STATE_DASH[s]) },
    sort: stateOrder.map((s) => STATE_LABEL[s]),
  };
  const y = {
    field: 'norm',
    type: 'quantitative' as const,
    title: 'gradient norm (log scale)',
    scale: { type: 'log' as const, domain: [Math.pow(10, lo), Math.pow(10, hi)], nice: false },
    axis: { values: decadeTicks(lo, hi), format: '.0e', grid: true },
  };
  const normLayer = (name: string, state: State) => ({
    name,
    transform: [{ filter: `datum.kind === '${state}'` }],
    mark: { type: 'line' as const, strokeWidth: 2.5 },
    encoding: { x, y, color, strokeDash, description: { field: 'variant' } },
  });
  const gradRow = {
    transform: [{ filter: "datum.kind === 'h' || datum.kind === 'c'" }],
    facet: { field: 'panel', type: 'ordinal' as const, title: null, sort: panels },
    columns: 2,
    spec: { width: 340, height: 250, layer: [normLayer('series', 'h'), normLayer('cell_series', 'c')] },
  };
  const keepPanels = panels.map((p) => `${p}: keep fraction`);
  const gates = [...new Set(keeps.map((k) => KEEP[k.gate]?.label ?? k.gate))];
  const keepRow = {
    transform: [{ filter: "datum.kind === 'keep'" }],
    facet: { field: 'panel', type: 'ordinal' as const, title: null, sort: keepPanels },
    columns: 2,
    spec: {
      width: 340,
      height: 90,
      layer: [
        {
          name: 'gate_series',
          mark: { type: 'line' as const, strokeWidth: 2 },
          encoding: {
            x,
            y: { field: 'keep', type: 'quantitative' as const, title: `mean ${gates.join(' / ')}`, scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1] } },
            color,
            description: { field: 'variant' },
          },
        },
      ],
    },
  };
  const factors = settings.length === 1 ? initFactors(norms, settings[0] as Setting) : [];
  const subtitle = [
    `gap ${gap} (the largest of the run); geometric mean over replicates; solid = ‖∂L/∂h_t‖, dashed = ‖∂L/∂c_t‖ (lstm family)`,
    ...(factors.length > 0
      ? [`per-step factor at initialisation (log-linear fit, d ≥ 1): ${factors.map((f) => `${f.variant}${f.state === 'c' ? ' (c)' : ''} ×${f.factor.toFixed(2)}`).join(' · ')}`]
      : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${task}: gradient flow back from the answer`, subtitle },
    config: FIGURE_CONFIG,
    data: { values },
    vconcat: keeps.length > 0 ? [gradRow, keepRow] : [gradRow],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

/**
 * The gradient-flow figure of every task with records; [] when the run
 * recorded none (--no-gradflow). A function declaration, not a const: it is
 * hoisted, so figures.ts can list it whichever of the two modules loads first.
 */
export async function gradflowFigures(ctx: ReportContext): Promise<ReportFigure[]> {
  const out: ReportFigure[] = [];
  for (const task of ctx.tasks) {
    const spec = gradflowSpec(ctx, task);
    if (spec === null) continue;
    const gap = gradflowGap(ctx.rows, task) as number;
    const file = `fig-gradflow-${fileSlug(task)}.svg`;
    out.push({
      file,
      task,
      title: `${task}: why the vanilla rnn forgets`,
      caption:
        `Norm of the gradient of the loss at the first answer step with respect to the state d steps earlier ` +
        `(batch mean, log scale; gap ${gap}, geometric mean over replicates), at initialisation and after training. ` +
        `The vanilla rnn's gradient is multiplied by the recurrent Jacobian at every step, so it falls geometrically — a straight falling line — ` +
        `and the answer's error signal never reaches the step that held the information: that is the long-term dependency problem. ` +
        `The lstm family's cell-state gradient (dashed) follows the linear path c = f*c₋ + i*ĉ and is scaled per step only by the forget gate f (bottom row), ` +
        `so it stays flat where f ≈ 1 and otherwise still falls far more slowly than the rnn's (per-step factors in the subtitle).`,
      svg: await renderSvg(spec, file.replace(/\.svg$/, '')),
    });
  }
  return out;
}
