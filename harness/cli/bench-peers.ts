/**
 * TensorFlow.js peers for `gapbench bench --peers`: the same training step
 * (recurrent layer over T steps, dense readout at the last step, MSE, Adam
 * 1e-3) on tfjs's wasm and cpu backends. tfjs is a devDependency, imported
 * here only, on demand.
 */
import type { Workload } from '../engine/workloads.js';

export type PeerBackend = 'wasm' | 'cpu';
export type PeerCell = 'lstm' | 'gru' | 'rnn';

/** The subset of the tfjs API used here (tfjs's own types stay out of the build). */
interface Tf {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  ready(): Promise<void>;
  sequential(): { add(layer: unknown): void; apply(x: unknown): unknown; dispose(): void };
  layers: Record<string, (args: Record<string, unknown>) => unknown>;
  train: { adam(lr: number): { minimize(f: () => unknown, returnCost: boolean): { dataSync(): unknown; dispose(): void } | null; dispose(): void } };
  losses: { meanSquaredError(y: unknown, p: unknown): unknown };
  randomUniform(shape: number[], min?: number, max?: number, dtype?: string, seed?: number): { dispose(): void };
  version: Record<string, string>;
}

export class PeerUnavailable extends Error {}

let tfModule: Tf | null = null;

async function loadTf(): Promise<Tf> {
  if (tfModule !== null) return tfModule;
  try {
    const name = '@tensorflow/tfjs';
    const tf = (await import(name)) as unknown as Tf;
    await import('@tensorflow/tfjs-backend-wasm' as string);
    tfModule = tf;
    return tf;
  } catch (e) {
    throw new PeerUnavailable(
      `--peers needs the devDependencies @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm (${(e as Error).message.split('\n')[0]}); ` +
        'install them with `npm install` in a gapbench checkout, or run bench without --peers',
    );
  }
}

export async function tfjsVersion(): Promise<string> {
  const tf = await loadTf();
  return tf.version['tfjs-core'] ?? 'unknown';
}

/** Builds a tfjs training step for `cell` at workload `w` on `backend`; call `dispose` when done. */
export async function tfjsStep(backend: PeerBackend, cell: PeerCell, w: Workload): Promise<{ run: () => void; dispose: () => void }> {
  const tf = await loadTf();
  if (!(await tf.setBackend(backend))) throw new PeerUnavailable(`tfjs backend "${backend}" could not be initialised`);
  await tf.ready();
  const layer = { lstm: 'lstm', gru: 'gru', rnn: 'simpleRNN' }[cell];
  const args: Record<string, unknown> = { units: w.H, inputShape: [w.T, w.X], kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform' };
  if (cell !== 'rnn') args.recurrentActivation = 'sigmoid';
  if (cell === 'gru') args.resetAfter = false;
  const model = tf.sequential();
  model.add(tf.layers[layer]!(args));
  model.add(tf.layers.dense!({ units: 1 }));
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform([w.B, w.T, w.X], 0, 1, 'float32', 1);
  const y = tf.randomUniform([w.B, 1], 0, 2, 'float32', 2);
  const run = (): void => {
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), true);
    cost?.dataSync();
    cost?.dispose();
  };
  return {
    run,
    dispose: () => {
      model.dispose();
      opt.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/**
 * Trains one adding-task cell with tfjs the way `gapbench run` trains one:
 * `steps` Adam steps on fresh batches from gapbench's own adding generator,
 * then one test pass over `testSize` sequences. `bench --peers` runs it as
 * a whole process against a whole `gapbench run` of the same cell.
 * Returns the test MSE, so no work can be optimised away.
 */
export async function tfjsTrainAddingCell(backend: PeerBackend, w: Workload, steps: number, testSize: number): Promise<number> {
  const tf = (await loadTf()) as Tf & {
    tensor3d(v: Float32Array, shape: number[]): { dispose(): void };
    tensor2d(v: Float32Array, shape: number[]): { dispose(): void };
  };
  const { getTask } = await import('../../tasks/index.js');
  const { makeRng } = await import('../engine/rng.js');
  if (!(await tf.setBackend(backend))) throw new PeerUnavailable(`tfjs backend "${backend}" could not be initialised`);
  const task = getTask('adding');
  const gap = w.T;
  const model = tf.sequential();
  model.add(tf.layers.lstm!({ units: w.H, inputShape: [w.T, w.X], recurrentActivation: 'sigmoid', kernelInitializer: 'glorotUniform', recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense!({ units: 1 }));
  const opt = tf.train.adam(1e-3);
  const most = Math.max(w.B, testSize);
  const inputs = new Float64Array(w.T * most * w.X);
  const targets = new Float64Array(most);
  // gapbench batches are time-major (T, N, X); tfjs wants (N, T, X).
  const toTf = (n: number): { x: { dispose(): void }; y: { dispose(): void } } => {
    const bx = new Float32Array(n * w.T * w.X);
    for (let t = 0; t < w.T; t++) for (let b = 0; b < n; b++) for (let c = 0; c < w.X; c++) bx[(b * w.T + t) * w.X + c] = inputs[(t * n + b) * w.X + c]!;
    return { x: tf.tensor3d(bx, [n, w.T, w.X]), y: tf.tensor2d(Float32Array.from(targets.subarray(0, n)), [n, 1]) };
  };
  const rng = makeRng('bench/e2e/train');
  for (let s = 0; s < steps; s++) {
    task.batch(rng, gap, w.B, inputs, targets);
    const { x, y } = toTf(w.B);
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), true);
    cost?.dispose();
    x.dispose();
    y.dispose();
  }
  task.batch(makeRng('bench/e2e/test'), gap, testSize, inputs, targets);
  const { x, y } = toTf(testSize);
  const loss = tf.losses.meanSquaredError(y, model.apply(x)) as { dataSync(): Float32Array; dispose(): void };
  const mse = loss.dataSync()[0]!;
  loss.dispose();
  x.dispose();
  y.dispose();
  return mse;
}
