/**
 * Every `fieldInfo` example, which error messages and `--help` print as
 * "e.g. ...", is a value gapbench accepts for its field: `example` as typed
 * after its flag (for a config-file-only field, JSON), `json` as a config
 * file writes it; both mean the same value; and an experiment field's
 * example then validates against the registries on top of the quick preset
 * (so a task option must be one the task has, e.g. copy's `copyLength`,
 * not `length`).
 */
import { describe, expect, it } from 'vitest';
import { presets } from '../harness/config/presets.js';
import { parseFlags, validateConfig } from '../harness/config/resolve.js';
import { ConfigFileSchema, experimentFields, fieldInfo, type ConfigKey, type FieldInfo } from '../harness/config/schema.js';

const entries = Object.entries(fieldInfo) as [ConfigKey, FieldInfo][];

/** The flag example as the value of its field; `run` passes --plugin paths as a list. */
function exampleValue(field: ConfigKey, info: FieldInfo): unknown {
  if (info.flag === null) return JSON.parse(info.example) as unknown;
  const raw = field === 'plugins' ? [info.example] : info.example;
  return (parseFlags({ [field]: raw }) as Record<string, unknown>)[field];
}

describe('fieldInfo examples', () => {
  it.each(entries)('%s: the example is accepted by the schema', (field, info) => {
    const value = exampleValue(field, info);
    const res = ConfigFileSchema.safeParse({ [field]: value });
    expect(res.success, `${field} example ${info.example}: ${res.error?.message ?? ''}`).toBe(true);
  });

  it.each(entries)('%s: the JSON example is accepted in a file and is the same value as the flag example', (field, info) => {
    const value = JSON.parse(info.json) as unknown;
    const res = ConfigFileSchema.safeParse({ [field]: value });
    expect(res.success, `${field} json ${info.json}: ${res.error?.message ?? ''}`).toBe(true);
    expect(value).toEqual(exampleValue(field, info));
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
