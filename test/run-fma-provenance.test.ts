// The fast backend's multiply-adds are fused on CPUs with FMA and not
// elsewhere, which changes its numbers: a run folder records which
// (versions.fma, fast backend only), a resume on the other kind of machine
// is refused, and `gapbench check` compares bit for bit only between the
// same kind (tolerance mode otherwise, saying why).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFastKernels, fastFused } from '../harness/engine/kernels/fast.js';
import { runCheck } from '../harness/runner/check.js';
import { fmaValues } from '../harness/runner/run.js';
import { gapbench, removeDir, tempDir } from './helpers/gapbench.js';

const TINY = ['--preset', 'ci', '--tasks', 'delayed-recall', '--variants', 'rnn', '--gaps', '2', '--steps', '5', '--eval-every', '5', '--workers', '1', '--no-report'];

interface Versions {
  fma?: boolean;
}
interface ManifestDoc {
  versions: Versions;
  sessions: { versions?: Versions }[];
}

let cwd: string;
const path = (dir: string): string => join(cwd, dir, 'manifest.json');
const read = (dir: string): ManifestDoc => JSON.parse(readFileSync(path(dir), 'utf8')) as ManifestDoc;
const write = (dir: string, m: ManifestDoc): void => writeFileSync(path(dir), `${JSON.stringify(m, null, 2)}\n`);

beforeAll(async () => {
  cwd = tempDir('fma-provenance');
  const runs = await Promise.all([
    gapbench(['run', ...TINY, '--out', 'fast'], cwd),
    gapbench(['run', ...TINY, '--backend', 'reference', '--out', 'ref'], cwd),
    gapbench(['run', ...TINY, '--shard', '1/2', '--out', 'shard1'], cwd),
    gapbench(['run', ...TINY, '--shard', '2/2', '--out', 'shard2'], cwd),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  // Two more copies of the same fast run, whose manifests the tests edit.
  for (const copy of ['flipped', 'mixed']) cpSync(join(cwd, 'fast'), join(cwd, copy), { recursive: true });
});
afterAll(() => removeDir(cwd));

describe('fused multiply-add provenance', () => {
  it('fastFused() says what the gemm kernel computes: −1 + (1 + ε)(1 − ε) is −ε² fused, 0 rounded first', () => {
    const k = createFastKernels();
    k.reserve(4);
    const e = 2 ** -23;
    k.heap.set([1 + e, 1 - e, -1], 0); // A [1×1], B [1×1], C [1×1]
    k.gemm(1, 1, 1, 0, 1, 2, 1); // C = C + A·B
    expect(k.heap[2]).toBe(fastFused() ? -(e * e) : 0);
  });

  it('records fma in the manifest and the session for the fast backend, not for reference', () => {
    const m = read('fast');
    expect(m.versions.fma).toBe(fastFused());
    expect(m.sessions[0]?.versions?.fma).toBe(fastFused());
    const r = read('ref');
    expect(r.versions).not.toHaveProperty('fma');
    expect(r.sessions[0]?.versions).not.toHaveProperty('fma');
  });

  it('refuses to resume a folder run on the other kind of machine', async () => {
    const m = read('flipped');
    const other = !fastFused();
    m.versions.fma = other;
    for (const s of m.sessions) if (s.versions) s.versions.fma = other;
    write('flipped', m);
    const r = await gapbench(['run', '--resume', 'flipped', '--no-report'], cwd);
    expect(r.code, r.stderr).toBe(2);
    const word = (f: boolean): string => (f ? 'on' : 'off');
    expect(r.stderr).toContain(`fused multiply-add ${word(other)} (this machine: fused multiply-add ${word(!other)})`);
  });

  it('check compares exactly only against a baseline of the same kind', async () => {
    const baseline = join(cwd, 'baseline.json');
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCheck({ run: join(cwd, 'fast'), baseline, update: true }, quiet)).toBe(0);
    const doc = JSON.parse(readFileSync(baseline, 'utf8')) as { fma: boolean | null };
    expect(doc.fma).toBe(fastFused());

    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {} };
    expect(await runCheck({ run: join(cwd, 'fast'), baseline }, io)).toBe(0);
    expect(out).toMatch(/^exact mode \(baseline and run: Node \d+, backend fast, fused multiply-add (on|off), engine \d+\)/m);

    doc.fma = !fastFused();
    writeFileSync(baseline, JSON.stringify(doc));
    out = '';
    expect(await runCheck({ run: join(cwd, 'fast'), baseline }, io)).toBe(0);
    const word = (f: boolean): string => (f ? 'on' : 'off');
    expect(out).toContain(`tolerance mode δ = 0.1 (automatic, because fused multiply-add ${word(!fastFused())} in the baseline, fused multiply-add ${word(fastFused())} now)`);
  });

  it('a merge of shards run on one kind of machine is still compared bit for bit', async () => {
    const m = await gapbench(['merge', 'shard1', 'shard2', '--out', 'merged'], cwd);
    expect(m.code, m.stderr).toBe(0);
    const baseline = join(cwd, 'baseline-merged.json');
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCheck({ run: join(cwd, 'fast'), baseline, update: true }, quiet)).toBe(0);
    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {} };
    expect(await runCheck({ run: join(cwd, 'merged'), baseline }, io)).toBe(0);
    expect(out).toMatch(/^exact mode/m);
    expect(out).toMatch(/^PASS: 2 of 2 cells bit-identical/m);
  });

  it('reads fma as merge writes it: one value, or the joined values of disagreeing shards', () => {
    expect(fmaValues(true)).toEqual([true]);
    expect(fmaValues('false')).toEqual([false]);
    expect(fmaValues('false, true')).toEqual([false, true]);
    expect(fmaValues(undefined)).toEqual([undefined]);
  });

  it('check --update refuses a folder whose sessions ran on both kinds of machine', async () => {
    const m = read('mixed');
    const first = m.sessions[0]!;
    m.sessions.push({ ...first, versions: { ...first.versions, fma: !fastFused() } });
    write('mixed', m);
    const baseline = join(cwd, 'baseline-mixed.json');
    await expect(runCheck({ run: join(cwd, 'mixed'), baseline, update: true }, { out: () => {}, err: () => {} })).rejects.toThrow(
      /fused multiply-add (on|off), fused multiply-add (on|off), so its cells cannot make one baseline/,
    );
  });
});
