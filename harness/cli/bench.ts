/**
 * `gapbench bench`: tinybench suites for the kernels at the W1 gate shapes
 * and for whole training steps of every variant at W1 and W2, reported as
 * medians, effective GFLOP/s (useful FLOPs counted by `stepFlops`) and
 * ratios against peers measured in the same run: the reference backend,
 * lstm on the same backend (time per useful FLOP), and with `--peers` the
 * TensorFlow.js wasm and cpu backends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import type { CommandModule } from 'yargs';
import { backendNames, createKernels } from '../engine/kernels/index.js';
import type { BackendName } from '../engine/types.js';
import { stepFlops, trainingStep, workloads, type Workload } from '../engine/workloads.js';
import { builtinVariants, getVariant, variantNames } from '../../variants/index.js';
import { PeerUnavailable, tfjsStep, tfjsVersion, type PeerBackend, type PeerCell } from './bench-peers.js';
import { median as medianOf } from '../report/stats.js';
import { numberOption, UsageError } from './errors.js';
import { loadPluginArgs, withPluginOption, type PluginArgs } from './plugins.js';

interface BenchArgs extends PluginArgs {
  json: boolean;
  peers: boolean;
  backend: string[];
  workload: string[];
  variant: string[];
  time: number;
  grid: boolean;
  'e2e-steps': number;
}

export interface BenchRow {
  readonly suite: 'kernel' | 'step' | 'peer' | 'e2e' | 'grid';
  readonly name: string;
  readonly backend: string;
  readonly workload: string;
  readonly median_ms: number;
  readonly samples: number;
  readonly gflops: number;
  /** Useful FLOPs per run of the measured function. */
  readonly flops: number;
  /** Extra ratio columns, e.g. `vs_tfjs_wasm`. */
  readonly ratios: Record<string, number>;
}

/** One side of an interleaved comparison: per round, `warm` untimed calls, then `timed` calls averaged. */
interface Side {
  readonly fn: () => unknown;
  readonly warm: number;
  readonly timed: number;
}

/**
 * Ratios from interleaved rounds: each round runs every side in turn (in
 * alternating order), and a ratio is the median over rounds of the ratio
 * within a round (report/stats median). On a shared machine whose speed drifts between phases,
 * both sides of a ratio then see the same phase, which separate tinybench
 * medians taken seconds apart do not. Each side's untimed calls first bring
 * its own data back into the caches the other side evicted: consecutive
 * steps of one model are what training does.
 */
function pairedRounds(sides: readonly Side[], rounds: number, warmup: number): number[][] {
  const times: number[][] = [];
  for (let r = -warmup; r < rounds; r++) {
    const row = new Array<number>(sides.length).fill(0);
    const order = sides.map((_, i) => (r % 2 === 0 ? i : sides.length - 1 - i));
    for (const i of order) {
      const s = sides[i]!;
      for (let k = 0; k < s.warm; k++) s.fn();
      const t0 = performance.now();
      for (let k = 0; k < s.timed; k++) s.fn();
      row[i] = (performance.now() - t0) / s.timed;
    }
    if (r >= 0) times.push(row);
  }
  return times;
}

/** Paired ratios by row key (`suite/name/backend/workload`) and column. */
type Paired = Map<string, Record<string, number>>;
const rowKey = (suite: string, name: string, backend: string, workload: string): string => `${suite}/${name}/${backend}/${workload}`;
/** Records one paired ratio of a row. */
function setPaired(paired: Paired, key: string, column: string, value: number): void {
  paired.set(key, { ...paired.get(key), [column]: value });
}

async function median(name: string, fn: () => unknown, time: number, minIterations: number): Promise<{ ms: number; n: number }> {
  const bench = new Bench({ time, iterations: minIterations, warmupIterations: 1, warmupTime: 0 });
  bench.add(name, () => {
    fn();
  });
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`benchmark "${name}" did not complete (state ${r.state})`);
  return { ms: r.latency.p50, n: r.latency.samplesCount };
}

