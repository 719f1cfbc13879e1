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
