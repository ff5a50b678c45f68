import { XMLParser } from 'fast-xml-parser';
import { AppError } from '@newsflow/core';

export interface FeedEntry {
  /** Absolute http(s) URL of the article page. */
  url: string;
  title?: string;
  /** ISO 8601, when the feed gives a parseable date. */
  publishedAt?: string;
  language?: string;
}

export interface ParsedFeed {
  kind: 'rss' | 'atom' | 'rdf' | 'json' | 'sitemap' | 'sitemapindex';
  title?: string;
  /** Site or publication name (RSS channel title, Atom title, Google News publication name). */
  site?: string;
  language?: string;
  entries: FeedEntry[];
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ['item', 'entry', 'url', 'sitemap', 'link'].includes(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return undefined;
}

function isoDate(v: unknown): string | undefined {
  const s = text(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function push(out: FeedEntry[], seen: Set<string>, e: Partial<FeedEntry> & { url?: string }): void {
  if (!e.url || seen.has(e.url)) return;
  seen.add(e.url);
  const entry: FeedEntry = { url: e.url };
  if (e.title) entry.title = e.title;
  if (e.publishedAt) entry.publishedAt = e.publishedAt;
  if (e.language) entry.language = e.language;
  out.push(entry);
}

function atomLink(links: unknown, base: string): string | undefined {
  const list = (Array.isArray(links) ? links : [links]).filter(Boolean) as Array<Node | string>;
  const pick = list.find((l) => typeof l === 'object' && (!l['@_rel'] || l['@_rel'] === 'alternate')) ?? list[0];
  if (typeof pick === 'string') return absolute(pick, base);
  return absolute(text(pick?.['@_href']) ?? text(pick), base);
}

/** JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1): `items[].url` (or `external_url`), title, dates, language. */
function parseJsonFeed(json: string, baseUrl: string): ParsedFeed {
  let doc: Node;
  try {
    doc = JSON.parse(json) as Node;
  } catch (err) {
    throw new AppError('FEED_INVALID', `${baseUrl}: not valid JSON: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || !/^https?:\/\/jsonfeed\.org\/version\/1/.test(String(doc.version ?? ''))) {
    throw new AppError('FEED_UNSUPPORTED', `${baseUrl}: a JSON document without a JSON Feed "version" (https://jsonfeed.org/version/1.1)`);
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const language = str(doc.language);
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const it of (Array.isArray(doc.items) ? doc.items : []) as Node[]) {
    if (!it || typeof it !== 'object') continue;
    push(entries, seen, { url: absolute(str(it.url) ?? str(it.external_url), baseUrl), title: str(it.title), publishedAt: isoDate(str(it.date_published) ?? str(it.date_modified)), language: str(it.language) ?? language });
  }
  const title = str(doc.title);
  return { kind: 'json', ...(title ? { title, site: title } : {}), ...(language ? { language } : {}), entries, sitemaps: [] };
}

/**
 * Read an RSS 2.0 / RSS 1.0 (RDF) / Atom feed, a JSON Feed, or an XML sitemap (plain, index, or
 * Google News) into article URLs. Relative links are resolved against `baseUrl`; non-http(s) links
 * and repeats dropped.
 */
export function parseFeed(xml: string, baseUrl: string): ParsedFeed {
  if (/^\s*\{/.test(xml)) return parseJsonFeed(xml, baseUrl);
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new AppError('FEED_INVALID', `${baseUrl}: not well-formed XML: ${(err as Error).message}`);
  }
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  if (doc.rss) {
    const ch = ((doc.rss as Node).channel ?? {}) as Node;
    const language = text(ch.language);
    for (const it of (ch.item ?? []) as Node[]) {
      const guid = it.guid as Node | string | undefined;
      const guidLink = typeof guid === 'object' && guid['@_isPermaLink'] !== 'false' ? text(guid) : typeof guid === 'string' ? guid : undefined;
      const url = absolute(text(it.link), baseUrl) ?? absolute(guidLink, baseUrl);
      push(entries, seen, { url, title: text(it.title), publishedAt: isoDate(it.pubDate ?? it.date), language });
    }
    return { kind: 'rss', title: text(ch.title), site: text(ch.title), language, entries, sitemaps: [] };
  }
  if (doc.feed) {
    const f = doc.feed as Node;
    const language = text(f['@_lang']);
    for (const e of (f.entry ?? []) as Node[]) {
      push(entries, seen, { url: atomLink(e.link, baseUrl), title: text(e.title), publishedAt: isoDate(e.published ?? e.updated), language: text(e['@_lang']) ?? language });
    }
    return { kind: 'atom', title: text(f.title), site: text(f.title), language, entries, sitemaps: [] };
  }
  if (doc.RDF) {
    const r = doc.RDF as Node;
    const ch = (r.channel ?? {}) as Node;
    for (const it of (r.item ?? []) as Node[]) push(entries, seen, { url: absolute(text(it.link), baseUrl), title: text(it.title), publishedAt: isoDate(it.date) });
    return { kind: 'rdf', title: text(ch.title), site: text(ch.title), entries, sitemaps: [] };
  }
  if (doc.urlset) {
    let site: string | undefined;
    for (const u of ((doc.urlset as Node).url ?? []) as Node[]) {
      const news = (u.news ?? undefined) as Node | undefined;
      const pub = (news?.publication ?? undefined) as Node | undefined;
      site ??= text(pub?.name);
      push(entries, seen, {
        url: absolute(text(u.loc), baseUrl),
        title: text(news?.title),
        publishedAt: isoDate(news?.publication_date ?? u.lastmod),
        language: text(pub?.language),
      });
    }
    return { kind: 'sitemap', ...(site ? { site } : {}), entries, sitemaps: [] };
  }
  if (doc.sitemapindex) {
    const sitemaps = (((doc.sitemapindex as Node).sitemap ?? []) as Node[]).map((s) => absolute(text(s.loc), baseUrl)).filter((s): s is string => !!s);
    return { kind: 'sitemapindex', entries: [], sitemaps: [...new Set(sitemaps)] };
  }
  throw new AppError('FEED_UNSUPPORTED', `${baseUrl}: not an RSS, Atom, JSON Feed or sitemap document (root element: ${Object.keys(doc).filter((k) => !k.startsWith('?'))[0] ?? 'none'})`);
}
