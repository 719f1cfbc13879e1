// A resume must not mix results of two builds: it is refused (exit 2,
// nothing written, both versions and the fix named) when the folder's
// engine version or Node major differs from this build's; a different git
// commit alone is a warning; every session records its own build; and
// `check --run` of a folder whose sessions disagree uses tolerance mode.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../harness/engine/version.js';
import { runCheck } from '../harness/runner/check.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

// Two tiny cells per folder.
const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

interface Session {
  versions?: { gapbench: string; node: string; engine?: number };
  git?: { commit: string } | null;
}
interface ManifestDoc {
  versions: { gapbench: string; node: string; engine?: number };
  git: { commit: string } | null;
  sessions: Session[];
}

let cwd: string;
const path = (dir: string): string => join(cwd, dir, 'manifest.json');
const read = (dir: string): ManifestDoc => JSON.parse(readFileSync(path(dir), 'utf8')) as ManifestDoc;
const write = (dir: string, m: ManifestDoc): void => writeFileSync(path(dir), `${JSON.stringify(m, null, 2)}\n`);
const snapshot = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(join(cwd, dir)).map((f) => [f, readFileSync(join(cwd, dir, f), 'utf8')]));

beforeAll(async () => {
  cwd = tempDir('resume-build');
  const runs = await Promise.all(['engine', 'node', 'commit', 'mixed'].map((d) => gapbench(['run', ...TINY, '--out', d], cwd)));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
});
afterAll(() => removeDir(cwd));

describe('gapbench run --resume across builds', () => {
  it('records the build in each session', () => {
    const m = read('engine');
    expect(m.sessions).toHaveLength(1);
    expect(m.sessions[0]?.versions).toEqual(m.versions);
    expect(m.sessions[0]?.versions?.engine).toBe(ENGINE_VERSION);
    expect(m.sessions[0]?.versions?.node).toBe(process.version);
  });

  it('refuses another engine version, naming both and the fix, and writes nothing', async () => {
    const m = read('engine');
    m.versions.engine = ENGINE_VERSION + 1000;
    for (const s of m.sessions) if (s.versions) s.versions.engine = ENGINE_VERSION + 1000;
    write('engine', m);
    const before = snapshot('engine');
    const r = await gapbench(['run', '--resume', 'engine', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`engine was run with engine version ${ENGINE_VERSION + 1000} (this build: ${ENGINE_VERSION})`);
    expect(r.stderr).toMatch(/Start a new run folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot('engine')).toEqual(before);
  });

  it('refuses another Node major', async () => {
    const m = read('node');
    for (const s of m.sessions) if (s.versions) s.versions.node = 'v1.0.0';
    write('node', m);
    const before = snapshot('node');
    const r = await gapbench(['run', '--resume', 'node', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`node was run with Node v1.0.0 (this process: ${process.version})`);
    expect(snapshot('node')).toEqual(before);
  });

  it('warns when only the git commit differs, and records the new session’s commit', async () => {
    const m = read('commit');
    const fake = 'f'.repeat(40);
    m.git = { commit: fake };
    for (const s of m.sessions) s.git = { commit: fake };
    write('commit', m);
    const r = await gapbench(['run', '--resume', 'commit', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: commit was run from git commit ${fake}, this build is `);
    const after = read('commit');
    expect(after.sessions).toHaveLength(2);
    expect(after.sessions[1]?.git?.commit).not.toBe(fake);
    expect(after.sessions[1]?.versions?.engine).toBe(ENGINE_VERSION);
  });

  it('check --run of a folder whose sessions ran on different Node majors compares in tolerance mode', async () => {
    const baseline = join(cwd, 'baseline.json');
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCheck({ run: join(cwd, 'mixed'), baseline, update: true }, quiet)).toBe(0);
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    expect(await runCheck({ run: join(cwd, 'mixed'), baseline }, io)).toBe(0);
    expect(out).toMatch(/^exact mode/m);

    // A later session on another Node major (as if resumed before resumes were checked).
    const m = read('mixed');
    const first = m.sessions[0] as Session;
    m.sessions.push({ ...first, versions: { ...(first.versions as NonNullable<Session['versions']>), node: 'v999.0.0' } });
    write('mixed', m);
    out = '';
    err = '';
    expect(await runCheck({ run: join(cwd, 'mixed'), baseline }, io)).toBe(0);
    expect(out).toMatch(/^tolerance mode δ = [\d.]+ \(automatic, because the sessions of .*mixed ran with Node .*v999\.0\.0\)/m);
    expect(err).toMatch(/its cells are not from one build, so the check uses tolerance mode/);
  });
});
