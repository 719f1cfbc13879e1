/**
 * `gapbench sample <task> --gap G [--seed S] [--count N] [--json] [--option key=value ...]`
 *
 * Prints generated sequences so anyone can check a task generator from
 * outside: a step-by-step table by default, or with `--json` the stable
 * format of DESIGN.md (File formats):
 *   {"task", "gap", "seed", "sequences": [{"inputs": number[][] (T vectors of X),
 *    "targets": one per answer step (class index, or the value for adding),
 *    "answerSteps": number[]}]}
 * Sequences come from makeRng(`${seed}/${task}/${gap}/sample`); sequence i is
 * the i-th sequence of that stream (tasks draw sequence by sequence, so this
 * equals one batch of `count`).
 *
 * `--seed` takes exactly the seeds `run --seed` takes (config/seed.ts: any
 * text, "01" ≠ "1"), checked by the same config parser, so any run's seed
 * can be inspected. In `--json`, "seed" stays a number for a seed that is
 * the plain decimal text of a non-negative integer (the only seeds sample
 * took before, so their output is unchanged) and is a string otherwise.
 */
import type { Argv, CommandModule } from 'yargs';
import { parseFlags } from '../config/resolve.js';
import { seedText } from '../config/seed.js';
import { makeRng } from '../engine/rng.js';
import { getTask, getTaskDefinition, isTaskName, MAX_GAP, taskNames, tasks, type Task, type TaskName } from '../../tasks/index.js';
import { numberOption, onceOption, UsageError } from './errors.js';
import { loadPluginArgs, withPluginOption, type PluginArgs } from './plugins.js';

/** Gap used when --gap is omitted (raised to the task's minimum gap if that is larger). */
export const DEFAULT_SAMPLE_GAP = 5;
/** Upper bound of --count: enough to eyeball or script-check, small enough to print. */
export const MAX_SAMPLE_COUNT = 10_000;

export interface SampleArgs extends PluginArgs {
  task: string;
  gap: number | undefined;
  /** As typed; validated in resolveSampleRequest by the config's seed rule. */
  seed: string;
  count: number;
  json: boolean;
  option: string[];
}

/** One sequence in the `--json` format. */
export interface SampleSequence {
  /** [T][X] one input vector per step. */
  inputs: number[][];
  /** [A_s] one target per answer step. */
  targets: number[];
  /** [A_s] 0-based answer steps. */
  answerSteps: number[];
}

export interface SampleOutput {
  task: string;
  gap: number;
  /** A number for plain non-negative integer seeds ("3" → 3), else the seed's text. */
  seed: number | string;
  sequences: SampleSequence[];
}

/** A validated sample request. */
export interface SampleRequest {
  task: Task;
  gap: number;
  /** The seed's text, the head of the sample key. */
  seed: string;
  count: number;
}

/**
 * Parses `key=value` pairs into task options. Values must be numbers;
 * whether a key exists and its range are the task's to check.
 */
