const CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
const ATTRIBUTE = /\s+([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

const textProblem = (text: string): string | undefined => {
  if (!CHAR.test(text)) return 'a character XML does not allow';
  const bare = text.replace(REFERENCE, '');
  if (bare.includes('&')) return 'a bare &';
  if (bare.includes('<')) return 'a bare <';
  return undefined;
};

/**
 * A strict XML 1.0 well-formedness check for markup such as the timeline's SVG
 * and the HTML report's inline SVG (elements, attributes, text, character and
 * entity references; no DTD, no CDATA, no processing instructions): the
 * problems found, each with its offset, none when the markup is well-formed.
 *
 * @since 0.1.0
 * @example
 * import { wellFormedXmlProblems } from '@license-ledger/testing'
 * wellFormedXmlProblems('<a x="1"><b/></a>') // []
 * wellFormedXmlProblems('<a>&</a>') // ['a bare & in text at 3']
 */
export const wellFormedXmlProblems = (xml: string): string[] => {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    const bad = textProblem(text);
    if (bad !== undefined) problems.push(`${bad} in text at ${i}`);
    if (text.trim() !== '' && open.length === 0) problems.push(`text outside the root element at ${i}`);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) {
      problems.push(`an unclosed tag at ${lt}`);
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${top ?? 'nothing'}> at ${lt}`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = /^[^\s]+/.exec(body)?.[0] ?? '';
      if (!NAME.test(name)) problems.push(`a bad element name ${JSON.stringify(name)} at ${lt}`);
      const seen = new Set<string>();
      let at = name.length;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(body);
        if (match === null) break;
        at = ATTRIBUTE.lastIndex;
        const [, attribute = '', double, single] = match;
        if (!NAME.test(attribute)) problems.push(`a bad attribute name ${JSON.stringify(attribute)} at ${lt}`);
        if (seen.has(attribute)) problems.push(`attribute ${attribute} twice at ${lt}`);
        seen.add(attribute);
        const valueProblem = textProblem(double ?? single ?? '');
        if (valueProblem !== undefined) problems.push(`${valueProblem} in attribute ${attribute} at ${lt}`);
      }
      if (body.slice(at).trim() !== '')
        problems.push(`a malformed attribute list at ${lt}: ${JSON.stringify(body.slice(at, at + 40))}`);
      if (open.length === 0) roots += 1;
      if (!selfClosing) open.push(name);
    }
    i = gt + 1;
  }
  if (open.length > 0) problems.push(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
};