function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'benchmark kernels and training steps (W1, W2) with tinybench; medians, GFLOP/s and ratios to peers',
  builder: (y) =>
    withPluginOption(y)
      .option('json', { type: 'boolean', default: false, describe: 'print the rows as JSON' })
      .option('peers', { type: 'boolean', default: false, describe: 'also measure TensorFlow.js (wasm, cpu) training lstm, gru and rnn at W1' })
      .option('backend', { type: 'string', array: true, default: ['fast', 'reference'], describe: `backends to measure (${backendNames.join(', ')}); reference runs W1 only` })
      .option('workload', { type: 'string', array: true, default: ['W1', 'W2'], describe: 'W1: T=100 B=32 H=64 X=2; W2: T=200 B=64 H=128 X=2' })
      .option('variant', { type: 'string', array: true, default: [...variantNames], describe: 'variants to time (built-in by default; a --plugin file\'s by name)' })
      .option('time', { type: 'string', default: 1500, coerce: numberOption('--time', '--time 1500'), describe: 'time budget per benchmark in ms (at least 5 samples)' })
      .option('grid', { type: 'boolean', default: false, describe: 'also time a 30-cell grid (quick preset, gaps 5 and 10) with 1 and with 2 workers' })
      .option('e2e-steps', { type: 'string', default: 1000, coerce: numberOption('--e2e-steps', '--e2e-steps 1000'), describe: 'with --peers: training steps of the end-to-end comparison (one W1-shaped adding cell, whole processes; 1000 is the quick preset\'s budget per cell, the reference preset\'s is 2000; 0 skips it)' })
      .example('$0 bench --peers', 'the full table with TensorFlow.js ratios')
      .example('$0 bench --workload W1 --variant lstm --backend fast --json', 'the W1 kernels and the lstm step on the fast backend, as JSON rows'),
  handler: async (argv) => {
    // Plugin variants (--plugin FILE --variant NAME) are timed like built-in ones, on the adding-task workloads.
    await loadPluginArgs(argv);
    const backends = splitList(argv.backend);
    for (const b of backends) if (!backendNames.includes(b as BackendName)) throw new UsageError(`unknown backend "${b}"; valid backends: ${backendNames.join(', ')}`);
    const wl = splitList(argv.workload).map((w) => {
      const found = (workloads as Record<string, Workload>)[w];
      if (found === undefined) throw new UsageError(`unknown workload "${w}"; valid workloads: ${Object.keys(workloads).join(', ')}`);
      return found;
    });
    let variants;
    try {
      variants = splitList(argv.variant).map(getVariant);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (!(argv.time > 0)) throw new UsageError(`--time ${argv.time} must be a positive number of milliseconds`);
    const steps = argv['e2e-steps'];
    if (!(Number.isInteger(steps) && steps >= 0)) throw new UsageError(`--e2e-steps ${steps} must be a whole number of steps (0 skips the end-to-end comparison)`);
    const log = (s: string): void => {
      if (!argv.json) process.stderr.write(`${s}\n`);
    };
    const rows: BenchRow[] = [];
    const paired: Paired = new Map();

    // Kernels at the W1 gate shapes: gates (B, G·H) = [h, x] (B, H+X) · W (H+X, G·H), lstm G = 4.
    const { B, H, X } = workloads.W1;
    const GH = 4 * H;
    const shapes = [
      { name: `gemm ${B}x${H + X}·${H + X}x${GH} (forward gates)`, call: 'gemm', M: B, N: GH, K: H + X },
      { name: `gemmTN ${H + X}x${B}·${B}x${GH} (weight gradient)`, call: 'gemmTN', M: H + X, N: GH, K: B },
      { name: `gemmNT ${B}x${GH}·${GH}x${H} (state gradient)`, call: 'gemmNT', M: B, N: H, K: GH },
    ] as const;
    for (const backend of backends) {
      const k = createKernels(backend as BackendName);
      k.reserve(3 << 16);
      for (let i = 0; i < 3 * (1 << 16); i++) k.heap[i] = ((i * 7919) % 1000) / 1000 - 0.5;
      const [a, b, c] = [0, 1 << 16, 2 << 16];
      for (const s of shapes) {
        const fn =
          s.call === 'gemm' ? () => k.gemm(s.M, s.N, s.K, a, b, c, 0) : s.call === 'gemmTN' ? () => k.gemmTN(s.M, s.N, s.K, a, b, c) : () => k.gemmNT(s.M, s.N, s.K, a, b, c, 0);
        const reps = 50;
        const m = await median(`${backend} ${s.name}`, () => {
          for (let r = 0; r < reps; r++) fn();
        }, argv.time / 3, 5);
        const flops = 2 * s.M * s.N * s.K * reps;
        rows.push({ suite: 'kernel', name: s.name, backend, workload: 'W1', median_ms: m.ms / reps, samples: m.n, gflops: flops / m.ms / 1e6, flops: flops / reps, ratios: {} });
        log(`kernel ${backend} ${s.name}: ${(m.ms / reps).toFixed(4)} ms`);
      }
    }

    // Whole training steps.
    for (const w of wl) {
      for (const backend of backends) {
        if (backend === 'reference' && w.name !== 'W1') continue;
        for (const v of variants) {
          const step = trainingStep(v, w, backend as BackendName);
          const flops = stepFlops(v, w);
          const m = await median(`${backend} ${w.name} ${v.name}`, step.run, argv.time, backend === 'reference' ? 3 : 5);
          rows.push({ suite: 'step', name: v.name, backend, workload: w.name, median_ms: m.ms, samples: m.n, gflops: flops / m.ms / 1e6, flops, ratios: {} });
          log(`step ${backend} ${w.name} ${v.name}: ${m.ms.toFixed(2)} ms/step`);
        }
        if (w.name === 'W2') {
          const rss = process.resourceUsage().maxRSS / 1024;
          log(`W2 ${backend}: process peak RSS ${rss.toFixed(0)} MiB`);
          rows.push({ suite: 'step', name: 'peak-rss-MiB', backend, workload: w.name, median_ms: Number.NaN, samples: 0, gflops: Number.NaN, flops: 0, ratios: { rss_mib: rss } });
        }
        // Time per useful FLOP against lstm, from interleaved rounds (after
        // the RSS reading: every variant's arena is alive at once here).
        const lstmAt = variants.findIndex((v) => v.name === 'lstm');
        if (lstmAt >= 0 && variants.length > 1) {
          const steps = variants.map((v) => ({ v, run: trainingStep(v, w, backend as BackendName).run, flops: stepFlops(v, w) }));
          const rounds = backend === 'reference' ? 5 : w.name === 'W2' ? 7 : 15;
          const times = pairedRounds(steps.map((s) => ({ fn: s.run, warm: 1, timed: backend === 'reference' ? 1 : 2 })), rounds, 1);
          steps.forEach((s, i) => {
            const ratio = medianOf(times.map((row) => row[i]! / s.flops / (row[lstmAt]! / steps[lstmAt]!.flops)));
            setPaired(paired, rowKey('step', s.v.name, backend, w.name), 'time_per_flop_vs_lstm', ratio);
          });
          log(`step ${backend} ${w.name}: time per FLOP vs lstm from ${rounds} interleaved rounds`);
        }
      }
    }

    if (argv.peers) {
      try {
        log(`TensorFlow.js ${await tfjsVersion()} peers at W1 (slow: the cpu backend takes seconds per step)`);
        for (const backend of ['wasm', 'cpu'] as PeerBackend[]) {
          for (const cell of ['lstm', 'gru', 'rnn'] as PeerCell[]) {
            const peer = await tfjsStep(backend, cell, workloads.W1);
            const m = await median(`tfjs-${backend} ${cell}`, peer.run, argv.time, 3);
            const flops = stepFlops(builtinVariants[cell], workloads.W1);
            rows.push({ suite: 'peer', name: cell, backend: `tfjs-${backend}`, workload: 'W1', median_ms: m.ms, samples: m.n, gflops: flops / m.ms / 1e6, flops, ratios: {} });
            log(`peer tfjs-${backend} ${cell}: ${m.ms.toFixed(1)} ms/step`);
            // The speedup from interleaved rounds (tfjs steps, then ours), for each of our step rows of this cell at W1.
            for (const ours of backends) {
              if (!rows.some((r) => r.suite === 'step' && r.name === cell && r.backend === ours && r.workload === 'W1')) continue;
              const step = trainingStep(builtinVariants[cell], workloads.W1, ours as BackendName);
              const rounds = backend === 'cpu' || ours === 'reference' ? 5 : 9;
              const mine = ours === 'reference' ? { fn: step.run, warm: 1, timed: 1 } : { fn: step.run, warm: 2, timed: 3 };
              const times = pairedRounds([{ fn: peer.run, warm: 1, timed: 1 }, mine], rounds, 1);
              setPaired(paired, rowKey('step', cell, ours, 'W1'), `speedup_vs_tfjs_${backend}`, medianOf(times.map((row) => row[0]! / row[1]!)));
            }
            peer.dispose();
          }
        }
      } catch (e) {
        if (!(e instanceof PeerUnavailable)) throw e;
        throw new UsageError(e.message);
      }
    }

    if (argv.peers && steps > 0) {
      log(`end to end: one W1-shaped adding cell (lstm, T=100, B=32, H=64), ${steps} steps, as whole processes`);
      rows.push(...endToEnd(steps, log));
    }
    if (argv.grid) rows.push(...gridScaling(log));

    addRatios(rows, paired);
    if (argv.json) process.stdout.write(`${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
    else printRows(rows);
  },
};

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));
const PEERS = new URL('./bench-peers.js', import.meta.url).href;

/** Wall time of a whole child process; throws with its stderr when it fails. */
function timeProcess(what: string, args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return ms;
}

/**
 * The 20× claim end to end: `gapbench run` of one W1-shaped adding cell
 * against tfjs (wasm) training the same shape on the same generator,
 * each timed as a whole process (start-up, data, training, test pass).
 * Ours is the median of three processes, one before tfjs's and two after;
 * tfjs's single run takes minutes.
 */
function endToEnd(steps: number, log: (s: string) => void): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'gapbench-e2e-'));
  try {
    const w = workloads.W1;
    const testSize = 32;
    const config = join(dir, 'cell.json');
    writeFileSync(config, JSON.stringify({ preset: 'quick', tasks: ['adding'], variants: ['lstm'], gaps: [w.T], replicates: 1, hidden: w.H, batch: w.B, lr: 1e-3, steps, evalEvery: steps, evalSize: testSize, testSize, gradflow: false, backend: 'fast' }));
    const flops = stepFlops(builtinVariants.lstm, w) * steps;
    const rows: BenchRow[] = [];
    const name = `lstm adding cell, ${steps} steps`;
    const ourRun = (k: number): number => timeProcess('gapbench run', [CLI, 'run', '--config', config, '--workers', '1', '--no-report', '--out', join(dir, `run${k}`)]);
    // One of ours before tfjs's run and two after, so our median is not all
    // from one phase of a machine whose speed drifts over minutes.
    const times = [ourRun(0)];
    // tfjs wasm only: it is the faster peer and the one the 20× target names
    // (the cpu backend would take minutes for the same cell).
    for (const backend of ['wasm'] as PeerBackend[]) {
      const script = `const m = await import(${JSON.stringify(PEERS)}); await m.tfjsTrainAddingCell(${JSON.stringify(backend)}, ${JSON.stringify(w)}, ${steps}, ${testSize});`;
      const ms = timeProcess(`tfjs ${backend} cell`, ['--input-type=module', '-e', script]);
      log(`e2e tfjs-${backend}: ${(ms / 1000).toFixed(2)} s`);
      rows.push({ suite: 'e2e', name, backend: `tfjs-${backend}`, workload: 'W1', median_ms: ms, samples: 1, gflops: flops / ms / 1e6, flops, ratios: {} });
    }
    times.push(ourRun(1), ourRun(2));
    const ours = medianOf(times);
    log(`e2e gapbench run (fast): ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s (median ${(ours / 1000).toFixed(2)} s)`);
    rows.unshift({ suite: 'e2e', name, backend: 'fast', workload: 'W1', median_ms: ours, samples: times.length, gflops: flops / ours / 1e6, flops, ratios: {} });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A grid of many cells with 1 and 2 workers, whole processes: the quick
 * preset at gaps 5 and 10, one replicate (30 cells of 0.3–3 s each).
 */
function gridScaling(log: (s: string) => void): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'gapbench-grid-'));
  try {
    const rows: BenchRow[] = [];
    for (const workers of [1, 2]) {
      const ms = timeProcess(`grid with ${workers} worker(s)`, [CLI, 'run', '--preset', 'quick', '--gaps', '5,10', '--replicates', '1', '--workers', String(workers), '--no-report', '--out', join(dir, `w${workers}`)]);
      log(`grid (quick, gaps 5 and 10, 30 cells), ${workers} worker(s): ${(ms / 1000).toFixed(2)} s`);
      rows.push({ suite: 'grid', name: `30-cell grid, ${workers} worker(s)`, backend: 'fast', workload: 'quick', median_ms: ms, samples: 1, gflops: Number.NaN, flops: 0, ratios: {} });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Speedups against peers measured in the same run, and time per FLOP
 * against lstm: from interleaved rounds where they were taken (`paired`),
 * else from the tinybench medians.
 */
function addRatios(rows: BenchRow[], paired: Paired): void {
  const find = (suite: string, name: string, backend: string, workload: string) =>
    rows.find((r) => r.suite === suite && r.name === name && r.backend === backend && r.workload === workload);
  for (const r of rows) {
    if (r.suite === 'e2e' && r.backend === 'fast') {
      for (const peer of ['tfjs-wasm', 'tfjs-cpu']) {
        const p = find('e2e', r.name, peer, r.workload);
        if (p !== undefined) r.ratios[`speedup_vs_${peer.replace('-', '_')}`] = p.median_ms / r.median_ms;
      }
      continue;
    }
    if (r.suite === 'grid' && r.name.endsWith(', 2 worker(s)')) {
      const one = rows.find((q) => q.suite === 'grid' && q.name.endsWith(', 1 worker(s)'));
      if (one !== undefined) r.ratios.speedup_vs_1_worker = one.median_ms / r.median_ms;
      continue;
    }
    if (r.suite === 'kernel') {
      const ref = find('kernel', r.name, 'reference', r.workload);
      if (ref !== undefined && ref !== r) r.ratios.speedup_vs_reference = ref.median_ms / r.median_ms;
      continue;
    }
    if (r.suite !== 'step' || Number.isNaN(r.median_ms)) continue;
    const ref = find('step', r.name, 'reference', r.workload);
    if (ref !== undefined && ref !== r) r.ratios.speedup_vs_reference = ref.median_ms / r.median_ms;
    const lstm = find('step', 'lstm', r.backend, r.workload);
    if (lstm !== undefined) r.ratios.time_per_flop_vs_lstm = r.median_ms / r.flops / (lstm.median_ms / lstm.flops);
    for (const peer of ['tfjs-wasm', 'tfjs-cpu']) {
      const p = find('peer', r.name, peer, r.workload);
      if (p !== undefined) r.ratios[`speedup_vs_${peer.replace('-', '_')}`] = p.median_ms / r.median_ms;
    }
    Object.assign(r.ratios, paired.get(rowKey(r.suite, r.name, r.backend, r.workload)));
  }
}

function printRows(rows: readonly BenchRow[]): void {
  const ratioKeys = [...new Set(rows.flatMap((r) => Object.keys(r.ratios)))];
  const head = ['suite', 'name', 'backend', 'wl', 'median ms', 'GFLOP/s', ...ratioKeys];
  const body = rows.map((r) => [
    r.suite,
    r.name,
    r.backend,
    r.workload,
    Number.isNaN(r.median_ms) ? '' : r.median_ms < 1 ? r.median_ms.toFixed(4) : r.median_ms.toFixed(2),
    Number.isNaN(r.gflops) ? '' : r.gflops.toFixed(2),
    ...ratioKeys.map((k) => (r.ratios[k] === undefined ? '' : r.ratios[k]!.toFixed(2))),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${line(head)}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
  process.stdout.write(
    '\nmedians over tinybench samples; GFLOP/s counts 2·M·N·K per matrix product one step issues; ratios are against peers measured in this run:\n' +
      'time per FLOP vs lstm and speedups vs tfjs are medians of per-round ratios from interleaved rounds (each side: warm-up steps, then timed steps), e2e and grid are whole processes\n',
  );
}
