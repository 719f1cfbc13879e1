// The registry: the three DESIGN.md tasks under their names, lookups that
// build tasks with options, and unknown names rejected with the valid list.
import { describe, expect, it } from 'vitest';
import { getTask, getTaskDefinition, isTaskName, tasks, taskNames } from '../tasks/index.js';

describe('task registry', () => {
  it('holds copy, adding, delayed-recall in order, each under its own name', () => {
    expect(taskNames).toEqual(['copy', 'adding', 'delayed-recall']);
    for (const name of taskNames) {
      expect(tasks[name].name).toBe(name);
      expect(getTaskDefinition(name)).toBe(tasks[name]);
      const task = getTask(name);
      expect(task.name).toBe(name);
      expect(task.summary.length).toBeGreaterThan(0);
      expect(task.options).toEqual(tasks[name].defaults);
    }
  });

  it('getTask passes options through', () => {
    expect(getTask('copy', { copyLength: 3 }).options).toEqual({ alphabet: 8, copyLength: 3 });
    expect(getTask('delayed-recall', { alphabet: 5 }).inputWidth).toBe(6);
  });

  it('unknown names throw and list the valid tasks', () => {
    const message = 'unknown task "nope"; valid tasks: copy, adding, delayed-recall';
    expect(() => getTaskDefinition('nope')).toThrow(message);
    expect(() => getTask('nope')).toThrow(message);
    // Inherited object keys are not tasks.
    expect(() => getTask('toString')).toThrow(/unknown task "toString"/);
    expect(isTaskName('constructor')).toBe(false);
    expect(isTaskName('copy')).toBe(true);
  });

  it('resolved options are frozen', () => {
    const task = getTask('copy');
    expect(Object.isFrozen(task.options)).toBe(true);
  });
});
