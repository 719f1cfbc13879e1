/**
 * `defineVariant` and `defineTask`: typed identity helpers that check an
 * object against the Variant or TaskDefinition contract when it is defined,
 * so a typo or a malformed tensor list fails at the definition with a
 * message naming the field, rather than mid-run inside a worker.
 *
 * The checks probe the object with small sizes (H = 4, X = 3 for a
 * variant's tensor list; the defaults and the minimum gap for a task);
 * they never train or run a step. Gradients are checked by `gradcheck`.
 */
import { ConfigError, describeValue, didYouMean } from '../config/errors.js';
import type { InitSpec, ParamSpec, Variant } from '../engine/types.js';
import type { Task, TaskDefinition } from '../../tasks/types.js';

/** Registry names: lowercase letters, digits and '-', starting with a letter (as on the command line). */
export const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

const VARIANT_KEYS = ['name', 'summary', 'equations', 'hasCell', 'params', 'cacheSize', 'scratchSize', 'forward', 'backward', 'gate'] as const;
const TASK_KEYS = ['name', 'summary', 'defaults', 'create'] as const;
const INIT_KINDS = ['uniform', 'zeros', 'gate-blocks', 'chrono', 'identity-top'] as const;

/** Probe sizes of the definition-time checks. */
const PROBE = { B: 2, H: 4, X: 3 } as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fail(what: string, message: string): never {
  throw new ConfigError(`${what}: ${message}`);
}

function checkKeys(what: string, obj: Record<string, unknown>, valid: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!valid.includes(key)) fail(what, `unknown key "${key}"${didYouMean(key, valid)}; valid keys: ${valid.join(', ')}`);
  }
}

function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    fail(what, `name must be lowercase letters, digits and '-', starting with a letter (e.g. "mgu"), got ${describeValue(name)}`);
  }
  return name;
}

function checkText(what: string, field: string, value: unknown, example: string): void {
  if (typeof value !== 'string' || value.trim() === '') fail(what, `${field} must be a non-empty string (e.g. ${example}), got ${describeValue(value)}`);
}

function checkFunction(what: string, field: string, value: unknown, signature: string): void {
  if (typeof value !== 'function') fail(what, `${field} must be a function ${signature}, got ${describeValue(value)}`);
}

function checkCount(what: string, call: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(what, `${call} must return a non-negative integer (numbers of the heap), got ${describeValue(value)}`);
  }
}

/** Calls `f`, turning what it throws into a message naming the call. */
function probe<T>(what: string, call: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    return fail(what, `${call} threw: ${(err as Error).message}`);
  }
}

function checkInit(what: string, spec: string, init: unknown): void {
  if (!isObject(init) || !(INIT_KINDS as readonly unknown[]).includes(init['kind'])) {
    fail(what, `${spec}.init must be one of ${INIT_KINDS.map((k) => `{ kind: '${k}' }`).join(', ')}, got ${describeValue(init)}`);
  }
  const i = init as InitSpec;
  if (i.kind === 'gate-blocks' && (!Array.isArray(i.values) || i.values.length === 0 || !i.values.every((v) => Number.isFinite(v)))) {
    fail(what, `${spec}.init gate-blocks needs values: a non-empty list of finite numbers (one per gate block), got ${describeValue(i.values)}`);
  }
  if (i.kind === 'chrono') {
    const ok = Number.isInteger(i.blocks) && i.blocks >= 1 && Number.isInteger(i.forget) && i.forget >= 0 && i.forget < i.blocks && (i.input === null || (Number.isInteger(i.input) && i.input >= 0 && i.input < i.blocks));
    if (!ok) fail(what, `${spec}.init chrono needs integers blocks ≥ 1, forget and input (or null) in 0..blocks−1, got ${describeValue(i)}`);
  }
}

/** The readout owns these tensor names (harness/engine/params.ts). */
const RESERVED_PREFIX = 'out.';

