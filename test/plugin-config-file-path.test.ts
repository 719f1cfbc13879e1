// A "plugins" path in a config file that cannot be read is reported
// against the config file's "plugins" entries (where the fix is), not as
// "the path given to --plugin", which the user never gave. A --plugin path
// keeps the --plugin hint; a runExperiment spec's relative paths are
// relative to the working directory, and the message says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../harness/api/experiment.js';
import { loadSourcePlugins } from '../harness/cli/plugins.js';
import { removeDir, tempDir } from './helpers/gapbench.js';
import { configErrorMessageAsync } from './helpers/config-error.js';

const dir = tempDir('plugin-path');
afterAll(() => removeDir(dir));

describe('an unreadable plugin path', () => {
  it('from a config file names its "plugins" entries and that file', async () => {
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ preset: 'ci', plugins: ['./nope.js'] }));
    const message = await configErrorMessageAsync(loadSourcePlugins({ file }));
    expect(message).toContain(`plugin ${join(dir, 'nope.js')}: cannot read the file (ENOENT)`);
    expect(message).toContain(`check the "plugins" entries of config file ${file}`);
    expect(message).toContain('relative to its folder');
    expect(message).not.toContain('--plugin');
  });

  it('from a runExperiment spec names config.plugins and the working directory, not a folder', async () => {
    const message = await configErrorMessageAsync(runExperiment({ preset: 'ci', plugins: ['./no-such-plugin.js'] }));
    expect(message).toContain('check the "plugins" entries of config.plugins (relative paths there are relative to the working directory)');
  });

  it('from --plugin keeps the --plugin hint', async () => {
    const message = await configErrorMessageAsync(loadSourcePlugins({ flags: { plugins: [join(dir, 'gone.js')] } }));
    expect(message).toMatch(/gone\.js: cannot read the file \(ENOENT\); check the path given to --plugin$/);
  });
});
