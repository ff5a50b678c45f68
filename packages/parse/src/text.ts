import type { Correction, ImageRef, Paragraph } from '@newsflow/contracts';
import { END_MARKER, appealDensity, classifyBlock, squash, wordCount, type BlockVerdict } from './boilerplate.js';
import { asCorrection } from './corrections.js';
import { isBylineLine, splitAuthors } from './authors.js';
import { isDateLine, parseDate } from './dates.js';

/** What the text path extracts: the same fields the HTML path fills from markup. */
export interface TextExtraction {
  title?: string;
  subtitle?: string;
  authors: string[];
  publishedAt?: string;
  paragraphs: Paragraph[];
  corrections: Correction[];
  images: ImageRef[];
}

/** "Photo: X", "(Getty Images)", "X / Reuters": credit lines, whether in text or under an image. */
const CREDIT =
  /^(?:\(?(?:photo|image|picture|foto|illustration|video|graphic|credit|source)s?(?: by| credit)?\s*[:/]|\(?(?:photo|image) by\b)|(?:\/|\||©)\s*(?:[\w.&' -]{2,40})\)?$|\b(?:getty images|reuters|associated press|ap photo|afp|epa(?:-efe)?|shutterstock|press service|press office|handout|wikimedia commons|unsplash|istock)\)?\.?$/i;

/** A caption that ends in its credit: "Protesters in the square (Image: Getty)", "… (AP Photo/Jane Doe, File)". */
const CAPTION_WITH_CREDIT = /\((?:(?:image|photo|picture|foto|pic|credit|source|bild|fuente|crédit)s?\s*(?:by)?\s*[:/©][^)]{1,80}|AP Photo[^)]{0,80}|[^)]{0,60}\/\s*(?:getty images|reuters|afp|ap|epa|shutterstock)[^)]{0,20})\)\.?$/i;

/** A short line that credits or captions an image. */
export function isCreditLine(line: string): boolean {
  const s = squash(line);
  if (s.length === 0) return false;
  return (s.length <= 160 && CREDIT.test(s)) || (s.length <= 400 && CAPTION_WITH_CREDIT.test(s));
}