function checkParams(what: string, specs: unknown): void {
  const call = `params(${PROBE.H}, ${PROBE.X})`;
  if (!Array.isArray(specs) || specs.length === 0) fail(what, `${call} must return a non-empty list of { name, rows, cols, init }, got ${describeValue(specs)}`);
  const seen = new Set<string>();
  specs.forEach((s: unknown, n) => {
    const at = `${call}[${n}]`;
    if (!isObject(s)) fail(what, `${at} must be an object { name, rows, cols, init }, got ${describeValue(s)}`);
    const spec = s as Partial<ParamSpec>;
    if (typeof spec.name === 'string' && spec.name.startsWith(RESERVED_PREFIX)) fail(what, `${at}.name "${spec.name}" is reserved for the readout; rename the tensor`);
    if (typeof spec.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name)) {
      fail(what, `${at}.name must be an identifier such as "W_f" or "b", got ${describeValue(spec.name)}`);
    }
    if (seen.has(spec.name)) fail(what, `${call} declares "${spec.name}" twice; tensor names must be unique`);
    seen.add(spec.name);
    for (const dim of ['rows', 'cols'] as const) {
      const v = spec[dim];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(what, `${at} ("${spec.name}").${dim} must be a positive integer, got ${describeValue(v)}`);
    }
    checkInit(what, `${at} ("${spec.name}")`, spec.init);
  });
}

/**
 * Throws a ConfigError unless `v` satisfies the Variant contract: every
 * field present and typed, no unknown key, and a well-formed tensor list,
 * cache and scratch size at a probe size. `origin` prefixes the message.
 */
export function checkVariant(v: unknown, origin = 'defineVariant'): asserts v is Variant {
  if (!isObject(v)) fail(origin, `a variant must be an object with ${VARIANT_KEYS.join(', ')}, got ${describeValue(v)}`);
  const name = checkName(`${origin}: variant`, v['name']);
  const what = `${origin}: variant "${name}"`;
  checkKeys(what, v, VARIANT_KEYS);
  checkText(what, 'summary', v['summary'], '"minimal gated unit (Zhou et al. 2016)"');
  const eqs = v['equations'];
  if (!Array.isArray(eqs) || eqs.length === 0 || !eqs.every((e) => typeof e === 'string' && e.trim() !== '')) {
    fail(what, `equations must be a non-empty list of strings, one equation per line (e.g. ["h = tanh(W·[h₋, x] + b)"]), got ${describeValue(eqs)}`);
  }
  if (typeof v['hasCell'] !== 'boolean') fail(what, `hasCell must be true (the cell keeps a cell state c besides h) or false, got ${describeValue(v['hasCell'])}`);
  checkFunction(what, 'params', v['params'], '(H, X) => ParamSpec[]');
  checkFunction(what, 'cacheSize', v['cacheSize'], '(B, H) => number');
  checkFunction(what, 'scratchSize', v['scratchSize'], '(B, H, X) => number');
  checkFunction(what, 'forward', v['forward'], '(k: Kernels, s: StepView) => void');
  checkFunction(what, 'backward', v['backward'], '(k: Kernels, s: StepView) => void');
  const variant = v as unknown as Variant;
  const { B, H, X } = PROBE;
  checkParams(what, probe(what, `params(${H}, ${X})`, () => variant.params(H, X)));
  checkCount(what, `cacheSize(${B}, ${H})`, probe(what, `cacheSize(${B}, ${H})`, () => variant.cacheSize(B, H)));
  checkCount(what, `scratchSize(${B}, ${H}, ${X})`, probe(what, `scratchSize(${B}, ${H}, ${X})`, () => variant.scratchSize(B, H, X)));
  const gate = v['gate'];
  if (gate !== undefined) {
    if (!isObject(gate) || typeof gate['name'] !== 'string' || typeof gate['rowStride'] !== 'function' || typeof gate['col'] !== 'function') {
      fail(what, `gate, when given, must be { name: string, rowStride(H): number, col(H): number } (where the keep gate sits in the step cache), got ${describeValue(gate)}`);
    }
  }
}

