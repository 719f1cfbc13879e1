/**
 * Vega-Lite spec -> SVG text, headless in Node: vega-lite compiles to a
 * Vega spec, a Vega View with the 'none' renderer draws the scenegraph to
 * an SVG string. No canvas is needed: without node-canvas Vega estimates
 * text widths from the font size, which only affects label spacing.
 *
 * The output depends only on the spec: data are inlined (the loader refuses
 * every URL or file), and element ids are prefixed so several SVGs can be
 * inlined into one HTML page without clashing.
 */
import type { LoggerInterface } from 'vega';
import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

// Loaded on the first figure: vega alone costs ~0.25 s of start-up, which
// every gapbench command (and the end-to-end timing of a run) would pay.
let libraries: Promise<[Vega, VegaLite]> | null = null;
function vegaLibraries(): Promise<[Vega, VegaLite]> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}

/** A loader that fails: report figures carry their data inline and must never fetch. */
function noNetworkLoader(vega: Vega): ReturnType<Vega['loader']> {
  const base = vega.loader();
  const refuse = (uri: string): Promise<never> =>
    Promise.reject(new Error(`report figures must not load external data, but the spec asked for ${uri}; inline the values instead`));
  base.load = refuse;
  base.sanitize = (uri: string) => refuse(uri);
  return base;
}

/**
 * Vega-Lite's log, minus its optimizer's note that it stopped after a fixed
 * number of passes (harmless, and printed for every faceted layer spec).
 */
function compileLogger(): LoggerInterface {
  let level = 2; // vega-util: 0 none, 1 error, 2 warn, 3 info, 4 debug
  const out: LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return out;
    },
    error(...args: unknown[]) {
      throw new Error(`vega-lite could not compile a report figure: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      const text = args.map(String).join(' ');
      if (level >= 2 && !text.startsWith('Maximum optimization runs')) console.warn(`gapbench report (vega-lite): ${text}`);
      return out;
    },
    info() {
      return out;
    },
    debug() {
      return out;
    },
  };
  return out;
}

/** Makes every `id` in `svg` unique to `prefix` (clip paths and gradients), with references to them. */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1] as string);
  let out = svg;
  for (const id of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`(\\sid=")${escaped}"`, 'g'), `$1${prefix}-${id}"`)
      .replace(new RegExp(`url\\(#${escaped}\\)`, 'g'), `url(#${prefix}-${id})`)
      .replace(new RegExp(`(href=")#${escaped}"`, 'g'), `$1#${prefix}-${id}"`);
  }
  return out;
}

/** Renders a Vega-Lite spec to SVG text. `idPrefix` namespaces element ids (see prefixSvgIds). */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega, vl] = await vegaLibraries();
  const vgSpec = vl.compile(spec, { logger: compileLogger() }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: noNetworkLoader(vega) });
  try {
    const svg = await view.toSVG();
    return prefixSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
