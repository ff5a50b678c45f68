import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Correction, ImageRef, Paragraph } from '@newsflow/contracts';
import { END_MARKER, classifyBlock, squash, wordCount } from './boilerplate.js';
import { toBlocks, type Block } from './blocks.js';
import { asCorrection } from './corrections.js';
import { readMetadata, type PageMetadata } from './metadata.js';
import { isBylineLine, parseMetaLine, splitAuthors } from './authors.js';
import { isCreditLine } from './text.js';
import { isDateLine, parseDate } from './dates.js';
import { EMBEDDED_POST_MARKUP, cleanDocument, takeSubtitle } from './clean.js';
import { guardMarkup } from './guard.js';
import { fallbackBlocks, proseWords } from './fallback.js';
import { eachElement, findAll, isMarkedBody, tagOf } from './dom.js';
import type { PageHeadings } from './title.js';

export interface HtmlExtraction {
  meta: PageMetadata;
  /** The page's `<h1>` and `<h2>` texts, read before clean-up. */
  headings: PageHeadings;
  /** Readability's title and byline: one more opinion, from its own precedence rules. */
  readabilityTitle?: string | undefined;
  readabilityByline?: string | undefined;
  /** The dek under the headline, taken out of the body. */
  subtitle?: string;
  paragraphs: Paragraph[];
  corrections: Correction[];
  images: ImageRef[];
  /** Byline found in the article body, when the metadata had none. */
  bylineAuthors: string[];
  /** Date from a meta line above the story ("Jane Doe · Published Nov. 27, 2026"), when there was one. */
  bylineDate?: string;
  /** Date of the first dateline in the story ("January 22, 2014", "Erschienen am: 01.11.2023"), not an update line. */
  datelineDate?: string;
}

/** Parse HTML into a DOM (linkedom: fast, no layout, no scripts). */
export function parseDocument(html: string): Document {
  // linkedom needs a root element to build a full document from a fragment.
  const src = /<html[\s>]/i.test(html.slice(0, 4096)) ? html : `<!doctype html><html><body>${html}</body></html>`;
  return parseHTML(src).document as unknown as Document;
}

/** What the blocks of a page sort into. */
export type SortedBlocks = Pick<HtmlExtraction, 'paragraphs' | 'corrections' | 'images' | 'bylineAuthors' | 'bylineDate' | 'datelineDate'>;

/** Turn extracted blocks into body paragraphs, corrections and image credits, dropping boilerplate. */
export function sortBlocks(blocks: Block[], title: string | undefined): SortedBlocks {
  const out: SortedBlocks = { paragraphs: [], corrections: [], images: [], bylineAuthors: [] };
  const normTitle = title ? squash(title).toLowerCase() : undefined;
  let inAppeal = false;
  const linkShare: number[] = [];
  const totalChars = blocks.reduce((n, b) => n + b.text.length, 0);
  let seenChars = 0;
  for (const b of blocks) {
    seenChars += b.text.length;
    // "Related stories" / "Comments" past the middle of the text: the article is over.
    if (seenChars > totalChars * 0.5 && out.paragraphs.length >= 3 && b.text.length <= 60 && END_MARKER.test(b.text)) break;
    const correction = asCorrection(b.text);
    if (correction) {
      out.corrections.push(correction);
      continue;
    }
    if (b.caption || isCreditLine(b.text)) {
      out.images.push(/credit|photo|image|getty|reuters|\/|©/i.test(b.text) && wordCount(b.text) <= 8 ? { credit: b.text } : { caption: b.text });
      continue;
    }
    if (normTitle && b.text.toLowerCase() === normTitle) continue;
    // A byline/date line above the story ("Jane Doe, The Ledger · Published Nov. 27, 2026") is metadata, not the lead.
    const metaLine = out.paragraphs.length === 0 ? parseMetaLine(b.text) : undefined;
    if (metaLine) {
      if (out.bylineAuthors.length === 0) out.bylineAuthors.push(...metaLine.authors);
      out.bylineDate ??= metaLine.date;
      continue;
    }
    const verdict = classifyBlock(b.text);
    if (verdict === 'appeal-start' || verdict === 'appeal') {
      inAppeal = true;
      continue;
    }
    if (verdict) continue;
    if (inAppeal && /\b(?:we|our|us|you|your)\b/i.test(b.text)) continue;
    inAppeal = false;
    if (out.paragraphs.length === 0 && isBylineLine(b.text)) {
      out.bylineAuthors.push(...splitAuthors(b.text));
      continue;
    }
    if (isDateLine(b.text)) {
      // A dateline in the story ("January 22, 2014" under the headline, "Erschienen am: 01.11.2023"): the date
      // of last resort when the metadata has none. An update line is not the publication date.
      if (!/^\W*(?:updated|last updated|modified|aktualisiert|geändert|letzte änderung|actualizado|mis à jour)\b/i.test(b.text)) out.datelineDate ??= parseDate(b.text);
      continue;
    }
    if (isLinkedHeadline(b)) continue;
    out.paragraphs.push({ kind: b.kind, text: b.text });
    linkShare.push(b.linkDensity);
  }
  trimTail(out.paragraphs, linkShare);
  return out;
}

/**
 * What trails an article once its related-links box is gone: more link lists ("Other stories") and
 * the label that introduced them ("Read also:", "Further reading:"), which nothing follows.
 */
