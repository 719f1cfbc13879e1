/**
 * A temporary project folder that has gapbench "installed" the way a user
 * would: node_modules/gapbench (a link to this checkout, whose dist/ `npm
 * test` builds) and node_modules/.bin/gapbench, so plugin files there can
 * `import ... from 'gapbench'` and `npx gapbench` runs the local CLI.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './gapbench.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function pluginProject(prefix: string): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `${prefix}-project`, private: true, type: 'module' }, null, 2)}\n`);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules', 'gapbench'), 'dir');
  // What npm's bin link does, without depending on the compiled file's mode bits.
  const bin = join(dir, 'node_modules', '.bin', 'gapbench');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'dist', 'harness', 'cli', 'main.js')}" "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}
