/**
 * `gapbench gradcheck [--variant v] [--plugin p] [--json]`: finite-difference
 * check of every parameter tensor and of the inputs, for every variant
 * (plugin ones included), with both losses, always on the float64 reference
 * backend. Exit 1 above threshold.
 */
import type { CommandModule } from 'yargs';
import { gradcheck, gradcheckThreshold, type GradcheckResult } from '../engine/gradcheck.js';
import { getVariant, variantNames } from '../../variants/index.js';
import { numberOption, UsageError } from './errors.js';
import { loadPluginArgs, withPluginOption, type PluginArgs } from './plugins.js';

interface GradcheckArgs extends PluginArgs {
  variant?: string[];
  json: boolean;
  threshold: number;
}

export const gradcheckCommand: CommandModule<object, GradcheckArgs> = {
  command: 'gradcheck',
  describe: 'check every variant\'s gradients against central finite differences (float64 reference backend)',
  builder: (y) =>
    withPluginOption(y)
      .option('variant', { type: 'string', array: true, describe: `variants to check (default: all: ${variantNames.join(', ')})` })
      .option('json', { type: 'boolean', default: false, describe: 'print {"threshold","ok","results":[...]} as JSON' })
      .option('threshold', { type: 'string', default: gradcheckThreshold, coerce: numberOption('--threshold', '--threshold 1e-4'), describe: 'largest normwise relative error accepted per tensor' })
      .example('$0 gradcheck', 'check every registered variant, CE and MSE heads')
      .example('$0 gradcheck --variant gru --json', 'one variant, machine-readable')
      .example('$0 gradcheck --plugin ./mgu.js --variant mgu', 'a cell of your own'),
  handler: async (argv) => {
    await loadPluginArgs(argv);
    const names = (argv.variant ?? [...variantNames]).flatMap((v) => v.split(',')).filter((v) => v !== '');
    if (!(argv.threshold > 0)) throw new UsageError(`--threshold ${argv.threshold} must be a positive number`);
    let variants;
    try {
      variants = names.map((n) => getVariant(n));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const results: GradcheckResult[] = variants.flatMap((v) => gradcheck(v));
    const ok = results.every((r) => r.max_rel_err < argv.threshold);
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ threshold: argv.threshold, ok, results }, null, 2)}\n`);
    } else {
      printTable(results, argv.threshold);
      const bad = results.filter((r) => !(r.max_rel_err < argv.threshold));
      process.stdout.write(
        ok
          ? `\nall ${results.length} tensors of ${variants.length} variant(s) within ${argv.threshold} (float64 reference backend, central differences)\n`
          : `\nFAILED: ${bad.map((r) => `${r.variant}/${r.loss}/${r.tensor}`).join(', ')} above ${argv.threshold}\n`,
      );
    }
    process.exitCode = ok ? 0 : 1;
  },
};

function printTable(results: readonly GradcheckResult[], threshold: number): void {
  const rows = results.map((r) => [r.variant, r.loss, r.tensor, r.max_rel_err.toExponential(2), r.max_rel_err < threshold ? 'ok' : 'FAIL']);
  const head = ['variant', 'loss', 'tensor', 'rel_err', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${line(head)}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}
