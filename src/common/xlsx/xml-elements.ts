/** One element found by `elements`: its attribute text, its inner XML (none when self-closing) and where it ends. */
export interface XmlElement {
  attributes: string;
  inner: string | undefined;
  start: number;
  end: number;
}

/** The XML is cut off or malformed: an element was opened and never closed. */
export class XmlShapeError extends Error {}

const NAME_ENDS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e /* > */, 0x2f /* / */]);

/**
 * The non-nesting elements `<tag …>…</tag>` or `<tag …/>` of `xml` between `from` and `to`, in
 * order. Written with indexOf rather than a regular expression so that an element opened and
 * never closed costs one scan to the end (then an error), not one scan per opening tag: a
 * hostile sheet of unclosed `<c>` tags must not turn the parse quadratic.
 */
export function* elements(xml: string, tag: string, from = 0, to = xml.length): Generator<XmlElement> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let at = xml.indexOf(open, from);
  while (at >= 0 && at < to) {
    if (!NAME_ENDS.has(xml.charCodeAt(at + open.length))) {
      at = xml.indexOf(open, at + open.length);
      continue;
    }
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd < 0 || tagEnd >= to) throw new XmlShapeError(`<${tag}> is not closed`);
    if (xml.charCodeAt(tagEnd - 1) === 0x2f) {
      yield { attributes: xml.slice(at + open.length, tagEnd - 1), inner: undefined, start: at, end: tagEnd + 1 };
      at = xml.indexOf(open, tagEnd + 1);
      continue;
    }
    const closeAt = xml.indexOf(close, tagEnd + 1);
    if (closeAt < 0 || closeAt + close.length > to) throw new XmlShapeError(`<${tag}> is not closed`);
    yield { attributes: xml.slice(at + open.length, tagEnd), inner: xml.slice(tagEnd + 1, closeAt), start: at, end: closeAt + close.length };
    at = xml.indexOf(open, closeAt + close.length);
  }
}

/** The first such element, or undefined. */
export function firstElement(xml: string, tag: string, from = 0, to = xml.length): XmlElement | undefined {
  for (const element of elements(xml, tag, from, to)) return element;
  return undefined;
}
