import { squash } from './boilerplate.js';
import { splitAuthors } from './authors.js';
import { parseDate } from './dates.js';

/** Page metadata before the body is extracted. Every field is optional: pages omit any of them. */
export interface PageMetadata {
  title?: string;
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

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return squash(v) || undefined;
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
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
    const raw = (s.textContent ?? '').trim();
    if (!raw || raw.length > 2_000_000) continue;
    try {
      visit(JSON.parse(raw.replace(/^\s*<!--|-->\s*$/g, '')), 0);
    } catch {
      /* a malformed block is common and never fatal */
    }
  }
  return out;
}

function metaMap(doc: Document): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const content = el.getAttribute('content');
    if (content == null || !content.trim()) continue;
    const keys = [el.getAttribute('property'), el.getAttribute('name'), el.getAttribute('itemprop')]
      .filter((k): k is string => !!k)
      .flatMap((k) => k.toLowerCase().split(/\s+/));
    for (const k of keys) {
      const list = m.get(k) ?? [];
      list.push(squash(content));
      m.set(k, list);
    }
  }
  return m;
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

/**
 * Read metadata with a fixed precedence, most explicit first: JSON-LD (`NewsArticle`, `Article`,
 * `@graph`), OpenGraph, Twitter cards, other `<meta>` (Dublin Core, Parse.ly, `author`,
 * `description`), microdata (`itemprop`), then what the page shows (`<time>`, bylines, `<title>`).
 */
export function readMetadata(doc: Document): PageMetadata {
  const ld = jsonLdObjects(doc);
  const art = ld.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage' && t !== 'Blog')) ?? ld.find((o) => typesOf(o).includes('WebPage'));
  const site = ld.find((o) => typesOf(o).some((t) => t === 'WebSite' || t === 'Organization' || t === 'NewsMediaOrganization'));
  const meta = metaMap(doc);
  const mv = (...keys: string[]): string | undefined => first(...keys.map((k) => meta.get(k)?.[0]));
  const ip = (prop: string): Element | null => doc.querySelector(`[itemprop~="${prop}"]`);
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
    const el =
      doc.querySelector('[itemprop~="author"] [itemprop~="name"]') ??
      doc.querySelector('[itemprop~="author"]') ??
      doc.querySelector('[rel="author"]') ??
      doc.querySelector('.byline__name, .byline-name, .author-name, .article-author, .byline, .author, [class*="byline"]');
    const t = textOf(el);
    return t && t.length < 150 ? splitAuthors(t) : [];
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
      doc.querySelector('time[datetime]')?.getAttribute('datetime'),
  ) ?? dateShownOnPage(doc);
  const modifiedAt = parseDate(first(str(art?.['dateModified']), mv('article:modified_time', 'og:updated_time', 'dcterms.modified')));

  const title =
    first(str(art?.['headline']), mv('og:title'), mv('twitter:title'), mv('dc.title', 'parsely-title', 'sailthru.title', 'headline')) ??
    ipVal('headline') ??
    textOf(doc.querySelector('title'));
  const html = doc.documentElement;
  const language = first(str(art?.['inLanguage']), html?.getAttribute('lang') ?? undefined, mv('og:locale', 'language', 'content-language', 'dc.language'))
    ?.replace('_', '-')
    .split(/[\s,]/)[0];
  const canonical = first(
    doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? undefined,
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
    title,
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
