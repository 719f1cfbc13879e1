/**
 * A small strict checker of the XML 1.0 rules an SVG viewer enforces, for
 * the report tests: one root, balanced and properly nested tags, quoted and
 * unique attributes, no raw `<` or stray `&`, only predefined or numeric
 * entities, declared namespace prefixes. No XML parser is installed (adding
 * a package needs asking); test/report-svg.test.ts tests this checker on
 * broken inputs, and test/report-chromium.test.ts parses the same SVGs with
 * the browser's XML parser as a second, independent check.
 */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;

/** null when `text` is a well-formed XML document, else what is wrong and where. */
export function xmlError(text: string): string | null {
  let i = 0;
  const stack: { name: string; ns: Set<string> }[] = [];
  let roots = 0;
  const at = (): string => `at offset ${i}: ${JSON.stringify(text.slice(i, i + 40))}`;
  const checkChars = (s: string, where: string): string | null => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) {
      ENTITY.lastIndex = k;
      if (!ENTITY.test(s)) return `bad entity reference in ${where}: ${JSON.stringify(s.slice(k, k + 12))}`;
    }
    return null;
  };
  const declared = (prefix: string, own: Set<string>): boolean =>
    prefix === 'xml' || prefix === 'xmlns' || own.has(prefix) || stack.some((e) => e.ns.has(prefix));
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) return 'unterminated XML declaration';
    i = end + 2;
  }
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (stack.length === 0 && chunk.trim() !== '') return `text outside the root element ${at()}`;
    const bad = checkChars(chunk, 'text');
    if (bad !== null) return bad;
    if (chunk.includes('>') && chunk.includes(']]>')) return `"]]>" in text ${at()}`;
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0 || text.slice(i + 4, end).includes('--')) return `bad comment ${at()}`;
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return `CDATA outside the root ${at()}`;
      const end = text.indexOf(']]>', i);
      if (end < 0) return `unterminated CDATA ${at()}`;
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return `unterminated processing instruction ${at()}`;
      i = end + 2;
    } else if (text.startsWith('<!', i)) {
      return `unexpected declaration ${at()}`;
    } else if (text.startsWith('</', i)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(text.slice(i));
      const top = stack.pop();
      if (m === null || top === undefined || m[1] !== top.name) return `end tag does not match ${top?.name ?? '(no open element)'} ${at()}`;
      i += m[0].length;
    } else {
      const m = /^<([^\s/>]+)/.exec(text.slice(i));
      if (m === null || !NAME.test(m[1] as string)) return `bad element name ${at()}`;
      const name = m[1] as string;
      i += m[0].length;
      const seen = new Set<string>();
      const ns = new Set<string>();
      const attrNames: string[] = [];
      for (;;) {
        const ws = /^\s*/.exec(text.slice(i))?.[0].length ?? 0;
        if (text.startsWith('/>', i + ws) || text.startsWith('>', i + ws)) {
          i += ws;
          break;
        }
        if (ws === 0) return `attributes need whitespace between them ${at()}`;
        i += ws;
        const a = /^([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(text.slice(i));
        if (a === null || !NAME.test(a[1] as string)) return `bad attribute ${at()}`;
        const attr = a[1] as string;
        const value = a[2] ?? a[3] ?? '';
        if (seen.has(attr)) return `duplicate attribute ${attr} on <${name}> ${at()}`;
        if (value.includes('<')) return `"<" in the value of ${attr} ${at()}`;
        const badValue = checkChars(value, `attribute ${attr}`);
        if (badValue !== null) return badValue;
        seen.add(attr);
        attrNames.push(attr);
        if (attr.startsWith('xmlns:')) ns.add(attr.slice(6));
        i += a[0].length;
      }
      for (const n of [name, ...attrNames]) {
        const colon = n.indexOf(':');
        if (colon > 0 && !declared(n.slice(0, colon), ns)) return `undeclared namespace prefix in ${n}`;
      }
      if (stack.length === 0) roots++;
      if (roots > 1) return `a second root element <${name}>`;
      if (text.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push({ name, ns });
      }
    }
  }
  if (stack.length > 0) return `unclosed <${stack[stack.length - 1]?.name}>`;
  if (roots !== 1) return 'no root element';
  return null;
}
