/**
 * Edge validation shared by the task files: options, gaps and the
 * caller-owned buffers of `batch`. Every message names the task, the value,
 * what is valid and the fix, because these errors reach users of
 * `gapbench sample` and of experiment configs unchanged.
 */

/** Largest gap any task accepts: longer sequences cannot fit a training budget and only exhaust memory. */
export const MAX_GAP = 100_000;

/** Inclusive integer range of one numeric option. */
export interface OptionRule {
  readonly min: number;
  readonly max: number;
  /** What the option means, for error messages (e.g. `alphabet size A`). */
  readonly meaning: string;
}

/**
 * Merges `options` over `defaults` after checking that every key is known
 * and every value is an integer inside its rule. Returns a frozen copy.
 */
export function resolveOptions<K extends string>(
  task: string,
  defaults: Readonly<Record<K, number>>,
  rules: Readonly<Record<K, OptionRule>>,
  options: Readonly<Record<string, number>> | undefined,
): Readonly<Record<K, number>> {
  const valid = Object.keys(defaults) as K[];
  const resolved: Record<K, number> = { ...defaults };
  if (options === undefined) return Object.freeze(resolved);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`task "${task}": options must be an object of numbers, got ${describe(options)}; pass e.g. { ${valid.map((k) => `${k}: ${defaults[k]}`).join(', ')} } or nothing`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(defaults, key)) {
      const list = valid.length > 0 ? valid.join(', ') : `none (${task} takes no options)`;
      throw new RangeError(`task "${task}": unknown option "${key}"; valid options: ${list}`);
    }
    const k = key as K;
    const rule = rules[k];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
      throw new RangeError(
        `task "${task}": option ${key} (${rule.meaning}) must be an integer in [${rule.min}, ${rule.max}], got ${describe(value)}; ` +
          `set ${key} to a whole number between ${rule.min} and ${rule.max} (default ${defaults[k]})`,
      );
    }
    resolved[k] = value;
  }
  return Object.freeze(resolved);
}

/** Throws unless `gap` is an integer in [minGap, MAX_GAP]. */
export function checkGap(task: string, minGap: number, gap: number): void {
  if (typeof gap !== 'number' || !Number.isInteger(gap)) {
    throw new RangeError(`task "${task}": gap must be an integer number of steps, got ${describe(gap)}; use a whole number such as ${Math.max(minGap, 10)}`);
  }
  if (gap < minGap) {
    throw new RangeError(`task "${task}": gap ${gap} is below this task's minimum gap ${minGap}; use a gap of at least ${minGap}`);
  }
  if (gap > MAX_GAP) {
    throw new RangeError(`task "${task}": gap ${gap} is larger than the maximum ${MAX_GAP}; use a gap of at most ${MAX_GAP}`);
  }
}

/**
 * Throws unless `size` is a positive integer and the buffers hold at least
 * T·N·X inputs and A_s·N targets. Longer buffers are allowed (a caller may
 * reuse one allocation for several batch sizes); only the prefix is written.
 */
export function checkBatch(
  task: string,
  gap: number,
  size: number,
  inputs: Float64Array,
  targets: Float64Array,
  T: number,
  X: number,
  answers: number,
): void {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw new RangeError(`task "${task}": batch size must be a positive integer, got ${describe(size)}; pass the number of sequences to generate (e.g. 32)`);
  }
  if (!(inputs instanceof Float64Array)) {
    throw new TypeError(`task "${task}": inputs must be a Float64Array, got ${describe(inputs)}; allocate new Float64Array(${T * size * X})`);
  }
  if (!(targets instanceof Float64Array)) {
    throw new TypeError(`task "${task}": targets must be a Float64Array, got ${describe(targets)}; allocate new Float64Array(${answers * size})`);
  }
  const needIn = T * size * X;
  if (inputs.length < needIn) {
    throw new RangeError(
      `task "${task}": inputs holds ${inputs.length} numbers but gap ${gap}, batch ${size} needs T·N·X = ${T}·${size}·${X} = ${needIn}; allocate at least ${needIn}`,
    );
  }
  const needTg = answers * size;
  if (targets.length < needTg) {
    throw new RangeError(
      `task "${task}": targets holds ${targets.length} numbers but gap ${gap}, batch ${size} needs answer steps·N = ${answers}·${size} = ${needTg}; allocate at least ${needTg}`,
    );
  }
}

/**
 * Argmax over `output[off .. off + classes)`, ties to the lowest index;
 * -1 when any entry is NaN (a diverged readout is never correct).
 */
export function argmax(output: ArrayLike<number>, off: number, classes: number): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let c = 0; c < classes; c++) {
    const v = output[off + c];
    if (v === undefined) {
      throw new RangeError(`readout has ${output.length} numbers but the accuracy rule reads ${classes} from offset ${off}; pass the offset of one answer step's readout`);
    }
    if (Number.isNaN(v)) return -1;
    if (best < 0 || v > bestValue) {
      best = c;
      bestValue = v;
    }
  }
  return best;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return Array.isArray(value) ? 'an array' : typeof value;
}
