/**
 * Independent decoders of task sequences, written from DESIGN.md alone (they
 * import nothing from tasks/). Each reads one sequence's per-step input
 * vectors [T][X], checks the layout, and recomputes the targets and answer
 * steps. A layout violation throws with the step and the reason.
 */

export interface Recomputed {
  targets: number[];
  answerSteps: number[];
}

/** Sequence n of a time-major batch inputs[(t·N + n)·X + x] as [T][X]. */
export function sequenceOf(inputs: Float64Array, T: number, N: number, X: number, n: number): number[][] {
  const steps: number[][] = [];
  for (let t = 0; t < T; t++) steps.push(Array.from(inputs.subarray((t * N + n) * X, (t * N + n + 1) * X)));
  return steps;
}

/** Targets of sequence n in an answer-step-major batch targets[a·N + n]. */
export function targetsOf(targets: Float64Array, answers: number, N: number, n: number): number[] {
  return Array.from({ length: answers }, (_, a) => targets[a * N + n] as number);
}

/** The hot channel of a one-hot step; throws if the step is not one-hot. */
function hot(x: number[], t: number): number {
  let one = -1;
  for (let c = 0; c < x.length; c++) {
    const v = x[c];
    if (v === 0) continue;
    if (v !== 1 || one >= 0) throw new Error(`step ${t} is not one-hot: [${x.join(', ')}]`);
    one = c;
  }
  if (one < 0) throw new Error(`step ${t} is all zeros`);
  return one;
}

/** copy: K symbols, g − 1 blanks, delimiter, K blanks; channels symbols 0…A−1, blank A, delimiter A+1. */
export function recomputeCopy(inputs: number[][], A: number, K: number, gap: number): Recomputed {
  const T = 2 * K + gap;
  if (inputs.length !== T) throw new Error(`length ${inputs.length}, expected 2K+g = ${T}`);
  const blank = A;
  const delim = A + 1;
  const symbols: number[] = [];
  inputs.forEach((x, t) => {
    if (x.length !== A + 2) throw new Error(`step ${t} has width ${x.length}, expected A+2 = ${A + 2}`);
    const c = hot(x, t);
    if (t < K) {
      if (c >= A) throw new Error(`step ${t} should be a symbol, got channel ${c}`);
      symbols.push(c);
    } else if (t === K + gap - 1) {
      if (c !== delim) throw new Error(`step ${t} should be the delimiter, got channel ${c}`);
    } else if (c !== blank) {
      throw new Error(`step ${t} should be blank, got channel ${c}`);
    }
  });
  return { targets: symbols, answerSteps: symbols.map((_, k) => K + gap + k) };
}

/** adding: T = g steps of (value U[0,1), marker); one marker in [0, ⌊T/2⌋), one in [⌊T/2⌋, T). */
export function recomputeAdding(inputs: number[][], gap: number): Recomputed & { markers: number[] } {
  const T = gap;
  if (inputs.length !== T) throw new Error(`length ${inputs.length}, expected g = ${T}`);
  const markers: number[] = [];
  inputs.forEach((x, t) => {
    if (x.length !== 2) throw new Error(`step ${t} has width ${x.length}, expected 2`);
    const [v, m] = x as [number, number];
    if (!(v >= 0 && v < 1)) throw new Error(`step ${t} value ${v} is outside [0, 1)`);
    if (m !== 0 && m !== 1) throw new Error(`step ${t} marker ${m} is neither 0 nor 1`);
    if (m === 1) markers.push(t);
  });
  const half = Math.floor(T / 2);
  if (markers.length !== 2) throw new Error(`${markers.length} markers at [${markers.join(', ')}], expected 2`);
  const [p, q] = markers as [number, number];
  if (!(p < half && q >= half)) throw new Error(`markers at ${p}, ${q}: expected one in [0, ${half}) and one in [${half}, ${T})`);
  const sum = (inputs[p]?.[0] as number) + (inputs[q]?.[0] as number);
  return { targets: [sum], answerSteps: [T - 1], markers };
}

/** delayed-recall: symbol, g distractor symbols, cue; channels symbols 0…A−1, cue A. */
export function recomputeRecall(inputs: number[][], A: number, gap: number): Recomputed {
  const T = gap + 2;
  if (inputs.length !== T) throw new Error(`length ${inputs.length}, expected g+2 = ${T}`);
  let first = -1;
  inputs.forEach((x, t) => {
    if (x.length !== A + 1) throw new Error(`step ${t} has width ${x.length}, expected A+1 = ${A + 1}`);
    const c = hot(x, t);
    if (t === T - 1) {
      if (c !== A) throw new Error(`step ${t} should be the cue, got channel ${c}`);
    } else if (c >= A) {
      throw new Error(`step ${t} should be a symbol, got channel ${c}`);
    }
    if (t === 0) first = c;
  });
  return { targets: [first], answerSteps: [gap + 1] };
}

/** Dispatch by task name with the task's options (alphabet, copyLength). */
export function recompute(task: string, options: Readonly<Record<string, number>>, inputs: number[][], gap: number): Recomputed {
  switch (task) {
    case 'copy':
      return recomputeCopy(inputs, options['alphabet'] ?? 8, options['copyLength'] ?? 10, gap);
    case 'adding':
      return recomputeAdding(inputs, gap);
    case 'delayed-recall':
      return recomputeRecall(inputs, options['alphabet'] ?? 8, gap);
    default:
      throw new Error(`no independent decoder for task ${task}`);
  }
}
