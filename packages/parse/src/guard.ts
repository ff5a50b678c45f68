/**
 * Limits that keep one hostile or broken page from stalling a worker: markup that is never text
 * is cut before parsing, the rest is capped in size, and absurd nesting is flattened, because DOM
 * code (ours and Readability's) walks the tree and its cost grows with depth.
 */

/** Markup kept for parsing after scripts and styles are gone. */
export const MAX_MARKUP_CHARS = 1_000_000;
/** JSON-LD and `<meta>` of a page over the cap are kept apart from it, up to this much (one JSON-LD block is read up to 2,000,000). */
const MAX_METADATA_CHARS = 2_000_000;
const MAX_META_TAGS = 2_000;
/**
 * Elements built into the DOM, at most: the 1,200 benchmark pages have up to 10,000 (a school's
 * timetable, Wikipedia's New Zealand); 100,000 tiny ones in under 1 MB take Readability seconds.
 */
export const MAX_ELEMENTS = 30_000;
/** Deeper elements are unwrapped: real pages stay far below this. */
export const MAX_DEPTH = 256;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * Every scan below is linear in the page's length, whatever the page holds: hostile or broken markup
 * (100,000 unclosed `<script>` or `<div class="a"` without a `>`) makes a regex such as
 * `<script[^>]*>[\s\S]*?</script>` rescan the rest of the page from every `<`, which takes minutes.
 * Each search here starts where the last one ended, and a search that failed is not repeated.
 */

/** Text of a piece of markup with its tags removed (a tag without `>` runs to the end). */
function markupText(s: string): string {
  let out = '';
  let pos = 0;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) {
      out += s.slice(pos);
      break;
    }
    out += s.slice(pos, lt);
    const gt = s.indexOf('>', lt);
    if (gt < 0) break;
    pos = gt + 1;
  }
  return out;
}

/** Markup with paragraphs and a few hundred characters of text, not a pixel or a "turn on JavaScript" line. */
function isProseMarkup(inner: string): boolean {
  return /<p[\s>]/i.test(inner) && markupText(inner).replace(/\s+/g, ' ').length >= 400;
}

/** Elements cut whole; `script` and `style` are raw text, so an unclosed one runs to the end of the page as in browsers. */
const CUT = /<(script|style|template|svg|noscript|iframe|select|button|nav)(?=[\s/>])|<!--/gi;
const RAW_TEXT = new Set(['script', 'style']);

/** Finds `</tag` (followed by space, `/` or `>`) at or after a position, remembering misses so none is repeated. */
class CloseTags {
  private readonly res = new Map<string, RegExp>();
  private readonly missFrom = new Map<string, number>();
  constructor(private readonly s: string) {}
  find(tag: string, from: number): number {
    const miss = this.missFrom.get(tag);
    if (miss !== undefined && from >= miss) return -1;
    let re = this.res.get(tag);
    if (!re) this.res.set(tag, (re = new RegExp(`</${tag}(?=[\\s/>])`, 'gi')));
    re.lastIndex = from;
    const m = re.exec(this.s);
    if (!m) {
      this.missFrom.set(tag, Math.min(from, miss ?? from));
      return -1;
    }
    return m.index;
  }
}

/**
 * Drop scripts (but not JSON-LD), styles, comments, templates, menus and form controls: they never
 * hold article text, and every element not built is time and memory saved. One pass, left to right:
 * a script's code may hold "<!--" and a JSON-LD string may quote "<script>", and neither starts
 * anything, because the scan jumps past the element. An end tag ends at its ">" as in browsers,
 * even with junk before it ("</script\n<!-- … -->").
 */
