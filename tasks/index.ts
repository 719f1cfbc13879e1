/**
 * The task registry: a plain typed map from name to definition. Adding a
 * task = one file plus one line here; no side-effect registration.
 */
import { adding } from './adding.js';
import { copy } from './copy.js';
import { delayedRecall } from './delayed-recall.js';
import type { Task, TaskDefinition } from './types.js';

export type { LossKind, Task, TaskDefinition } from './types.js';
export { MAX_GAP } from './validate.js';

export const tasks = {
  copy,
  adding,
  'delayed-recall': delayedRecall,
} as const satisfies Record<string, TaskDefinition>;

export type TaskName = keyof typeof tasks;

/** Registry names in DESIGN.md order. */
export const taskNames = Object.keys(tasks) as readonly TaskName[];

export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(tasks, name);
}

/** The definition called `name`; throws listing the valid names otherwise. */
export function getTaskDefinition(name: string): TaskDefinition {
  if (!isTaskName(name)) {
    throw new RangeError(`unknown task ${JSON.stringify(name)}; valid tasks: ${taskNames.join(', ')}`);
  }
  return tasks[name];
}

/** Builds the task `name` with `options` over its defaults (validated). */
export function getTask(name: string, options?: Readonly<Record<string, number>>): Task {
  return getTaskDefinition(name).create(options);
}
