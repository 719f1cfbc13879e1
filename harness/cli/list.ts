/**
 * `gapbench list [tasks|variants|presets]`: what can be run — tasks with
 * their summaries and options, variants with their equations, presets with
 * their settings. `--json` for scripts.
 */
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_PRESET, presetNames, presets } from '../config/presets.js';
import { allTaskNames, getTask, getTaskDefinition } from '../../tasks/index.js';
import { getVariant, variantNames } from '../../variants/index.js';
import { loadPluginArgs, withPluginOption, type PluginArgs } from './plugins.js';

const SECTIONS = ['tasks', 'variants', 'presets'] as const;
type Section = (typeof SECTIONS)[number];

export interface ListArgs extends PluginArgs {
  what?: string;
  json: boolean;
}

export interface TaskListing {
  readonly name: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, number>>;
  readonly minGap: number;
}
export interface VariantListing {
  readonly name: string;
  readonly summary: string;
  readonly equations: readonly string[];
}
export interface PresetListing {
  readonly name: string;
  readonly default: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
}

export function listTasks(): TaskListing[] {
  return allTaskNames.map((name) => {
    const def = getTaskDefinition(name);
    return { name, summary: def.summary, options: { ...def.defaults }, minGap: getTask(name).minGap };
  });
}

export function listVariants(): VariantListing[] {
  return variantNames.map((name) => {
    const v = getVariant(name);
    return { name, summary: v.summary, equations: [...v.equations] };
  });
}

export function listPresets(): PresetListing[] {
  return presetNames.map((name) => ({ name, default: name === DEFAULT_PRESET, settings: presets[name] }));
}

function indent(text: string, by: number): string {
  return text.replace(/\n/g, `\n${' '.repeat(by)}`);
}

function settingText(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function formatList(sections: readonly Section[]): string {
  const out: string[] = [];
  if (sections.includes('tasks')) {
    const items = listTasks();
    const w = Math.max(...items.map((t) => t.name.length));
    out.push('tasks');
    for (const t of items) {
      const options = Object.entries(t.options).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
      out.push(`  ${t.name.padEnd(w)}  ${t.summary}`);
      out.push(`  ${''.padEnd(w)}  minimum gap ${t.minGap}; options (set in taskOptions): ${options}`);
    }
    out.push('');
  }
  if (sections.includes('variants')) {
    const items = listVariants();
    const w = Math.max(...items.map((v) => v.name.length));
    out.push('variants');
    for (const v of items) {
      out.push(`  ${v.name.padEnd(w)}  ${v.summary}`);
      for (const eq of v.equations) out.push(`  ${''.padEnd(w)}    ${indent(eq, w + 6)}`);
    }
    out.push('');
  }
  if (sections.includes('presets')) {
    out.push('presets');
    for (const p of listPresets()) {
      out.push(`  ${p.name}${p.default ? ' (default of `gapbench run`)' : ''}`);
      const entries = Object.entries(p.settings);
      const w = Math.max(...entries.map(([k]) => k.length));
      for (const [k, v] of entries) out.push(`    ${k.padEnd(w)}  ${settingText(v)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list [what]',
  describe: 'list tasks (with options), variants (with equations) and presets (with settings)',
  builder: (y: Argv<object>) =>
    withPluginOption(y)
      .positional('what', { type: 'string', choices: [...SECTIONS], describe: 'show only this section' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"tasks","variants","presets"} as JSON' })
      .example('$0 list', 'everything')
      .example('$0 list variants', 'the cells and their equations')
      .example('$0 list presets --json', 'preset settings for scripts')
      .example('$0 list variants --plugin ./mgu.js', 'built-in cells and those of a plugin') as unknown as Argv<ListArgs>,
  handler: async (argv) => {
    await loadPluginArgs(argv);
    const sections: readonly Section[] = argv.what === undefined ? SECTIONS : [argv.what as Section];
    if (argv.json) {
      const data: Record<string, unknown> = {};
      if (sections.includes('tasks')) data['tasks'] = listTasks();
      if (sections.includes('variants')) data['variants'] = listVariants();
      if (sections.includes('presets')) data['presets'] = listPresets();
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    process.stdout.write(formatList(sections));
  },
};
