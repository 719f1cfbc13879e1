// `npx gapbench` runs package.json's bin, dist/harness/cli/main.js, as a
// program: the build must leave it executable. tsc writes new files 0644,
// and npm only sometimes fixes the mode of a package's own bin (when it
// re-links the project), so a clean clone's `npx gapbench check` could fail
// with "Permission denied".
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/plugin-project.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };

describe.skipIf(process.platform === 'win32')('the gapbench bin', () => {
  it('is executable after the build and runs as a program', () => {
    const bin = join(REPO, pkg.bin.gapbench!);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
