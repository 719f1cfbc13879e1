/**
 * The variant registry: a plain typed map of the built-in cells, plus the
 * cells plugins register at startup. An unknown name throws and lists the
 * valid ones; a plugin may not reuse a name.
 */
import type { Variant } from '../harness/engine/types.js';
import { withChronoInit } from './chrono.js';
import { coupled } from './coupled.js';
import { gru } from './gru.js';
import { irnn } from './irnn.js';
import { lstm } from './lstm.js';
import { peephole } from './peephole.js';
import { rnn } from './rnn.js';

/** gapbench's own cells (DESIGN.md), the variants of the presets. */
export const builtinVariants = { rnn, lstm, peephole, coupled, gru } satisfies Record<string, Variant>;

export type BuiltinVariantName = keyof typeof builtinVariants;

/**
 * Research additions, registered but not in the default grids: chrono init
 * for the lstm family (gate blocks [f | i | ĉ | o], coupled [f | ĉ | o]) and
 * the identity-initialised ReLU RNN.
 */
export const extraVariants = {
  'lstm-chrono': withChronoInit(lstm, 1),
  'peephole-chrono': withChronoInit(peephole, 1),
  'coupled-chrono': withChronoInit(coupled, null),
  irnn,
} satisfies Record<string, Variant>;

const registry = new Map<string, Variant>([...Object.entries(builtinVariants), ...Object.entries(extraVariants)]);
const names: string[] = [...registry.keys()];

/** Registered variant names, built-ins first (a live view: plugins append). */
export const variantNames: readonly string[] = names;

/** The registered variant `name` (built-in or plugin); throws listing the valid names otherwise. */
export function getVariant(name: string): Variant {
  const v = registry.get(name);
  if (v === undefined) {
    throw new Error(`unknown variant ${JSON.stringify(name)}; valid variants: ${names.join(', ')}`);
  }
  return v;
}

/** Whether `name` is one of gapbench's own variants (presets' or research additions'), not a plugin's. */
export function isBuiltinVariant(name: string): boolean {
  return Object.hasOwn(builtinVariants, name) || Object.hasOwn(extraVariants, name);
}

/** Adds a plugin cell. `origin` (e.g. the plugin's path) is named in a clash error. */
export function registerVariant(v: Variant, origin: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(v.name)) {
    throw new Error(`variant name ${JSON.stringify(v.name)} from ${origin} is invalid; use lowercase letters, digits and '-', starting with a letter`);
  }
  if (registry.has(v.name)) {
    const what = isBuiltinVariant(v.name) ? 'a built-in variant' : 'a variant registered earlier';
    throw new Error(`variant "${v.name}" from ${origin} clashes with ${what}; rename it`);
  }
  registry.set(v.name, v);
  names.push(v.name);
}
