#!/usr/bin/env node
/**
 * Compiles the fast backend's kernels (harness/engine/kernels/asm/kernels.ts,
 * AssemblyScript) to dist/harness/engine/kernels/kernels.wasm, next to the
 * compiled fast.js that loads it. Run by `npm run build` (and so `prepare`).
 *
 * Options: -O3 with assertions off; the `stub` runtime (the kernels never
 * allocate); WebAssembly SIMD and relaxed SIMD (fused multiply-add); the
 * module exports its own memory, which the wrapper grows.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const source = join(here, 'asm', 'kernels.ts');
const out = join(root, 'dist', 'harness', 'engine', 'kernels', 'kernels.wasm');

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (e) {
  console.error(`build-wasm: cannot load the AssemblyScript compiler (${e.message}); it is a devDependency: run \`npm install\` first`);
  process.exit(1);
}

mkdirSync(dirname(out), { recursive: true });
const args = [
  relative(root, source),
  '--outFile', relative(root, out),
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--noAssert',
  '--runtime', 'stub',
  '--enable', 'simd,relaxed-simd',
  '--baseDir', root,
];
const { error, stderr } = await asc.main(args);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: compiling ${relative(root, source)} failed: ${error.message}`);
  process.exit(1);
}
console.log(`build-wasm: wrote ${relative(root, out)}`);