function checkTask(what: string, def: TaskDefinition, task: unknown): void {
  if (!isObject(task)) fail(what, `create() must return a Task object, got ${describeValue(task)}`);
  const t = task as unknown as Task;
  if (t.name !== def.name) fail(what, `create() returned a task named ${describeValue(t.name)}; it must carry the definition's name "${def.name}"`);
  for (const field of ['inputWidth', 'outputWidth', 'minGap'] as const) {
    const v = t[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(what, `task.${field} must be a positive integer, got ${describeValue(v)}`);
  }
  if (t.loss !== 'ce' && t.loss !== 'mse') fail(what, `task.loss must be 'ce' (softmax cross-entropy over outputWidth classes) or 'mse', got ${describeValue(t.loss)}`);
  if (t.loss === 'mse' && t.outputWidth !== 1) fail(what, `task.loss 'mse' reads a scalar readout, so outputWidth must be 1, got ${t.outputWidth}`);
  if (!isObject(t.options)) fail(what, `task.options must be the resolved options object, got ${describeValue(t.options)}`);
  checkFunction(what, 'task.length', t.length, '(gap) => number');
  checkFunction(what, 'task.answerSteps', t.answerSteps, '(gap) => number[]');
  checkFunction(what, 'task.chance', t.chance, '(gap) => number');
  checkFunction(what, 'task.correct', t.correct, '(output, off, target) => boolean');
  checkFunction(what, 'task.batch', t.batch, '(rng, gap, size, inputs, targets) => void');
  const g = t.minGap;
  const T = probe(what, `task.length(${g})`, () => t.length(g));
  if (typeof T !== 'number' || !Number.isInteger(T) || T < 1) fail(what, `task.length(${g}) must be a positive integer, got ${describeValue(T)}`);
  const steps = probe(what, `task.answerSteps(${g})`, () => t.answerSteps(g));
  const ascending = Array.isArray(steps) && steps.length > 0 && steps.every((s, i) => Number.isInteger(s) && s >= 0 && s < T && (i === 0 || s > steps[i - 1]!));
  if (!ascending) fail(what, `task.answerSteps(${g}) must be a non-empty ascending list of steps in 0..${T - 1}, got ${describeValue(steps)}`);
  const chance = probe(what, `task.chance(${g})`, () => t.chance(g));
  if (typeof chance !== 'number' || !(chance >= 0 && chance <= 1)) fail(what, `task.chance(${g}) must be an accuracy in [0, 1], got ${describeValue(chance)}`);
}

/**
 * Throws a ConfigError unless `def` satisfies the TaskDefinition contract:
 * fields present and typed, no unknown key, and `create()` with the
 * defaults builds a consistent Task (widths, loss, answer steps at the
 * minimum gap). `origin` prefixes the message.
 */
export function checkTaskDefinition(def: unknown, origin = 'defineTask'): asserts def is TaskDefinition {
  if (!isObject(def)) fail(origin, `a task must be an object with ${TASK_KEYS.join(', ')}, got ${describeValue(def)}`);
  const name = checkName(`${origin}: task`, def['name']);
  const what = `${origin}: task "${name}"`;
  checkKeys(what, def, TASK_KEYS);
  checkText(what, 'summary', def['summary'], '"one bit, g blanks, a cue: output the bit"');
  const defaults = def['defaults'];
  if (!isObject(defaults) || !Object.values(defaults).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    fail(what, `defaults must be an object of numeric option defaults (e.g. { alphabet: 8 }, or {} for none), got ${describeValue(defaults)}`);
  }
  checkFunction(what, 'create', def['create'], '(options?) => Task');
  const d = def as unknown as TaskDefinition;
  checkTask(what, d, probe(what, 'create()', () => d.create()));
}

/**
 * Defines a recurrent cell for gapbench: returns `variant` unchanged, with
 * its type checked by TypeScript and its shape checked now (ConfigError
 * naming the field otherwise).
 *
 * The contract (harness/engine/types.ts): `params(H, X)` lists the cell's
 * tensors (views into one flat buffer; the readout is added by gapbench);
 * `forward(k, s)` computes one time step from `s.x`, `s.hPrev` (and
 * `s.cPrev`) into `s.h` (and `s.c`), keeping what backward needs in its
 * private `s.cache`; `backward(k, s)` adds into `s.dhPrev`, `s.dcPrev`,
 * `s.dx` (skip when `s.dx < 0`) and the gradients `s.g[name]`, which the
 * driver zeroed. Every buffer is an offset into `k.heap`.
 *
 * To run on both backends, a cell uses only the `Kernels` calls (gemm,
 * affine, gemmTN, gemmNT, addRows, sumRows, ...) plus plain loops over `k.heap`
 * for its pointwise math: the heap is a Float64Array on the reference
 * backend and a Float32Array on the fast one, and indexing works the same
 * on both. Read `k.heap` inside each call (do not keep it between calls:
 * the driver may replace it), and allocate nothing in forward/backward.
 */
export function defineVariant<V extends Variant>(variant: V): V {
  checkVariant(variant);
  return variant;
}

/**
 * Defines a task family for gapbench: returns `task` unchanged, with its
 * type checked by TypeScript and its shape checked now by building it with
 * its defaults (ConfigError naming the field otherwise).
 *
 * The contract (tasks/types.ts): `create(options)` validates options over
 * `defaults` and returns a Task whose `batch(rng, gap, size, inputs,
 * targets)` writes time-major one-hot (or real) inputs and answer-step-major
 * targets into caller-owned Float64Arrays, drawing only from `rng`.
 */
export function defineTask<D extends TaskDefinition>(task: D): D {
  checkTaskDefinition(task);
  return task;
}
