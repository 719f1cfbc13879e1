/**
 * A plugin may not reuse a registered name: a cell called "gru"
 * (test/fixtures/clash-plugin.js) fails `list` and `run` with exit 2 and a
 * message naming the plugin file, before any run folder is written; so does
 * a second plugin registering a name the first one took.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir } from './helpers/gapbench.js';
import { FIXTURES, pluginProject } from './helpers/plugin-project.js';

const CLASH = join(FIXTURES, 'clash-plugin.js');
let cwd: string;
beforeAll(() => {
  cwd = pluginProject('clash');
  const mgu = pathToFileURL(join(FIXTURES, 'mgu.js')).href;
  writeFileSync(join(cwd, 'mgu-again.js'), `import { mgu } from '${mgu}';\nexport default { variants: [{ ...mgu, summary: 'the same name, another file' }] };\n`);
});
afterAll(() => removeDir(cwd));

describe('plugin name clashes', () => {
  it('list --plugin exits 2 naming the plugin path and the built-in', async () => {
    const r = await gapbench(['list', '--plugin', CLASH], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gapbench: plugin ${CLASH}: variant "gru" clashes with a built-in variant; rename it in the plugin (e.g. "gru-2")\n`);
    expect(r.stdout).toBe('');
  });

  it('run --plugin exits 2 and writes no run folder', async () => {
    const r = await gapbench(['run', '--preset', 'ci', '--plugin', CLASH, '--out', 'never'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(CLASH);
    expect(existsSync(join(cwd, 'never'))).toBe(false);
    expect(existsSync(join(cwd, 'results'))).toBe(false);
  });

  it('a name taken by an earlier plugin names both files', async () => {
    const mgu = join(FIXTURES, 'mgu.js');
    const again = join(cwd, 'mgu-again.js');
    const r = await gapbench(['list', 'variants', '--plugin', mgu, '--plugin', again], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`plugin ${again}: variant "mgu" clashes with a variant of plugin ${mgu}`);
  });
});
