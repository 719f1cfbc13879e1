// A plugin copied outside any project, where its `import ... from
// 'gapbench'` cannot resolve, fails (exit 2) with the cause and the fix:
// the plugin must sit in a project where gapbench resolves. The generic
// "a plugin is an ES module whose default export is ..." hint, unrelated to
// this cause, is not given. Another missing package is named as such.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';
import { FIXTURES } from './helpers/plugin-project.js';

let cwd: string;
beforeAll(() => {
  // The OS temp folder: no node_modules/gapbench above it.
  cwd = tempDir('plugin-outside');
  writeFileSync(join(cwd, 'package.json'), '{ "type": "module" }\n');
  copyFileSync(join(FIXTURES, 'mgu.js'), join(cwd, 'mgu.js'));
  writeFileSync(join(cwd, 'needs-pkg.js'), "import 'gapbench-no-such-package/sub';\nexport default { variants: [] };\n");
});
afterAll(() => removeDir(cwd));

describe('a plugin outside any project', () => {
  it("an unresolved 'gapbench' import says where the plugin must sit", async () => {
    const r = await gapbench(['list', 'variants', '--plugin', 'mgu.js'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/plugin .*\/mgu\.js imports 'gapbench', which does not resolve from .*; a plugin must sit inside a project where gapbench resolves/);
    expect(r.stderr).toMatch(/npm install gapbench/);
    expect(r.stderr).toMatch(/keep the plugin in the gapbench checkout \(or a folder under it\)/);
    expect(r.stderr).not.toMatch(/default export is/);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('another missing package is named, with npm install of that package', async () => {
    const r = await gapbench(['list', 'variants', '--plugin', 'needs-pkg.js'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin .*\/needs-pkg\.js imports package 'gapbench-no-such-package', which does not resolve .*npm install gapbench-no-such-package\)/);
  });
});
