/**
 * The task registry: a plain typed map of the built-in tasks, plus the tasks
 * plugins register at startup (`registerTask`). Adding a built-in task = one
 * file plus one line here. An unknown name throws and lists the valid ones;
 * a plugin may not reuse a name.
 */
import { adding } from './adding.js';
import { copy } from './copy.js';
import { delayedRecall } from './delayed-recall.js';
import type { Task, TaskDefinition } from './types.js';

export type { LossKind, Task, TaskDefinition } from './types.js';
export { MAX_GAP } from './validate.js';

/** gapbench's own task families (DESIGN.md). */
export const tasks = {
  copy,
  adding,
  'delayed-recall': delayedRecall,
} as const satisfies Record<string, TaskDefinition>;

export type TaskName = keyof typeof tasks;

/** Built-in task names in DESIGN.md order. */
export const taskNames = Object.keys(tasks) as readonly TaskName[];

const registry = new Map<string, TaskDefinition>(Object.entries(tasks));
const names: string[] = [...taskNames];

/** Every registered task name, built-ins first (a live view: plugins append). */
export const allTaskNames: readonly string[] = names;

/** Whether `name` is a built-in task (plugins cannot add to this set). */
export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(tasks, name);
}

/** Whether `name` is a built-in task; the counterpart of `isBuiltinVariant`. */
export function isBuiltinTask(name: string): boolean {
  return isTaskName(name);
}

/** The definition called `name` (built-in or plugin); throws listing the valid names otherwise. */
export function getTaskDefinition(name: string): TaskDefinition {
  const def = registry.get(name);
  if (def === undefined) {
    throw new RangeError(`unknown task ${JSON.stringify(name)}; valid tasks: ${names.join(', ')}`);
  }
  return def;
}

/** Builds the task `name` with `options` over its defaults (validated). */
export function getTask(name: string, options?: Readonly<Record<string, number>>): Task {
  return getTaskDefinition(name).create(options);
}

/** Adds a plugin task. `origin` (e.g. the plugin's path) is named in a clash error. */
export function registerTask(def: TaskDefinition, origin: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(def.name)) {
    throw new Error(`task name ${JSON.stringify(def.name)} from ${origin} is invalid; use lowercase letters, digits and '-', starting with a letter`);
  }
  if (registry.has(def.name)) {
    const what = isBuiltinTask(def.name) ? 'a built-in task' : 'a task registered earlier';
    throw new Error(`task "${def.name}" from ${origin} clashes with ${what}; rename it`);
  }
  registry.set(def.name, def);
  names.push(def.name);
}
