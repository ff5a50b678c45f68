import type { ParseJob, ParsedArticle } from '@newsflow/contracts';
import { AppError, articleIdFor } from '@newsflow/core';
import { squash, wordCount } from './boilerplate.js';
import { decodeBase64Page, isBinaryText } from './decode.js';
import { extractFromHtml } from './html.js';
import { MAX_MARKUP_CHARS } from './guard.js';
import { extractFromText } from './text.js';
import { headlineOf, titleFromDocument } from './title.js';
import { splitAuthors } from './authors.js';
import { dateFromUrl } from './dates.js';
import { detectLanguage } from './language.js';

export type Parsed = Omit<ParsedArticle, 'trace'>;

export interface ParseOptions {
  /**
   * Most characters parsed (for HTML, counted after scripts, styles and comments are removed); the
   * rest is cut, so a huge page cannot stall the worker. @defaultValue 1_000_000
   */
  maxChars?: number;
  /** Treat the input as HTML or text regardless of sniffing. @defaultValue sniffed from the content */
  format?: 'html' | 'text';
  /**
   * Told about trouble the page survived, e.g. Readability throwing on it (the extraction goes on
   * without it). The parse worker logs these. @defaultValue none
   */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/** True when a string looks like markup rather than text copied from a page. */
export function looksLikeHtml(s: string): boolean {
  const head = s.slice(0, 2048).trimStart();
  if (/^(?:<!doctype html|<html|<\?xml)/i.test(head)) return true;
  const tags = s.slice(0, 65536).match(/<\/?(?:p|div|span|a|br|h[1-6]|body|head|meta|title|article|section|li|ul|img|table|script)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 3;
}

function resolveUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function pageSource(job: ParseJob): { content: string; format: 'html' | 'text' } {
  if (job.htmlBase64 !== undefined) {
    const decoded = decodeBase64Page(job.htmlBase64, job.headers['content-type']);
    return { content: decoded.text, format: looksLikeHtml(decoded.text) ? 'html' : 'text' };
  }
  if (job.html !== undefined) return { content: job.html, format: looksLikeHtml(job.html) ? 'html' : 'text' };
  if (job.text !== undefined) return { content: job.text, format: 'text' };
  throw new AppError('EMPTY_PAGE', 'page: one of html, htmlBase64 or text is required', { retryable: false });
}

/**
 * Extract a clean article from one page. Synchronous and pure: the same job gives the same
 * article, which keeps the stage idempotent under redelivery.
 *
 * @throws AppError `EMPTY_PAGE` / `EMPTY_ARTICLE` / `BINARY_CONTENT` / `BAD_ENCODING` (all non-retryable)
 */
export function parsePage(job: ParseJob, opts: ParseOptions = {}): Parsed {
  const maxChars = opts.maxChars ?? MAX_MARKUP_CHARS;
  const src = pageSource(job);
  let content = src.content;
  const field = job.htmlBase64 !== undefined ? 'htmlBase64' : job.html !== undefined ? 'html' : 'text';
  if (!content.trim()) throw new AppError('EMPTY_PAGE', `${field}: the page is empty`, { retryable: false });
  if (isBinaryText(content)) {
    throw new AppError('BINARY_CONTENT', `${field}: the page is binary data, not HTML or text`, { retryable: false });
  }
  const format = opts.format ?? src.format;
  if (format === 'text' && content.length > maxChars) content = content.slice(0, maxChars);

  let title: string | undefined;
  let headline: string | undefined;
  let subtitle: string | undefined;
  let description: string | undefined;
  let authors: string[] = [];
  let publishedAt: string | undefined;
  let modifiedAt: string | undefined;
  let language: string | undefined;
  let siteName: string | undefined;
  let canonical: string | undefined;
  let section: string | undefined;
  let tags: string[] = [];
  let image: ParsedArticle['image'];
  let images: ParsedArticle['images'] = [];
  let paragraphs: ParsedArticle['paragraphs'];
  let corrections: ParsedArticle['corrections'];

  if (format === 'html') {
    const x = extractFromHtml(content, maxChars, opts.onWarning ? (m, d) => opts.onWarning!(m, { url: job.url, ...d }) : undefined);
    const m = x.meta;
    siteName = m.siteName ?? job.site;
    // The title as the page publishes it (metadata, else the <title> element's headline part); a page
    // with neither has none, rather than one made up from its first sentence.
    title = m.title ?? titleFromDocument(m.documentTitle, x.headings);
    // The headline readers see: the page's <h1> when the title contains it, else the title without its site name.
    headline = title ? headlineOf(title, m.documentTitle, x.headings, siteName, job.url) : x.headings.h1[0];
    description = m.description;
    subtitle = x.subtitle;
    // Readability's byline search (metadata, then rel=author / itemprop / byline classes in the page) beats ours on its test pages.
    const rb = x.readabilityByline ? splitAuthors(x.readabilityByline) : [];
    authors = withoutOutlet(rb.length ? rb : m.authors.length ? m.authors : x.bylineAuthors, siteName);
    publishedAt = m.publishedAt ?? x.bylineDate ?? dateFromUrl(m.canonicalUrl ?? job.url) ?? x.datelineDate;
    modifiedAt = m.modifiedAt;
    language = m.language;
    canonical = resolveUrl(m.canonicalUrl, job.url);
    section = m.section;
    tags = m.tags;
    const lead = resolveUrl(m.image, job.url);
    image = lead ? { url: lead } : undefined;
    images = x.images;
    paragraphs = x.paragraphs;
    corrections = x.corrections;
  } else {
    const x = extractFromText(content);
    title = x.title;
    subtitle = x.subtitle;
    authors = x.authors;
    publishedAt = x.publishedAt;
    images = x.images;
    paragraphs = x.paragraphs;
    corrections = x.corrections;
    siteName = job.site;
  }
  if (subtitle && isLeadParagraph(subtitle) && !paragraphs.some((p) => p.text.includes(subtitle!))) {
    // A "dek" written as a paragraph of prose is the story's opening paragraph (the lead), not a subtitle.
    paragraphs = [{ kind: 'p', text: subtitle }, ...paragraphs];
    subtitle = undefined;
  }
  if (paragraphs.length === 0 && subtitle) {
    // A page whose only text is its standfirst (short wire items): that text is the article.
    paragraphs = [{ kind: 'p', text: subtitle }];
    subtitle = undefined;
  }
  const body = paragraphs.map((p) => p.text).join('\n\n');
  if (!body.trim()) {
    throw new AppError('EMPTY_ARTICLE', `${field}: no article text found in the page (${job.url})`, { retryable: false });
  }
  const canonicalUrl = canonical ?? job.url;
  const lang = language ?? job.language ?? detectLanguage(body);
  return {
    id: articleIdFor(canonicalUrl),
    pageId: job.pageId,
    url: job.url,
    canonicalUrl,
    fetchedAt: job.fetchedAt,
    receivedAt: job.receivedAt,
    title: title ?? squash(paragraphs[0]!.text).split(/(?<=[.!?])\s/)[0]!.slice(0, 200),
    ...(headline ?? title ? { headline: headline ?? title } : {}),
    ...(subtitle ? { subtitle } : {}),
    ...(description ? { description } : {}),
    authors,
    ...(publishedAt ? { publishedAt } : {}),
    ...(modifiedAt ? { modifiedAt } : {}),
    ...(lang ? { language: lang } : {}),
    ...(siteName ? { siteName } : {}),
    ...(job.source ? { source: job.source } : {}),
    ...(section ? { section } : {}),
    tags,
    ...(image ? { image } : {}),
    images,
    body,
    paragraphs,
    corrections,
    wordCount: wordCount(body),
    metadata: job.metadata,
  };
}

/** "Rob Picheta; CNN": the outlet listed beside the people who wrote the story is not an author. */
function withoutOutlet(authors: string[], siteName: string | undefined): string[] {
  if (authors.length < 2 || !siteName) return authors;
  const site = siteName.toLowerCase();
  const people = authors.filter((a) => a.toLowerCase() !== site);
  return people.length ? people : authors;
}

/**
 * Deks are a line or one sentence; a standfirst of several sentences and 30+ words is the story's
 * first paragraph (German "Vorspann", Spanish "bajada"). Shorter thresholds (20, 25 words) also took
 * two-sentence deks such as "There are more devices … Here's how to figure out …" into the body.
 */
const LEAD_MIN_WORDS = 30;
const LEAD_MIN_SENTENCES = 2;
/** Prose, not a tagline: sentences that run to a paragraph's length. */
function isLeadParagraph(text: string): boolean {
  return wordCount(text) >= LEAD_MIN_WORDS && /[.!?…"“”»)]$/.test(text.trim()) && text.split(/(?<=[.!?…])\s+(?=["“„«]?\p{Lu})/u).length >= LEAD_MIN_SENTENCES;
}
