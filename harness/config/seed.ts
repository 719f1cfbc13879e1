/**
 * The one rule for a base seed, wherever a user writes one: `run --seed`, a
 * config file's "seed", a `runExperiment` spec, `sample --seed` (a saved
 * complete config keeps any non-empty text: see `seedProblem`).
 *
 * DESIGN.md (Seeds and determinism) derives every generator from a readable
 * key `${seed}/${task}/…`: the seed is the text at the head of that key, so
 * any text is a seed and two texts are two seeds ("01" and "1", "1e3" and
 * "1000" differ). Refused are only texts that would make keys unreadable or
 * make different seeds look alike in results.csv and tables: the empty
 * string, leading or trailing whitespace, control characters.
 *
 * A config file may write the seed as a JSON number, as earlier configs did
 * (`"seed": 1`). JSON keeps the value, not how it was written, so a number
 * is accepted only when its text is unambiguous: a safe integer, whose
 * decimal text is the seed (`-1` is the seed "-1", as `--seed -1`). Other
 * numbers (1.5, 1e30) must be quoted, so the seed is exactly what was typed.
 */

/** What is valid, for messages and `--help`. */
export const SEED_VALID = 'any text without surrounding whitespace or control characters (e.g. 1, abc, -1; "01" is not "1"), or in a config file an integer';

/**
 * Why `value` is not a seed (a phrase for "got X, expected …(why)"), or null
 * when it is one. `saved`: the seed of a complete config (a run folder's
 * manifest, a preset, an in-code config), where any non-empty text stays a
 * seed, since run folders written before this rule may hold one with
 * surrounding whitespace and must still resume; the rule above is for what
 * a user types now (flags, config files, `runExperiment` specs).
 */
export function seedProblem(value: unknown, saved = false): string | null {
  if (saved && typeof value === 'string' && value !== '') return null;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) return null;
    return `a number seed must be a safe integer, since JSON keeps its value, not its text; quote it to use it as text, e.g. "seed": ${JSON.stringify(String(value))}`;
  }
  if (typeof value !== 'string') return 'a seed is a text (or, in a config file, an integer)';
  if (value === '') return 'the seed is empty';
  if (value.trim() !== value) return 'leading or trailing whitespace would make seeds that look alike differ; remove it';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'control characters (tabs, newlines, …) are not allowed in a seed';
  return null;
}

/** The seed's text, the head of every seed key; `value` must have passed `seedProblem`. */
export function seedText(value: string | number): string {
  return String(value);
}
