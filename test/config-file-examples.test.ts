// A config-file error shows the fix as a config file writes it (JSON), a
// flag error as it is typed after the flag: `{"gaps": "10,20,50"}` in a file
// must not be told `e.g. "gaps": "10,20,50"`, the very value it rejects.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../harness/config/resolve.js';
import { configErrorMessage } from './helpers/config-error.js';
import { removeDir, tempDir } from './helpers/gapbench.js';

const dir = tempDir('config-examples');
afterAll(() => removeDir(dir));

function fileWith(field: string, value: unknown): string {
  const path = join(dir, `${field}.json`);
  writeFileSync(path, JSON.stringify({ preset: 'ci', [field]: value }));
  return path;
}

// The flag form of a list written as a string in a file, and the JSON the message must suggest.
const lists: [field: string, flagForm: string, json: string, flag: string][] = [
  ['gaps', '10,20,50', '[10, 20, 50]', '--gaps 10,20,50'],
  ['tasks', 'copy,adding', '["copy", "adding"]', '--tasks copy,adding'],
  ['variants', 'rnn,lstm', '["rnn", "lstm"]', '--variants rnn,lstm'],
];

describe('examples in config errors follow the source', () => {
  for (const [field, flagForm, json, flag] of lists) {
    it(`a file's "${field}": "${flagForm}" is shown the JSON list`, () => {
      const message = configErrorMessage(() => resolveConfig({ file: fileWith(field, flagForm) }));
      expect(message).toContain(`"${field}": got "${flagForm}"`);
      expect(message).toMatch(new RegExp(`; e\\.g\\. "${field}": ${json.replace(/[[\]]/g, '\\$&')}$`));
      expect(message).not.toContain('--');
    });

    it(`a bad --${field} item is shown the flag form`, () => {
      // An empty item is invalid for every list field (an empty name / not a number).
      const message = configErrorMessage(() => resolveConfig({ flags: { preset: 'ci', [field]: `${flagForm},` } }));
      expect(message).toMatch(new RegExp(`; e\\.g\\. ${flag}$`));
    });
  }

  it('a string where a file needs a number is shown a JSON number, a text field a JSON string', () => {
    expect(configErrorMessage(() => resolveConfig({ file: fileWith('steps', 'many') }))).toMatch(/; e\.g\. "steps": 2000$/);
    expect(configErrorMessage(() => resolveConfig({ file: fileWith('backend', 3) }))).toMatch(/; e\.g\. "backend": "reference"$/);
  });
});