function endsSentence(s: string): boolean {
  return /[.!?…:;"”’)]$/.test(s);
}

/** A line that can be a headline: a handful of words, no final full stop, not chrome. */
function isTitleLike(s: string): boolean {
  const w = wordCount(s);
  return w >= 3 && w <= 30 && !/[.:;,!]$/.test(s) && classifyBlock(s) === undefined && !isDateLine(s) && !isBylineLine(s);
}

/** A body paragraph: a sentence or more of prose. */
function isProse(s: string): boolean {
  return wordCount(s) >= 10 && endsSentence(s);
}

/** A line this short, without a sentence ending, is header furniture near the top of a story. */
const HEADER_LINE_WORDS = 8;
/** Lines above the first paragraph searched for the headline. */
const TITLE_LOOKBACK = 12;
/** What a short line (a menu item, a button) costs a run of prose. */
const SHORT_LINE_COST = 4;

/** What the rules say of one line, worked out once: the region search and the body pass both read it. */
interface LineFacts {
  correction: Correction | undefined;
  credit: boolean;
  verdict: BlockVerdict;
  words: number;
}

function factsOf(l: string): LineFacts {
  return { correction: asCorrection(l), credit: isCreditLine(l), verdict: classifyBlock(l), words: wordCount(l) };
}

/** A line's worth to the article region: prose counts its words, page furniture counts against it. */
function lineScore(l: string, f: LineFacts): number {
  if (f.correction || f.credit) return 0;
  if (f.verdict !== undefined) return -Math.max(SHORT_LINE_COST, Math.min(f.words, 40));
  if (isProse(l)) return f.words;
  if (f.words > 12) return f.words / 2;
  return -SHORT_LINE_COST;
}

/** First and last line of the run of lines with the highest total score (maximum subarray), or undefined. */
function mainRegion(lines: string[], facts: LineFacts[]): [number, number] | undefined {
  let best = 0;
  let bestRange: [number, number] | undefined;
  let sum = 0;
  let from = 0;
  for (let i = 0; i < lines.length; i++) {
    if (sum <= 0) {
      sum = 0;
      from = i;
    }
    sum += lineScore(lines[i]!, facts[i]!);
    if (sum > best) {
      best = sum;
      bestRange = [from, i];
    }
  }
  return bestRange;
}

/**
 * Extract an article from text copied off a web page, where no markup tells the article from the
 * site around it. The layout such text keeps is what this relies on: one block per line, a
 * headline before the first prose paragraph, short header lines (byline, date, photo credit)
 * between them, and site furniture (newsletter boxes, appeals, buttons) as recognisable blocks.
 */
export function extractFromText(input: string): TextExtraction {
  const lines = input
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(squash)
    .filter((l) => l.length > 0);
  const out: TextExtraction = { authors: [], paragraphs: [], corrections: [], images: [] };
  // The article is the densest run of prose; a cookie notice above a hundred menu lines is not its start.
  const facts = lines.map(factsOf);
  const region = mainRegion(lines, facts);
  const firstProse = region ? lines.findIndex((l, i) => i >= region[0] && isProse(l)) : lines.findIndex(isProse);
  const last = region ? region[1] : lines.length - 1;
  let start = 0;
  if (firstProse > 0) {
    // The headline: the nearest headline-sized line above the first paragraph (bylines, dates, credits and
    // short lines skipped); else the first title-like line of the page.
    let titleAt = -1;
    for (let i = firstProse - 1; i >= Math.max(0, firstProse - TITLE_LOOKBACK); i--) {
      const l = lines[i]!;
      if (wordCount(l) >= 5 && isTitleLike(l) && !isCreditLine(l)) {
        titleAt = i;
        break;
      }
    }
    for (let i = 0; titleAt < 0 && i < firstProse; i++) if (isTitleLike(lines[i]!)) titleAt = i;
    for (let i = titleAt + 1; titleAt >= 0 && i < firstProse; i++) {
      const l = lines[i]!;
      if (isBylineLine(l)) out.authors.push(...splitAuthors(l));
      else if (isDateLine(l)) out.publishedAt ??= parseDate(l.replace(/^(?:published|posted|updated)\s*:?\s*/i, ''));
      else if (isCreditLine(l) || (wordCount(l) <= 8 && !endsSentence(l))) out.images.push({ credit: l });
      else if (!out.subtitle && wordCount(l) >= 5 && classifyBlock(l) === undefined) out.subtitle = l;
    }
    if (titleAt >= 0) out.title = lines[titleAt];
    start = firstProse;
  } else if (firstProse === 0 && lines.length > 1 && wordCount(lines[0]!) <= 30) {
    out.title = lines[0]!.replace(/[.]$/, '');
    start = 1;
  }
  let inAppeal = false;
  let proseSeen = 0;
  for (let i = start; i <= last; i++) {
    const l = lines[i]!;
    // "Related stories" / "Comments" after the article: what follows belongs to other pages.
    if (out.paragraphs.length >= 3 && l.length <= 60 && END_MARKER.test(l)) break;
    const { correction, credit, verdict } = facts[i]!;
    if (correction) {
      out.corrections.push(correction);
      continue;
    }
    if (verdict === 'appeal-start' || verdict === 'appeal' || verdict === 'newsletter') {
      inAppeal = verdict !== 'newsletter' || inAppeal;
      continue;
    }
    if (verdict) continue;
    // Inside an appeal, prose keeps speaking to the reader in the first and second person.
    if (inAppeal && (appealDensity(l) >= 4 || /\b(?:we|our|us|you|your)\b/i.test(l))) continue;
    inAppeal = false;
    if (credit) {
      out.images.push({ credit: l });
      continue;
    }
    if (isBylineLine(l) && out.authors.length === 0) {
      out.authors.push(...splitAuthors(l));
      continue;
    }
    // Before the story's second paragraph, short lines are the header around it (byline pieces, the
    // author's handle, a date, "Opinion Columnist"), not section headings.
    if (proseSeen < 2 && wordCount(l) <= HEADER_LINE_WORDS && !endsSentence(l)) {
      if (isDateLine(l)) out.publishedAt ??= parseDate(l);
      continue;
    }
    if (isProse(l)) proseSeen++;
    out.paragraphs.push({ kind: isProse(l) || wordCount(l) > 12 ? 'p' : /^[-•*]\s/.test(l) ? 'li' : 'h2', text: l.replace(/^[-•*]\s+/, '') });
  }
  // A correction notice below the last paragraph (after a share bar, say) is still this article's.
  for (let i = last + 1; i < lines.length && !(lines[i]!.length <= 60 && END_MARKER.test(lines[i]!)); i++) {
    const correction = facts[i]!.correction;
    if (correction) out.corrections.push(correction);
  }
  // Header-like lines left at the end (a lone "Tags" list, a short title of a related story) are not body.
  while (out.paragraphs.length > 1 && out.paragraphs.at(-1)!.kind === 'h2') out.paragraphs.pop();
  return out;
}