function trimTail(paragraphs: Paragraph[], linkShare: number[]): void {
  while (paragraphs.length > 3) {
    const i = paragraphs.length - 1;
    const text = paragraphs[i]!.text;
    const words = wordCount(text);
    const label = words <= TAIL_LABEL_WORDS && /:$/.test(text);
    const links = linkShare[i]! >= TAIL_LINK_SHARE && words <= 25;
    if (!label && !links) return;
    paragraphs.pop();
    linkShare.pop();
  }
}
/**
 * A paragraph that is nothing but a link to another story ("NASA Europa Mission Could Potentially Spot
 * Signs of Alien Life" between two paragraphs): a headline's length, no sentence ending, all link.
 */
function isLinkedHeadline(b: Block): boolean {
  if (b.kind === 'li' || b.kind === 'pre' || b.linkDensity < INLINE_LINK_SHARE) return false;
  const words = wordCount(b.text);
  // An address or a URL written out as a link is information the story gives, not a teaser.
  return words >= LINKED_HEADLINE_MIN_WORDS && words <= 25 && !/[.!?…:;]["”’)]?$/.test(b.text) && !/@|https?:|www\./i.test(b.text);
}
const INLINE_LINK_SHARE = 0.9;
/** 3 words: scrapinghub F1 0.9731, trafilatura 0.9265; 5 words: 0.9730 and 0.9269 (short linked names such as product names stay). */
const LINKED_HEADLINE_MIN_WORDS = 5;

/** A label is short; a related link is mostly link text (0.5, 0.6 and 0.8 score the same on both benchmarks). */
const TAIL_LABEL_WORDS = 12;
const TAIL_LINK_SHARE = 0.6;

/** The page's first `<h1>`/`<h2>` texts (a handful is enough: titles are near the top). */
function readHeadings(doc: Document): PageHeadings {
  const h1: string[] = [];
  const headings: string[] = [];
  for (const el of findAll(doc, (e) => tagOf(e) === 'h1' || tagOf(e) === 'h2', 40)) {
    // Documentation generators append a permalink mark ("Title¶").
    const t = squash(el.textContent ?? '').replace(/\s*[¶§#]$/, '');
    if (!t || t.length > 400) continue;
    headings.push(t);
    if (el.tagName === 'H1' && h1.length < 8) h1.push(t);
  }
  return { h1, headings };
}

/**
 * `[itemprop~="articleBody"]`, else the page's only `<article>`: in one walk over the elements, where
 * the two selectors and the count took three.
 */
function markedBody(doc: Document): Element | null {
  let body: Element | null = null;
  let article: Element | null = null;
  let articles = 0;
  eachElement(doc, (el) => {
    if (isMarkedBody(el)) {
      body = el;
      return true;
    }
    if (tagOf(el) === 'article' && ++articles === 1) article = el;
    return false;
  });
  return body ?? (articles === 1 ? article : null);
}

/** Extract the article from an HTML page: metadata first (Readability mutates the DOM), then the body. */
export function extractFromHtml(page: string, maxChars?: number, onWarning?: (message: string, details: Record<string, unknown>) => void): HtmlExtraction {
  const html = guardMarkup(page, maxChars);
  const doc = parseDocument(html);
  const meta = readMetadata(doc);
  const headings = readHeadings(doc);
  let root: Element | null = null;
  let readabilityTitle: string | undefined;
  let readabilityByline: string | undefined;
  const subtitle = takeSubtitle(doc);
  cleanDocument(doc, { embeddedPosts: EMBEDDED_POST_MARKUP.test(html) });
  // The body the page marks up itself, read before Readability rearranges the DOM.
  const marked = markedBody(doc);
  const markedBlocks = marked ? toBlocks(marked).filter((b) => b.linkDensity < 0.5) : [];
  try {
    const reader = new Readability<Element>(doc, { serializer: (n) => n as Element, charThreshold: 250, keepClasses: true });
    const r = reader.parse();
    root = r?.content ?? null;
    readabilityTitle = r?.title ? squash(r.title) : undefined;
    readabilityByline = r?.byline ? squash(r.byline) : undefined;
  } catch (err) {
    root = null;
    onWarning?.('Readability failed on the page; extracting without it', { err: (err as Error)?.message ?? String(err) });
  }
  let blocks = root ? toBlocks(root) : [];
  let words = proseWords(blocks);
  const markedWords = proseWords(markedBlocks);
  if (markedWords >= words * 1.6 && blocks.length > 0) {
    // Readability kept part of the marked-up body (one of its sections): take the whole when it holds Readability's lead.
    const lead = blocks.find((b) => b.text.length > 80)?.text;
    if (lead && markedBlocks.some((b) => b.text.includes(lead.slice(0, 80)))) {
      blocks = markedBlocks;
      words = markedWords;
    }
  }
  if (words < 250) {
    // Short result: ask for a second opinion on a fresh DOM (Readability has mutated this one).
    const fresh = parseDocument(html);
    takeSubtitle(fresh);
    const alt = fallbackBlocks(fresh, meta.articleBody);
    // It must add at least a couple of paragraphs' worth of prose, not just a dek and a dateline.
    if (proseWords(alt) >= Math.max(words * 1.5, words + 60)) blocks = alt;
  }
  if (blocks.length === 0) {
    // Nothing at all: the clean-up may have taken a wrapper the page uses for everything. Try once without it.
    const raw = parseDocument(html);
    try {
      const r = new Readability<Element>(raw, { serializer: (n) => n as Element, charThreshold: 250, keepClasses: true }).parse();
      if (r?.content) blocks = toBlocks(r.content);
    } catch (err) {
      // A page Readability cannot handle stays empty (and fails as EMPTY_ARTICLE).
      onWarning?.('Readability failed on the page without clean-up too', { err: (err as Error)?.message ?? String(err) });
    }
  }
  return { meta, headings, readabilityTitle, readabilityByline, ...(subtitle ? { subtitle } : {}), ...sortBlocks(blocks, meta.title ?? headings.h1[0]) };
}
