import { decodeHTML } from 'entities';
import { squash } from './boilerplate.js';
import { splitAuthors } from './authors.js';
import { parseDate } from './dates.js';
import { attr, closest, containsIgnoringCase, equalsIgnoringCase, findAll, findFirst, hasAncestor, hasWord, tagOf } from './dom.js';

/** Page metadata before the body is extracted. Every field is optional: pages omit any of them. */
export interface PageMetadata {
  /** The title the page declares in its metadata (JSON-LD, Dublin Core, OpenGraph, …), as published. */
  title?: string;
  /** The `<title>` element's text, as published (site name and all). */
  documentTitle?: string;
  description?: string;
  authors: string[];
  publishedAt?: string;
  modifiedAt?: string;
  language?: string;
  siteName?: string;
  canonicalUrl?: string;
  image?: string;
  section?: string;
  tags: string[];
  /** JSON-LD `articleBody`: the site's own plain-text body, a fallback when the page layout defeats extraction. */
  articleBody?: string;
}

type Json = Record<string, unknown>;
const ARTICLE_TYPES = /^(?:(?:News|Reportage|Analysis|Opinion|Review|Background|Scholarly|Tech|Satirical)?Article|BlogPosting|LiveBlogPosting|Report|WebPage|Posting|SocialMediaPosting|DiscussionForumPosting|Blog)$/;

/** JSON-LD strings are often HTML-escaped by the CMS ("&#8211;", "&quot;"): decode once. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return squash(v.includes('&') ? decodeHTML(v) : v) || undefined;
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') return str((v as Json)['name'] ?? (v as Json)['@value'] ?? (v as Json)['url']);
  return undefined;
}

function names(v: unknown): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap(names);
  if (typeof v === 'string') return /^https?:/.test(v) ? [] : splitAuthors(v);
  if (typeof v === 'object') return names((v as Json)['name']);
  return [];
}

function typesOf(o: Json): string[] {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

const MAX_JSON_LD_BLOCKS = 50;

/** Every object in the page's JSON-LD blocks, `@graph` flattened. Broken blocks are skipped. */
export function jsonLdObjects(doc: Document): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 6 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Json;
    out.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
    if (o['mainEntity'] && typeof o['mainEntity'] === 'object') visit(o['mainEntity'], depth + 1);
  };
  // Pages carry a handful of blocks; a page of thousands is not read past the first ones.
  for (const s of findAll(doc, (el) => tagOf(el) === 'script' && equalsIgnoringCase(el, 'type', 'application/ld+json'), MAX_JSON_LD_BLOCKS)) {
    const raw = (s.textContent ?? '').trim();
    if (!raw || raw.length > 2_000_000) continue;
    try {
      // Some CMSs wrap the block in an HTML comment or an XHTML CDATA section.
      visit(JSON.parse(raw.replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, '')), 0);
    } catch {
      /* a malformed block is common and never fatal */
    }
  }
  return out;
}

/**
 * `<meta>` values by key (lower-cased; a space-separated attribute gives several keys). Values from
 * `property` (RDFa, the attribute OpenGraph and Dublin Core specify) come before values from `name`
 * or `itemprop` under the same key, whatever their order in the page.
 */
function metaMap(doc: Document): Map<string, string[]> {
  const byProperty = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, attr: string | null, content: string): void => {
    if (!attr) return;
    for (const k of attr.toLowerCase().split(/\s+/)) {
      if (!k) continue;
      const list = m.get(k) ?? [];
      list.push(content);
      m.set(k, list);
    }
  };
  for (const el of findAll(doc, (e) => tagOf(e) === 'meta')) {
    const content = el.getAttribute('content');
    if (content == null || !content.trim()) continue;
    const value = squash(content);
    add(byProperty, el.getAttribute('property'), value);
    add(byName, el.getAttribute('name'), value);
    add(byName, el.getAttribute('itemprop'), value);
  }
  for (const [k, list] of byName) byProperty.set(k, [...(byProperty.get(k) ?? []), ...list]);
  return byProperty;
}

/** JSON-LD types whose `headline`/`name` is the article's title (not `WebPage`: its name is the `<title>`). */
const TITLED_TYPES = /^(?:(?:News|Reportage|Analysis|Opinion|Review|Background|AskPublicNews|Scholarly|MedicalScholarly|Tech|Satirical|AdvertiserContent)?Article|BlogPosting|LiveBlogPosting|Report|SocialMediaPosting|DiscussionForumPosting|APIReference)$/;

/**
 * 1 − the share of `b`'s text in tokens that `a` lacks: Readability's `textSimilarity`, tokens split
 * on `\W` as there (non-ASCII letters split words), so both tools pick the same JSON-LD title.
 */
function similarity(a: string, b: string): number {
  const tok = (s: string): string[] => s.toLowerCase().split(/\W+/).filter(Boolean);
  const ta = new Set(tok(a));
  const tb = tok(b);
  if (!ta.size || !tb.length) return 0;
  const rest = tb.filter((t) => !ta.has(t));
  return 1 - rest.join(' ').length / tb.join(' ').length;
}