export function stripNonText(html: string): string {
  const parts: string[] = [];
  const closes = new CloseTags(html);
  let pos = 0;
  CUT.lastIndex = 0;
  for (let m = CUT.exec(html); m; m = CUT.exec(html)) {
    const start = m.index;
    if (m[0] === '<!--') {
      const end = html.indexOf('-->', start + 4);
      parts.push(html.slice(pos, start));
      // An unclosed comment hides the rest of the page, as in browsers.
      pos = end < 0 ? html.length : end + 3;
      CUT.lastIndex = pos;
      continue;
    }
    const tag = m[1]!.toLowerCase();
    const gt = html.indexOf('>', start);
    if (gt < 0) break; // no tag after this point can end
    const close = closes.find(tag, gt + 1);
    if (close < 0) {
      if (RAW_TEXT.has(tag)) {
        parts.push(html.slice(pos, start));
        pos = html.length;
        break;
      }
      CUT.lastIndex = gt + 1; // an unclosed <nav>, <svg>…: left to the parser
      continue;
    }
    const closeGt = html.indexOf('>', close);
    const after = closeGt < 0 ? html.length : closeGt + 1;
    parts.push(html.slice(pos, start));
    if (tag === 'script' && /ld\+json/i.test(html.slice(start, gt))) parts.push(html.slice(start, after));
    else if (tag === 'noscript') {
      // A <noscript> holding paragraphs of prose is the page for readers without JavaScript (Blogger posts keep
      // their text there and in a script template): we read pages without scripts, so its text is ours.
      const inner = html.slice(gt + 1, close);
      if (isProseMarkup(inner)) parts.push(inner);
    }
    pos = after;
    CUT.lastIndex = pos;
  }
  parts.push(html.slice(pos));
  return parts.join('');
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[\w:-]`: letters, digits, `_`, `:` and `-`. */
const isNameChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 58) || c === 95 || c === 45;

/** Each tag of the markup in order: its name (lower case), whether it closes or closes itself, and where it is. */
function* tags(html: string): Generator<{ start: number; end: number; name: string; close: boolean; selfClose: boolean }> {
  let pos = 0;
  for (;;) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) return;
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) return; // no '>' after this '<', nor after any later one
    const close = html.charCodeAt(lt + 1) === 47; /* '/' */
    const nameStart = close ? lt + 2 : lt + 1;
    let i = nameStart;
    while (i < gt && isNameChar(html.charCodeAt(i))) i++;
    if (i > nameStart && isLetter(html.charCodeAt(nameStart))) {
      // As before: the next '<' starts the next tag even when this one holds a stray '<' in an attribute.
      yield { start: lt, end: gt + 1, name: html.slice(nameStart, i).toLowerCase(), close, selfClose: html.charCodeAt(gt - 1) === 47 };
      pos = gt + 1;
    } else {
      pos = lt + 1;
    }
  }
}

/**
 * One pass over the tags: whether an element sits deeper than `maxDepth`, and where element number
 * `maxElements + 1` starts (-1 when there are no more than that). Most pages need nothing else.
 */
function measureTags(s: string, maxDepth: number, maxElements: number): { tooDeep: boolean; cutAt: number } {
  let depth = 0;
  let elements = 0;
  let tooDeep = false;
  let cutAt = -1;
  for (const t of tags(s)) {
    if (!t.close && cutAt < 0 && ++elements > maxElements) cutAt = t.start;
    if (VOID.has(t.name) || t.selfClose) continue;
    depth += t.close ? -1 : 1;
    if (depth > maxDepth) tooDeep = true;
    // Stop once both answers are known (an Infinity bound is never reached).
    if ((tooDeep || maxDepth === Infinity) && (cutAt >= 0 || maxElements === Infinity)) break;
  }
  return { tooDeep, cutAt };
}

/** Drop the tags of elements deeper than `maxDepth`, and their end tags; the text stays. */
function unwrapDeep(html: string, maxDepth: number): string {
  let depth = 0;
  let dropped = 0;
  const parts: string[] = [];
  let pos = 0;
  const drop = (t: { start: number; end: number }): void => {
    parts.push(html.slice(pos, t.start));
    pos = t.end;
  };
  for (const t of tags(html)) {
    if (VOID.has(t.name) || t.selfClose) continue;
    if (!t.close) {
      depth++;
      if (depth > maxDepth) {
        dropped++;
        drop(t);
      }
      continue;
    }
    depth--;
    if (depth >= maxDepth && dropped > 0) {
      dropped--;
      drop(t);
    }
  }
  parts.push(html.slice(pos));
  return parts.join('');
}

/**
 * The markup split into its JSON-LD blocks and `<meta>` tags, and everything else, in one linear
 * scan; both keep their order.
 */
function splitMetadata(s: string): { rest: string; metadata: string[] } {
  const metadata: string[] = [];
  const rest: string[] = [];
  const closes = new CloseTags(s);
  let pos = 0;
  for (const t of tags(s)) {
    if (t.close || t.start < pos) continue;
    let end = -1;
    if (t.name === 'meta') end = t.end;
    else if (t.name === 'script' && /ld\+json/i.test(s.slice(t.start, t.end))) {
      const close = closes.find('script', t.end);
      if (close < 0) break;
      const closeGt = s.indexOf('>', close);
      end = closeGt < 0 ? s.length : closeGt + 1;
    }
    if (end < 0) continue;
    rest.push(s.slice(pos, t.start));
    metadata.push(s.slice(t.start, end));
    pos = end;
  }
  rest.push(s.slice(pos));
  return { rest: rest.join(''), metadata };
}

/**
 * Cut `s` where `cutAt(rest)` says, keeping its metadata: JSON-LD and `<meta>` are set apart first and
 * appended after the cut, wherever they sat (a head of 50,000 `<meta>` or a 2 MB JSON-LD block must not
 * push the article past the cut, and Wikipedia puts its JSON-LD at the very end of a 1 MB page).
 */
function cutKeepingMetadata(s: string, cutAt: (rest: string) => number): string {
  const { rest, metadata } = splitMetadata(s);
  let kept = '';
  let metas = 0;
  for (const m of metadata) {
    if (kept.length + m.length > MAX_METADATA_CHARS) break;
    // Real pages carry a few hundred <meta> at most; JSON-LD blocks are few and kept.
    if (/^<meta/i.test(m) && ++metas > MAX_META_TAGS) continue;
    kept += `${m}\n`;
  }
  return rest.slice(0, cutAt(rest)) + kept;
}

/** Everything above, in order: cut what never holds text, cap the size, flatten, cap the element count. */
export function guardMarkup(html: string, maxChars = MAX_MARKUP_CHARS): string {
  // A "<" that starts no tag is text ("a < b"); written as "&lt;" it stays one text node instead of one
  // node per "<" (a million of them made the parser build a million nodes).
  let s = stripNonText(html).replace(/<(?![a-zA-Z/!?])/g, '&lt;');
  if (s.length > maxChars) {
    s = cutKeepingMetadata(s, (rest) => {
      if (rest.length <= maxChars) return rest.length;
      // Cut after a tag's end, so what is appended does not land inside a half-cut tag.
      const end = rest.lastIndexOf('>', maxChars - 1) + 1;
      return end > maxChars * 0.9 ? end : maxChars;
    });
  }
  // One scan decides both; the rare page that is too deep is measured again once flattened.
  let m = measureTags(s, MAX_DEPTH, MAX_ELEMENTS);
  if (m.tooDeep) {
    s = unwrapDeep(s, MAX_DEPTH);
    m = measureTags(s, MAX_DEPTH, MAX_ELEMENTS);
  }
  if (m.cutAt >= 0) {
    s = cutKeepingMetadata(s, (rest) => {
      const cut = measureTags(rest, Infinity, MAX_ELEMENTS).cutAt;
      return cut < 0 ? rest.length : cut;
    });
  }
  return s;
}
