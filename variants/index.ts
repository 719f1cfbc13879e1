/**
 * The variant registry: a plain typed map. An unknown name throws and lists
 * the valid ones. Plugins add entries through `registerVariant`.
 */
import type { Variant } from '../harness/engine/types.js';
import { coupled } from './coupled.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { peephole } from './peephole.js';
import { rnn } from './rnn.js';

export const builtinVariants = { rnn, lstm, peephole, coupled, gru } satisfies Record<string, Variant>;

export type BuiltinVariantName = keyof typeof builtinVariants;

export const variantNames: readonly string[] = Object.keys(builtinVariants);

export function getVariant(name: string): Variant {
  const v = (builtinVariants as Record<string, Variant>)[name];
  if (v === undefined) {
    throw new Error(`unknown variant "${name}"; valid variants: ${variantNames.join(', ')}`);
  }
  return v;
}