/**
 * The article object's title: `name` and `headline` usually agree; when they differ, the one that
 * resembles the page's `<title>` wins (Wikipedia's headline is "Wikimedia list article", its name
 * the page's title).
 */
function jsonLdTitle(ld: Json[], documentTitle: string | undefined): string | undefined {
  const art = ld.find((o) => typesOf(o).some((t) => TITLED_TYPES.test(t)) && (typeof o['name'] === 'string' || typeof o['headline'] === 'string'));
  if (!art) return undefined;
  const name = typeof art['name'] === 'string' ? str(art['name']) : undefined;
  const headline = typeof art['headline'] === 'string' ? str(art['headline']) : undefined;
  if (name && headline && name !== headline && documentTitle) {
    const nameMatches = similarity(name, documentTitle) > 0.75;
    const headlineMatches = similarity(headline, documentTitle) > 0.75;
    return headlineMatches && !nameMatches ? headline : name;
  }
  return name ?? headline;
}

function first<T>(...vals: (T | undefined | null | '')[]): T | undefined {
  for (const v of vals) if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) return v as T;
  return undefined;
}

function textOf(el: Element | null): string | undefined {
  return el ? squash(el.textContent ?? '') || undefined : undefined;
}

const DATE_HOLDERS = '[class*="date" i], [class*="posted" i], [class*="published" i], [class*="time" i], [class*="meta" i], [id*="date" i], time';

/** Last resort: a date printed near the byline ("Posted on 6. Mai 2014"), in a date/time/meta element. */
function dateShownOnPage(doc: Document): string | undefined {
  const els = doc.body ? Array.from(doc.body.querySelectorAll(DATE_HOLDERS)).slice(0, 40) : [];
  for (const el of els) {
    const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t.length < 6 || t.length > 120) continue;
    const d = parseDate(t);
    if (d) return d;
  }
  return undefined;
}

const cls = (el: Element, word: string): boolean => hasWord(el, 'class', word);

/**
 * Where pages print the byline, most specific first: microdata, `rel=author` links, hCard names in
 * author boxes (WordPress themes), byline classes. Each test is the selector in its comment (tests
 * check them against the selectors), run without a selector engine.
 */
export const PAGE_BYLINES: ReadonlyArray<(el: Element) => boolean> = [
  // [itemprop~="author"] [itemprop~="name"]
  (el) => hasWord(el, 'itemprop', 'name') && hasAncestor(el, (a) => hasWord(a, 'itemprop', 'author')),
  // [itemprop~="author"]
  (el) => hasWord(el, 'itemprop', 'author'),
  // a[rel~="author"] (rel is compared without case in HTML)
  (el) => tagOf(el) === 'a' && hasWord(el, 'rel', 'author', true),
  // hCard names inside an author or byline box (a bare `.vcard .fn` is also an infobox's organisation):
  // .author.vcard .fn, .post-author .fn, .byline .fn, .entry-author .fn, .entry-meta-author .fn
  (el) =>
    cls(el, 'fn') &&
    hasAncestor(el, (a) => (cls(a, 'author') && cls(a, 'vcard')) || cls(a, 'post-author') || cls(a, 'byline') || cls(a, 'entry-author') || cls(a, 'entry-meta-author')),
  // .byline__name, .byline-name, .author-name, .article-author
  (el) => cls(el, 'byline__name') || cls(el, 'byline-name') || cls(el, 'author-name') || cls(el, 'article-author'),
  // .byline, .author, [class*="byline"]
  (el) => cls(el, 'byline') || cls(el, 'author') || (attr(el, 'class')?.includes('byline') ?? false),
];

/** [class*="comment" i], [id*="comment" i]: a comment box. */
const isCommentBox = (el: Element): boolean => containsIgnoringCase(el, 'class', 'comment') || containsIgnoringCase(el, 'id', 'comment');

/**
 * Read metadata with a fixed precedence, most explicit first: JSON-LD (`NewsArticle`, `Article`,
 * `@graph`), OpenGraph, Twitter cards, other `<meta>` (Dublin Core, Parse.ly, `author`,
 * `description`), microdata (`itemprop`), then what the page shows (`<time>`, bylines). Two fields
 * differ: the title puts Dublin Core before OpenGraph (Reader View's order), and the language takes
 * `<html lang>` first. `<meta property>` beats `<meta name>` under the same key.
 */
