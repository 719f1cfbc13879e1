/**
 * Every `fieldInfo` example, which error messages and `--help` print as
 * "e.g. ...", is a value gapbench accepts for its field: a config-file-only
 * field's example (and any JSON-shaped one) parses as that field of a
 * config file, a flag's example parses as that flag; and an experiment
 * field's example then validates against the registries on top of the
 * quick preset (so a task option must be one the task has, e.g. copy's
 * `copyLength`, not `length`).
 */
import { describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { parseFlags, validateConfig } from '../harness/config/resolve.js';
import { ConfigFileSchema, experimentFields, fieldInfo, type ConfigKey } from '../harness/config/schema.js';

const entries = Object.entries(fieldInfo) as [ConfigKey, { flag: string | null; example: string }][];

/** The example as the value of its field: JSON when written for a config file, else as typed after its flag. */
function exampleValue(field: ConfigKey, info: { flag: string | null; example: string }): unknown {
  if (info.flag === null || /^[[{]/.test(info.example)) return JSON.parse(info.example) as unknown;
  return (parseFlags({ [field]: info.example }) as Record<string, unknown>)[field];
}

describe('fieldInfo examples', () => {
  it.each(entries)('%s: the example is accepted by the schema', (field, info) => {
    const value = exampleValue(field, info);
    const res = ConfigFileSchema.safeParse({ [field]: value });
    expect(res.success, `${field} example ${info.example}: ${res.error?.message ?? ''}`).toBe(true);
  });

  // plugins name a module file that must exist and load, so its example is checked by the schema only.
  const experiment = entries.filter(([f]) => (experimentFields as readonly string[]).includes(f) && f !== 'plugins');
  it.each(experiment)('%s: the example validates as part of a config', (field, info) => {
    expect(() => validateConfig({ ...presets.quick, [field]: exampleValue(field, info) })).not.toThrow();
  });

  it('the taskOptions example names an option copy has', () => {
    const value = JSON.parse(fieldInfo.taskOptions.example) as Record<string, Record<string, number>>;
    expect(Object.keys(value['copy'] ?? {})).toEqual(['copyLength']);
  });
});