export function parseTaskOptions(pairs: unknown): Record<string, number> {
  const list = pairs === undefined ? [] : Array.isArray(pairs) ? pairs : [pairs];
  const options: Record<string, number> = {};
  for (const pair of list) {
    const text = String(pair);
    const eq = text.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--option ${JSON.stringify(text)} is not key=value; write e.g. --option alphabet=4`);
    }
    const key = text.slice(0, eq).trim();
    const raw = text.slice(eq + 1).trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      throw new UsageError(`--option ${key}=${raw}: the value must be a number; write e.g. --option ${key}=4`);
    }
    if (Object.hasOwn(options, key)) {
      throw new UsageError(`--option ${key} is given twice (${options[key]} and ${raw}); give each option once`);
    }
    options[key] = value;
  }
  return options;
}

/** Validates the command-line values; every problem becomes a UsageError. */
export function resolveSampleRequest(args: Pick<SampleArgs, 'task' | 'seed' | 'count'> & { gap?: number | undefined; option?: unknown }): SampleRequest {
  asUsage(() => getTaskDefinition(args.task)); // unknown name: lists every registered task, plugin ones included
  const options = parseTaskOptions(args.option);
  const task = asUsage(() => getTask(args.task, options));
  const gap = args.gap ?? Math.max(DEFAULT_SAMPLE_GAP, task.minGap);
  asUsage(() => task.length(gap));
  // The flag parser of `run`, so both commands take the same seeds with the same message.
  const seed = seedText(asUsage(() => parseFlags({ seed: args.seed })).seed as string | number);
  if (!Number.isInteger(args.count) || args.count < 1 || args.count > MAX_SAMPLE_COUNT) {
    throw new UsageError(`--count must be an integer in [1, ${MAX_SAMPLE_COUNT}], got ${String(args.count)}; e.g. --count 3`);
  }
  return { task, gap, seed, count: args.count };
}

/** Generates the sequences of a request in the `--json` shape. */
export function generateSample(req: SampleRequest): SampleOutput {
  const { task, gap, seed, count } = req;
  const rng = makeRng(`${seed}/${task.name}/${gap}/sample`);
  const T = task.length(gap);
  const X = task.inputWidth;
  const answerSteps = [...task.answerSteps(gap)];
  // One sequence at a time (N = 1): [T × 1 × X] inputs, [A_s × 1] targets.
  const inputs = new Float64Array(T * X);
  const targets = new Float64Array(answerSteps.length);
  const sequences: SampleSequence[] = [];
  for (let i = 0; i < count; i++) {
    task.batch(rng, gap, 1, inputs, targets);
    const steps: number[][] = [];
    for (let t = 0; t < T; t++) steps.push(Array.from(inputs.subarray(t * X, (t + 1) * X)));
    sequences.push({ inputs: steps, targets: Array.from(targets), answerSteps });
  }
  return { task: task.name, gap, seed: jsonSeed(seed), sequences };
}

/** The `--json` "seed": a number for "0", "1", "42" … (safe integers without sign or leading zeros), else the text. */
function jsonSeed(seed: string): number | string {
  return /^(0|[1-9]\d*)$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
}

/** Names one input vector for the text table. */
type StepLabel = (task: Task, x: readonly number[]) => string;

/** The hot channel of a one-hot vector, or -1 if `x` is not one-hot. */
function hotChannel(x: readonly number[]): number {
  let hot = -1;
  for (let c = 0; c < x.length; c++) {
    if (x[c] === 0) continue;
    if (x[c] !== 1 || hot >= 0) return -1;
    hot = c;
  }
  return hot;
}

/** One-hot label: symbols by index, the extra channels by `names`; raw vector if not one-hot. */
function oneHotLabel(names: readonly string[]): StepLabel {
  return (task, x) => {
    const c = hotChannel(x);
    if (c < 0) return `[${x.join(', ')}]`;
    const A = task.outputWidth;
    return c < A ? String(c) : (names[c - A] ?? `ch${c}`);
  };
}

const stepLabels = {
  copy: oneHotLabel(['blank', 'delim']),
  adding: (_task, x) => `${(x[0] ?? NaN).toFixed(4)}${x[1] === 1 ? ' *' : ''}`,
  'delayed-recall': oneHotLabel(['cue']),
} satisfies Record<TaskName, StepLabel>;

function formatTarget(task: Task, target: number): string {
  return task.loss === 'mse' ? target.toFixed(4) : String(target);
}

function describeAnswerSteps(steps: readonly number[]): string {
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (steps.length === 1) return `answer step ${first}`;
  return `answer steps ${first}..${last}`;
}

/** The readable step-by-step table of every sequence. */
export function formatSampleText(task: Task, out: SampleOutput): string {
  const label: StepLabel = isTaskName(task.name) ? stepLabels[task.name] : oneHotLabel([]);
  const optionText = Object.entries(task.options)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines: string[] = [];
  lines.push(`${out.task}  gap ${out.gap}  seed ${out.seed}${optionText ? `  options ${optionText}` : ''}`);
  if (task.name === 'adding') lines.push('(* marks the two values to add)');
  out.sequences.forEach((seq, i) => {
    const T = seq.inputs.length;
    lines.push('');
    lines.push(`sequence ${i + 1} of ${out.sequences.length}: T = ${T}, ${describeAnswerSteps(seq.answerSteps)}`);
    const labels = seq.inputs.map((x) => label(task, x));
    const stepWidth = Math.max(4, String(T - 1).length);
    const inputWidth = Math.max(5, ...labels.map((l) => l.length));
    lines.push(`${'step'.padStart(stepWidth)}  ${'input'.padEnd(inputWidth)}  target`);
    let a = 0;
    for (let t = 0; t < T; t++) {
      let target = '';
      if (seq.answerSteps[a] === t) {
        target = formatTarget(task, seq.targets[a] as number);
        a++;
      }
      lines.push(`${String(t).padStart(stepWidth)}  ${(labels[t] as string).padEnd(inputWidth)}  ${target}`.trimEnd());
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Runs the command on parsed arguments; `write` receives the whole output. */
export function runSample(args: Pick<SampleArgs, 'task' | 'seed' | 'count' | 'json'> & { gap?: number | undefined; option?: unknown }, write: (text: string) => void): void {
  const req = resolveSampleRequest(args);
  const out = generateSample(req);
  write(args.json ? `${JSON.stringify(out)}\n` : formatSampleText(req.task, out));
}

/** Re-throws an Error from validation as a UsageError with the same message. */
function asUsage<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error) throw new UsageError(err.message);
    throw err;
  }
}

export const sampleCommand: CommandModule<object, SampleArgs> = {
  command: 'sample <task>',
  describe: 'print generated example sequences of a task (table, or --json for scripts)',
  builder: (y: Argv<object>) =>
    withPluginOption(y)
      .positional('task', { type: 'string', demandOption: true, describe: `task name: ${taskNames.join(', ')}, or one a --plugin file defines` })
      .option('gap', {
        type: 'string',
        coerce: numberOption('--gap', '--gap 10'),
        describe: `gap g (default ${DEFAULT_SAMPLE_GAP}, or the task's minimum gap if larger; at most ${MAX_GAP})`,
      })
      .option('seed', {
        type: 'string',
        default: '1',
        coerce: onceOption('--seed', '--seed 1'),
        describe: 'seed S, any text a run takes (e.g. 1, abc); data come from the key `${S}/${task}/${gap}/sample`',
      })
      .option('count', { type: 'string', default: 1, coerce: numberOption('--count', '--count 3'), describe: `number of sequences N (1..${MAX_SAMPLE_COUNT})` })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print {"task","gap","seed","sequences":[{"inputs","targets","answerSteps"}]} instead of tables',
      })
      .option('option', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: `task option key=value, repeatable (${taskNames.map((n) => `${n}: ${Object.keys(tasks[n].defaults).join(', ') || 'none'}`).join('; ')})`,
      })
      .example('$0 sample copy --gap 6 --seed 1', 'one copy sequence with gap 6 as a table')
      .example('$0 sample adding --gap 10 --count 3 --json', 'three adding sequences as JSON')
      .example('$0 sample parity --plugin ./parity.js --gap 5', 'a task of your own') as unknown as Argv<SampleArgs>,
  handler: async (argv) => {
    await loadPluginArgs(argv);
    runSample(argv, (text) => {
      process.stdout.write(text);
    });
  },
};
