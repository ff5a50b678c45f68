/**
 * Limits that keep one hostile or broken page from stalling a worker: markup that is never text
 * is cut before parsing, the rest is capped in size, and absurd nesting is flattened, because DOM
 * code (ours and Readability's) walks the tree and its cost grows with depth.
 */

/** Markup kept for parsing after scripts and styles are gone. */
export const MAX_MARKUP_CHARS = 1_000_000;
/** JSON-LD and `<meta>` found past the cap are kept, up to this much. */
const MAX_TAIL_METADATA_CHARS = 200_000;
/** Deeper elements are unwrapped: real pages stay far below this. */
export const MAX_DEPTH = 256;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Markup with paragraphs and a few hundred characters of text, not a pixel or a "turn on JavaScript" line. */
function isProseMarkup(inner: string): boolean {
  return /<p[\s>]/i.test(inner) && inner.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').length >= 400;
}

/**
 * Drop scripts (but not JSON-LD), styles, comments, templates, menus and form controls: they never
 * hold article text, and every element not built is time and memory saved.
 */
export function stripNonText(html: string): string {
  // Scripts first: their code may hold "<!--" in strings, which must not start a comment.
  return html
    // One pass over every script, JSON-LD kept: a JSON-LD body may quote "<script>" in a string, which must not start a cut.
    // An end tag ends at its ">" as in browsers, even with junk before it ("</script\n<!-- … -->").
    .replace(/<script(?=[\s/>])([^>]*)>[\s\S]*?<\/script(?=[\s/>])[^>]*>/gi, (m, attrs: string) => (/ld\+json/i.test(attrs) ? m : ''))
    .replace(/<(style|template|svg|noscript|iframe|select|button|nav)(?=[\s/>])[^>]*>([\s\S]*?)<\/\1(?=[\s/>])[^>]*>/gi, (_m, tag: string, inner: string) =>
      // A <noscript> holding paragraphs of prose is the page for readers without JavaScript (Blogger posts keep
      // their text there and in a script template): we read pages without scripts, so its text is ours.
      tag.toLowerCase() === 'noscript' && isProseMarkup(inner) ? inner : '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

/**
 * Unwrap elements nested deeper than `maxDepth` (their text stays). A linear scan over tags, so a
 * page of 100,000 nested elements costs milliseconds, not a stack overflow.
 */
export function flattenDeepNesting(html: string, maxDepth = MAX_DEPTH): string {
  const re = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (VOID.has(name) || m[3]) continue;
    depth += m[1] ? -1 : 1;
    if (depth > max) max = depth;
    if (max > maxDepth) break;
  }
  if (max <= maxDepth) return html;
  depth = 0;
  let dropped = 0;
  re.lastIndex = 0;
  return html.replace(re, (tag, close: string, rawName: string, selfClose: string) => {
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClose) return tag;
    if (!close) {
      depth++;
      if (depth > maxDepth) {
        dropped++;
        return '';
      }
      return tag;
    }
    depth--;
    if (depth >= maxDepth && dropped > 0) {
      dropped--;
      return '';
    }
    return tag;
  });
}

/** Everything above, in order. */
export function guardMarkup(html: string, maxChars = MAX_MARKUP_CHARS): string {
  let s = stripNonText(html);
  if (s.length > maxChars) {
    // Metadata past the cut (JSON-LD often sits at the very end of the body) is kept: it is small and names the article.
    // Cut after a tag's end, so what is appended does not land inside a half-cut tag.
    const end = s.lastIndexOf('>', maxChars - 1) + 1;
    const cut = end > maxChars * 0.9 ? end : maxChars;
    const tail = s.slice(cut);
    const kept = (tail.match(/<script(?=[\s/>])[^>]*ld\+json[^>]*>[\s\S]*?<\/script[^>]*>|<meta\s[^>]*>/gi) ?? [])
      .join('\n')
      .slice(0, MAX_TAIL_METADATA_CHARS);
    s = s.slice(0, cut) + kept;
  }
  return flattenDeepNesting(s);
}