export function readMetadata(doc: Document): PageMetadata {
  const ld = jsonLdObjects(doc);
  const art = ld.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage' && t !== 'Blog')) ?? ld.find((o) => typesOf(o).includes('WebPage'));
  const site = ld.find((o) => typesOf(o).some((t) => t === 'WebSite' || t === 'Organization' || t === 'NewsMediaOrganization'));
  const meta = metaMap(doc);
  const mv = (...keys: string[]): string | undefined => first(...keys.map((k) => meta.get(k)?.[0]));
  const ip = (prop: string): Element | null => findFirst(doc, (el) => hasWord(el, 'itemprop', prop));
  const ipVal = (prop: string): string | undefined => {
    const el = ip(prop);
    if (!el) return undefined;
    return first(el.getAttribute('content') ?? undefined, el.getAttribute('datetime') ?? undefined, textOf(el));
  };

  const ldAuthors = art ? names(art['author'] ?? art['creator']) : [];
  const metaAuthors = (meta.get('author') ?? meta.get('article:author') ?? meta.get('parsely-author') ?? meta.get('sailthru.author') ?? meta.get('dc.creator') ?? meta.get('byl') ?? [])
    .filter((a) => !/^https?:/.test(a))
    .flatMap(splitAuthors);
  const pageAuthors = (): string[] => {
    // Most specific first; an element with no usable text (a <link rel="author"> in the head) does not end the search.
    for (const test of PAGE_BYLINES) {
      for (const el of findAll(doc, test, 3)) {
        if (closest(el, isCommentBox)) continue; // a commenter, not the author
        const t = textOf(el);
        const names = t && t.length < 150 ? splitAuthors(t) : [];
        if (names.length) return names;
      }
    }
    return [];
  };
  const authors = ldAuthors.length ? ldAuthors : metaAuthors.length ? metaAuthors : pageAuthors();

  // The DOM lookups (microdata, <time>) run only when the cheaper sources had nothing.
  const publishedAt = parseDate(
    first(
      str(art?.['datePublished']),
      str(art?.['dateCreated']),
      mv('article:published_time', 'og:article:published_time', 'published_time', 'og:published_time'),
      mv('pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'parsely-pub-date', 'sailthru.date', 'article.published', 'datepublished', 'citation_publication_date', 'last-modified'),
    ) ??
      ipVal('datePublished') ??
      findFirst(doc, (el) => tagOf(el) === 'time' && el.hasAttribute('datetime'))?.getAttribute('datetime'),
  ) ?? dateShownOnPage(doc);
  const modifiedAt = parseDate(first(str(art?.['dateModified']), mv('article:modified_time', 'og:updated_time', 'dcterms.modified')));

  // <head> is small; a <title> misplaced in the body is searched for only when the head has none.
  const documentTitle = textOf(doc.head?.querySelector('title') ?? doc.querySelector('title'));
  // The title as the page declares it for readers and sharing, most specific vocabulary first; the
  // same order as Firefox's Reader View (Readability), so both tools give a page the same title.
  const title =
    jsonLdTitle(ld, documentTitle) ??
    mv('dc:title', 'dc.title', 'dcterm:title', 'dcterms:title', 'dcterm.title', 'dcterms.title') ??
    mv('og:title') ??
    mv('weibo:article:title', 'weibo:webpage:title') ??
    mv('title') ??
    mv('twitter:title') ??
    mv('parsely-title', 'sailthru.title') ??
    ipVal('headline');
  const html = doc.documentElement;
  // The document's own declaration first (what browsers and screen readers use), then JSON-LD and <meta>.
  const language = first(html?.getAttribute('lang') ?? undefined, str(art?.['inLanguage']), mv('og:locale', 'language', 'content-language', 'dc.language'))
    ?.replace('_', '-')
    .split(/[\s,]/)[0];
  const canonical = first(
    findFirst(doc, (el) => tagOf(el) === 'link' && hasWord(el, 'rel', 'canonical', true))?.getAttribute('href') ?? undefined,
    mv('og:url'),
    str(art?.['url']),
    typeof art?.['mainEntityOfPage'] === 'string' ? (art['mainEntityOfPage'] as string) : str(art?.['mainEntityOfPage']),
  );
  const publisher = art?.['publisher'];
  const tagsRaw = first(art?.['keywords'], meta.get('article:tag'), mv('news_keywords', 'keywords', 'parsely-tags'));
  const tags = (Array.isArray(tagsRaw) ? tagsRaw.map(String) : typeof tagsRaw === 'string' ? tagsRaw.split(/[,;]/) : [])
    .map((t) => squash(t))
    .filter((t) => t.length > 0 && t.length < 80)
    .slice(0, 50);
  return {
    ...(title ? { title } : {}),
    ...(documentTitle ? { documentTitle } : {}),
    description: first(str(art?.['description']), mv('og:description'), mv('twitter:description'), mv('description', 'dc.description')),
    authors,
    publishedAt,
    modifiedAt,
    language,
    siteName: first(mv('og:site_name'), str(publisher), str(site?.['name']), mv('application-name', 'twitter:site')?.replace(/^@/, '')),
    canonicalUrl: canonical,
    image: first(str(art?.['image']), mv('og:image', 'og:image:url', 'og:image:secure_url'), mv('twitter:image', 'twitter:image:src')),
    section: first(str(art?.['articleSection']), mv('article:section', 'parsely-section', 'section')),
    tags: [...new Set(tags)],
    ...(typeof art?.['articleBody'] === 'string' ? { articleBody: art['articleBody'] as string } : {}),
  };
}
