import { squash } from './boilerplate.js';

/** Separators between a title's parts ("Headline | Section | Site"), spaced on both sides. */
const SEPARATOR = /\s[|\-–—\\/>»]\s/g;
/** Separators that mark a hierarchy ("Site » Blog » Post") rather than "Headline - Site". */
const HIERARCHICAL = /\s[\\/>»]\s/;

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** What the page shows besides its `<title>`: headings, read before clean-up removes any. */
export interface PageHeadings {
  /** Text of the `<h1>` elements, in page order. */
  h1: string[];
  /** Text of the `<h1>` and `<h2>` elements, in page order. */
  headings: string[];
}

/**
 * A title from the `<title>` element alone, for pages with no title in their metadata: the part
 * before the last separator ("Headline | Site"), or after it when that leaves under three words;
 * after a colon unless a heading repeats the whole text; the single `<h1>` when the element is
 * missing, very short or very long. The rules of Firefox's Reader View, so a page without
 * metadata gets the title readers see there.
 */
export function titleFromDocument(documentTitle: string | undefined, page: PageHeadings): string {
  const orig = squash(documentTitle ?? '');
  let cur = orig;
  let hierarchical = false;
  const seps = [...orig.matchAll(SEPARATOR)];
  if (seps.length) {
    hierarchical = HIERARCHICAL.test(orig);
    cur = squash(orig.slice(0, seps[seps.length - 1]!.index));
    if (words(cur) < 3) cur = orig.replace(/^[^|\-–—\\/>»]*[|\-–—\\/>»]/, '');
  } else if (cur.includes(': ')) {
    if (!page.headings.some((h) => h === orig)) {
      cur = orig.slice(orig.lastIndexOf(':') + 1);
      if (words(cur) < 3) cur = orig.slice(orig.indexOf(':') + 1);
      else if (words(orig.slice(0, orig.indexOf(':'))) > 5) cur = orig;
    }
  } else if (cur.length > 150 || cur.length < 15) {
    if (page.h1.length === 1) cur = page.h1[0]!;
  }
  cur = squash(cur);
  const n = words(cur);
  // Four words or fewer left: keep the whole element unless a hierarchy lost exactly its last level.
  if (n <= 4 && (!hierarchical || n !== words(orig.replace(SEPARATOR, '')) - 1)) cur = orig;
  return cur;
}

/** Compare headings and titles ignoring case, quote and dash styles, and spacing. */
function key(s: string): string {
  return squash(s)
    .toLowerCase()
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/…/g, '...');
}

/** A title part that names the site rather than the story. */
function isSiteName(part: string, siteName: string | undefined, host: string | undefined): boolean {
  const p = key(part).replace(/^www\./, '');
  if (!p) return true;
  if (siteName) {
    const s = key(siteName).replace(/^www\./, '');
    if (p === s || s.includes(p) || (p.includes(s) && words(part) <= words(siteName) + 2)) return true;
  }
  if (host) {
    const h = host.replace(/^www\./, '').toLowerCase();
    const bare = p.replace(/\s+/g, '').replace(/\.(?:com|org|net|de|at|ch|fr|it|es|pl|co\.uk|info|eu)$/, '');
    if (p === h || (bare.length >= 3 && h.split('.').some((label) => label.replace(/-/g, '') === bare.replace(/-/g, '')))) return true;
  }
  return false;
}

/** Wider than {@link SEPARATOR}: also " : ", " :: ", " · ", " • " and " ~ " between a headline and a site name. */
const PART_SEPARATOR = /\s(?:[|\-–—\\/>»«·•~]|::?)\s/g;

function parts(s: string): string[] {
  return s.split(PART_SEPARATOR).map((p) => p.trim()).filter(Boolean);
}

/**
 * A heading and a title sharing this share of each other's words tell the same story. Headline
 * accuracy on the trafilatura set: 0.4 → 0.783, 0.5 → 0.780, 0.6 → 0.774; 0.5 takes fewer loosely
 * related headings for one page less.
 */
const REWORDED_OVERLAP = 0.5;

