/**
 * JUnit XML of a `gapbench check` (for CI test reports): one testcase per
 * cell of baseline ∪ run, failing with a message that names the differing
 * metrics; in tolerance mode a second suite with one testcase per mean over
 * replicates. A check that could not compare (config error) is one
 * testcase with an <error>.
 */
import type { Comparison, Difference, Value } from './compare.js';

/** Escapes text for XML attribute values and character data. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

function show(v: Value): string {
  return v === null ? '(empty)' : String(v);
}

function failureMessage(diffs: readonly Difference[]): string {
  return diffs.map((d) => `${d.metric}: baseline ${show(d.baseline)}, now ${show(d.now)}`).join('; ');
}

function testcase(classname: string, name: string, diffs: readonly Difference[]): string {
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}"`;
  if (diffs.length === 0) return `${open}/>`;
  const message = failureMessage(diffs);
  const body = diffs.map((d) => `${d.metric}\tbaseline ${show(d.baseline)}\tnow ${show(d.now)}`).join('\n');
  return `${open}>\n      <failure type="regression" message="${xmlEscape(message)}">${xmlEscape(body)}</failure>\n    </testcase>`;
}

function suite(name: string, cases: readonly string[], failures: number): string {
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
}

/** The JUnit document of a comparison against `baselinePath`. */
export function junitXml(c: Comparison, baselinePath: string): string {
  const cellCases = c.cells.map((v) => testcase(`gapbench.check.${v.task}.${v.variant}`, v.key, v.differences));
  const cellFailures = c.cells.filter((v) => v.differences.length > 0).length;
  const suites = [suite(`gapbench check: cells vs ${baselinePath}`, cellCases, cellFailures)];
  let tests = cellCases.length;
  let failures = cellFailures;
  if (c.groups.length > 0) {
    const groupCases = c.groups.map((g) =>
      testcase('gapbench.check.mean', `${g.key} (mean of ${g.replicates})`, g.differs ? [{ key: g.key, metric: 'mean test_accuracy', baseline: g.baseline, now: g.now }] : []),
    );
    const groupFailures = c.groups.filter((g) => g.differs).length;
    suites.push(suite('gapbench check: means over replicates', groupCases, groupFailures));
    tests += groupCases.length;
    failures += groupFailures;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gapbench check" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A JUnit document for a check that stopped before comparing (exit 2). */
export function junitError(message: string, baselinePath: string): string {
  const m = xmlEscape(message);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gapbench check" tests="1" failures="0" errors="1">\n` +
    `  <testsuite name="gapbench check: cells vs ${xmlEscape(baselinePath)}" tests="1" failures="0" errors="1">\n` +
    `    <testcase classname="gapbench.check" name="config">\n      <error type="config" message="${m}">${m}</error>\n    </testcase>\n  </testsuite>\n</testsuites>\n`
  );
}
