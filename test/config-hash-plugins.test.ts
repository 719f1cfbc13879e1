/**
 * Plugins enter the config hash by content (sha256), not path: the same
 * plugin at another path, or listed twice or in another order, hashes the
 * same; another content hashes differently; a config without plugins
 * hashes exactly as before plugins existed (no `plugins` key is hashed, so
 * committed baselines keep their hashes).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash, hashedFields } from '../harness/config/hash.js';
import { presets } from '../harness/config/presets.js';
import { validateConfig } from '../harness/config/resolve.js';
import type { ExperimentConfig } from '../harness/config/schema.js';

const base = validateConfig(presets.ci);
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const withPlugins = (...plugins: [string, string][]): ExperimentConfig => ({ ...base, plugins: plugins.map(([path, sha256]) => ({ path, sha256 })) });

describe('config hash with plugins', () => {
  it('a config without plugins hashes no plugins key', () => {
    expect(base.plugins).toBeUndefined();
    expect(canonicalJson(hashedFields(base))).not.toContain('plugins');
    expect(configHash(withPlugins())).toBe(configHash(base));
  });

  it('covers content, not path, order or repeats', () => {
    const h = configHash(withPlugins(['/home/a/mgu.js', A]));
    expect(h).not.toBe(configHash(base));
    expect(configHash(withPlugins(['/elsewhere/copy-of-mgu.js', A]))).toBe(h);
    expect(configHash(withPlugins(['/x/one.js', A], ['/x/two.js', B]))).toBe(configHash(withPlugins(['/y/two.js', B], ['/y/one.js', A])));
    expect(configHash(withPlugins(['/x/one.js', A], ['/z/one.js', A]))).toBe(h);
  });

  it('changes when the content changes', () => {
    expect(configHash(withPlugins(['/home/a/mgu.js', B]))).not.toBe(configHash(withPlugins(['/home/a/mgu.js', A])));
  });
});