/** Share of the words of `a` that `b` also has (0..1). */
function overlap(a: string, b: string): number {
  const tok = (s: string): string[] => key(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const ta = tok(a);
  const tb = new Set(tok(b));
  return ta.length ? ta.filter((t) => tb.has(t)).length / ta.length : 0;
}

/**
 * A heading that names the site, not the story: the site name itself, or the part of the `<title>`
 * where sites put their name (the last of "Story | Site", the first of "Site » Blog » Story").
 */
function isSiteHeading(h1: string, documentTitle: string, siteName: string | undefined, host: string | undefined): boolean {
  if (isSiteName(h1, siteName, host)) return true;
  const segs = parts(documentTitle);
  if (segs.length < 2) return false;
  const k = key(h1);
  const hierarchical = HIERARCHICAL.test(documentTitle);
  return key(segs[segs.length - 1]!) === k || (hierarchical && key(segs[0]!) === k);
}

/**
 * The headline as readers see it on the page, without the site name many titles carry
 * ("How to Build a Terrarium | eHow" → "How to Build a Terrarium"). The page's `<h1>` wins when it is
 * the story's (the title contains it, it continues the title by a few words, or it is the one story
 * heading and rewords the title), unless it names the site; then the last level of a "Site » Blog »
 * Story" `<title>`; otherwise the title with its site-name parts cut, and only parts that name the
 * site: "Dropbox's ATF - an async task framework" keeps its second half.
 */
export function headlineOf(
  title: string,
  documentTitle: string | undefined,
  page: PageHeadings,
  siteName: string | undefined,
  url: string | undefined,
): string {
  const t = squash(title);
  const doc = squash(documentTitle ?? '');
  let host: string | undefined;
  try {
    host = url ? new URL(url).hostname : undefined;
  } catch {
    host = undefined;
  }
  const stripped = stripSiteName(t, siteName, host);
  const story = page.h1.filter((h) => words(h) <= 40 && !isSiteHeading(h, doc || t, siteName, host));
  const titles = [t, doc].filter(Boolean).map(key);
  // 1. A heading the title contains ("Headline | Site" with the <h1> "Headline").
  const contained = story.find((h) => key(h).length >= 4 && titles.some((x) => x.includes(key(h))));
  if (contained) return contained;
  // 2. A heading that continues the title's story part by a few words (the metadata headline was cut short).
  const extends_ = story.find((h) => key(stripped).length >= 10 && key(h).startsWith(key(stripped)) && words(h) - words(stripped) <= 3);
  if (extends_) return extends_;
  // 3. The page's one story heading when it tells the title's story in other words (edited after
  //    publication, or the metadata was written for sharing): most words shared both ways.
  const only = story.length === 1 ? story[0]! : undefined;
  if (only && overlap(only, stripped) >= REWORDED_OVERLAP && overlap(stripped, only) >= REWORDED_OVERLAP) return only;
  // 4. "Site » Blog Archive » Story": a hierarchy ends with the story.
  if (doc && HIERARCHICAL.test(doc) && key(doc).startsWith(key(t))) {
    const last = parts(doc).at(-1)!;
    if (words(last) >= 2 && !isSiteName(last, siteName, host)) return last;
  }
  return stripped;
}

/** The title without its parts that name the site, from either end; a middle part stays. */
function stripSiteName(t: string, siteName: string | undefined, host: string | undefined): string {
  const seps = [...t.matchAll(PART_SEPARATOR)];
  if (!seps.length) return t;
  const ps = t.split(PART_SEPARATOR).map((p) => p.trim());
  let from = 0;
  let to = ps.length;
  while (to - from > 1 && isSiteName(ps[to - 1]!, siteName, host)) to--;
  while (to - from > 1 && isSiteName(ps[from]!, siteName, host)) from++;
  if (from === 0 && to === ps.length) return t;
  const start = from === 0 ? 0 : seps[from - 1]!.index + seps[from - 1]![0].length;
  const end = to === ps.length ? t.length : seps[to - 1]!.index;
  return t.slice(start, end).trim();
}
