/**
 * Plugin files that break the contract fail at load, with exit 2 and one
 * message naming the file and the fix: a missing file, a module that does
 * not parse, a default export that is not { variants, tasks }, an unknown
 * key, an empty plugin, and a cell whose shape defineVariant rejects. A
 * plugin cell named without --plugin is an unknown variant, with a hint.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

let cwd: string;
const files: Record<string, string> = {
  'no-default.js': 'export const variants = [];\n',
  'not-an-object.js': 'export default [1, 2];\n',
  'typo-key.js': 'export default { variant: [] };\n',
  'empty.js': 'export default { variants: [], tasks: [] };\n',
  'syntax.js': 'export default { variants: [ };\n',
  'bad-cell.js':
    'export default { variants: [{ name: "cell", summary: "s", equations: ["h = x"], hasCel: false, params: () => [], cacheSize: () => 0, scratchSize: () => 0, forward() {}, backward() {} }] };\n',
  'reserved-tensor.js':
    'export default { variants: [{ name: "cell", summary: "s", equations: ["h = x"], hasCell: false, params: (H) => [{ name: "out.W", rows: H, cols: H, init: { kind: "uniform" } }], cacheSize: () => 0, scratchSize: () => 0, forward() {}, backward() {} }] };\n',
};

beforeAll(() => {
  cwd = tempDir('plugin-bad');
  writeFileSync(join(cwd, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
});
afterAll(() => removeDir(cwd));

const cases: [string, RegExp][] = [
  ['missing.js', /plugin .*\/missing\.js: cannot read the file \(ENOENT\); check the path given to --plugin/],
  ['no-default.js', /plugin .*\/no-default\.js: the default export must be an object \{ variants\?, tasks\? \}, got nothing; write export default \{ variants: \[defineVariant/],
  ['not-an-object.js', /plugin .*\/not-an-object\.js: the default export must be an object/],
  ['typo-key.js', /plugin .*\/typo-key\.js: unknown key "variant" in the default export \(did you mean "variants"\?\); valid keys: variants, tasks/],
  ['empty.js', /plugin .*\/empty\.js: registers nothing/],
  ['syntax.js', /plugin .*\/syntax\.js failed to load: .*Unexpected token/],
  ['bad-cell.js', /plugin .*\/bad-cell\.js: variant "cell": unknown key "hasCel" \(did you mean "hasCell"\?\)/],
  ['reserved-tensor.js', /plugin .*\/reserved-tensor\.js: variant "cell": params\(4, 3\)\[0\]\.name "out\.W" is reserved for the readout/],
];

describe('a plugin cell named without its plugin', () => {
  it('exit 2: unknown variant, with the hint to load it with --plugin', async () => {
    const r = await gapbench(['run', '--preset', 'ci', '--variants', 'mgu', '--out', 'never'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--variants: unknown variant "mgu"; valid variants: rnn, .* \(a variant of your own loads with --plugin FILE\)\n$/);
  });
});

describe('plugins that break the contract', () => {
  for (const [file, message] of cases) {
    it(`${file}: exit 2 with a message naming the file`, async () => {
      const r = await gapbench(['list', 'variants', '--plugin', file], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});
