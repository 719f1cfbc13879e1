// Every experiment field of the config schema is in the config hash: for
// each field listed by the schema (experimentFields, i.e. the keys of
// experimentShape) a valid change of that field alone changes the hash, and
// every change gives a different hash. The list of fields is read from the
// schema, so a new experiment field without an entry below fails here until
// someone decides how it changes results (and hash.ts hashes it).
// Plugins are covered by content in test/config-hash-plugins.test.ts; here
// one plugin ref is enough to show the field is hashed at all.
import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash, hashedFields } from '../harness/config/hash.js';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import { BACKENDS, experimentFields, type ExperimentConfig, type ExperimentField } from '../harness/config/schema.js';

const base = validateConfig(presets.ci);
const baseHash = configHash(base);

/**
 * One changed config per experiment field: the ci preset with only that
 * field set to another valid value (validated, so the change is real).
 * Values differ from the ci preset's on purpose; each is checked below to
 * actually differ.
 */
const otherBackend = BACKENDS.find((b) => b !== base.backend);
const changes: Record<ExperimentField, () => ExperimentConfig> = {
  tasks: () => validateConfig({ ...presets.ci, tasks: ['copy', 'adding'] }),
  taskOptions: () => validateConfig({ ...presets.ci, taskOptions: { copy: { copyLength: 5 } } }),
  variants: () => validateConfig({ ...presets.ci, variants: ['rnn', 'lstm'] }),
  gaps: () => validateConfig({ ...presets.ci, gaps: [4, 13] }),
  replicates: () => validateConfig({ ...presets.ci, replicates: 3 }),
  seed: () => validateConfig({ ...presets.ci, seed: '2' }),
  hidden: () => validateConfig({ ...presets.ci, hidden: 17 }),
  batch: () => validateConfig({ ...presets.ci, batch: 17 }),
  lr: () => validateConfig({ ...presets.ci, lr: 0.02 }),
  steps: () => validateConfig({ ...presets.ci, steps: 151 }),
  evalEvery: () => validateConfig({ ...presets.ci, evalEvery: 51 }),
  evalSize: () => validateConfig({ ...presets.ci, evalSize: 65 }),
  testSize: () => validateConfig({ ...presets.ci, testSize: 129 }),
  clip: () => validateConfig({ ...presets.ci, clip: 2 }),
  beta1: () => validateConfig({ ...presets.ci, beta1: 0.8 }),
  beta2: () => validateConfig({ ...presets.ci, beta2: 0.99 }),
  eps: () => validateConfig({ ...presets.ci, eps: 1e-7 }),
  solvedThreshold: () => validateConfig({ ...presets.ci, solvedThreshold: 0.9 }),
  backend: () => validateConfig({ ...presets.ci, backend: otherBackend }),
  gradflow: () => validateConfig({ ...presets.ci, gradflow: !base.gradflow }),
  // A ref is what a resolved config holds after its plugins were loaded.
  plugins: () => ({ ...base, plugins: [{ path: '/plugins/mgu.js', sha256: 'a'.repeat(64) }] }),
};

describe('config hash covers every experiment field of the schema', () => {
  it('has a change for every schema field and no stale entries', () => {
    expect(Object.keys(changes).sort()).toEqual([...experimentFields].sort());
  });

  it('has more than one backend to switch between', () => {
    expect(BACKENDS.length).toBeGreaterThan(1);
    expect(otherBackend).toBeDefined();
  });

  it.each([...experimentFields])('%s: changing it changes the hash', (field) => {
    const make = changes[field];
    expect(make, `no hash test for the new config field "${field}"; add one to the changes table`).toBeDefined();
    const changed = make();
    // The change is real: the field differs from the ci preset's, and nothing else does.
    expect(canonicalJson(changed[field])).not.toBe(canonicalJson(base[field]));
    for (const other of experimentFields) {
      if (other !== field && !(field === 'tasks' && other === 'taskOptions')) {
        expect(canonicalJson(changed[other]), `${field} change touched ${other}`).toBe(canonicalJson(base[other]));
      }
    }
    expect(configHash(changed)).not.toBe(baseHash);
  });

  it('gives a distinct hash for every field changed', () => {
    const hashes = experimentFields.map((f) => configHash(changes[f]()));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('hashes each field under its own name with its own value', () => {
    // Catches a field hashed from the wrong source (e.g. eps taking beta2's
    // value): change one field and exactly that key of the hashed fields moves.
    for (const field of experimentFields) {
      const before = hashedFields(base) as Record<string, unknown>;
      const after = hashedFields(changes[field]()) as Record<string, unknown>;
      const moved = Object.keys({ ...before, ...after }).filter((k) => canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null));
      const expected = field === 'tasks' ? ['taskOptions', 'tasks'] : [field];
      expect(moved.sort(), `changing ${field}`).toEqual(expected);
    }
  });
});
