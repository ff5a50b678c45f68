import type { Entity } from '@newsflow/contracts';
import { buildEntities } from './canonical.js';
import { defaultTagger } from './default-tagger.js';
import { headlineCase } from './features.js';
import { spansOf, type TaggedSpan, type Tagger } from './spans.js';
import { isTitleOnly } from './titles.js';
import { tokenize } from './tokenize.js';

/** Longer "names" are tagging accidents (text without spaces or punctuation), not names. */
const MAX_NAME_CHARS = 120;
const MAX_NAME_TOKENS = 12;

export interface ExtractInput {
  title: string;
  body: string;
  /** BCP 47 language of the text; the model is English, other languages get a best effort. */
  language?: string;
}

export interface ExtractOptions {
  /** The tagger to use. @defaultValue the shipped statistical model, loaded once per process */
  tagger?: Tagger;
  /** Extra aliases keyed by normalised name. @defaultValue the model's country aliases */
  aliases?: ReadonlyMap<string, string>;
  /** Keep MISC entities (nationalities, events…), which the pipeline does not use. @defaultValue false */
  includeMisc?: boolean;
  /**
   * Characters of the body read at most; text past this is ignored, so a huge page costs bounded
   * time. @defaultValue 2_000_000
   */
  maxChars?: number;
}

/**
 * In a headline written in title case or capitals every word looks like a name ("ECB Holds Rates
 * Steady"), so a title span keeps only its longest run of words that the body also tags as part
 * of a name; with no such word it is dropped. Titles of articles without a tagged body are kept.
 */
function confirmHeadlineSpans(titleSpans: TaggedSpan[], bodySpans: TaggedSpan[]): TaggedSpan[] {
  if (!bodySpans.length) return titleSpans;
  const known = new Set<string>();
  for (const s of bodySpans) for (let i = s.first; i <= s.last; i++) known.add(s.sentence[i]!.text.toLowerCase());
  const out: TaggedSpan[] = [];
  for (const s of titleSpans) {
    if (!headlineCase(s.sentence.map((t) => t.text))) {
      out.push(s);
      continue;
    }
    let best: [number, number] | null = null;
    for (let i = s.first; i <= s.last; i++) {
      if (!known.has(s.sentence[i]!.text.toLowerCase())) continue;
      let j = i;
      while (j + 1 <= s.last && known.has(s.sentence[j + 1]!.text.toLowerCase())) j++;
      if (!best || j - i > best[1] - best[0]) best = [i, j];
      i = j;
    }
    if (!best) continue;
    const [first, last] = best;
    const start = s.sentence[first]!.start;
    const end = s.sentence[last]!.end;
    out.push({ ...s, first, last, start, end, text: s.text.slice(start - s.start, end - s.start) });
  }
  return out;
}

/**
 * People, organisations and places in an article, one {@link Entity} per real-world thing with
 * its mentions (character offsets into `title` or `body`), canonical name, aliases, salience and
 * titles. The title and body are tagged as one document, so a name seen in one informs the other.
 */
export function extractEntities(input: ExtractInput, opts: ExtractOptions = {}): Entity[] {
  const title = typeof input.title === 'string' ? input.title : '';
  const full = typeof input.body === 'string' ? input.body : '';
  const body = full.length > (opts.maxChars ?? 2_000_000) ? full.slice(0, opts.maxChars ?? 2_000_000) : full;
  const titleSents = tokenize(title);
  const bodySents = tokenize(body);
  if (!titleSents.length && !bodySents.length) return [];
  const def = opts.tagger ? null : defaultTagger();
  const tagger = opts.tagger ?? def!.tagger;
  const labels = tagger.tag([...titleSents, ...bodySents].map((s) => s.map((t) => t.text)));
  const bodySpans = spansOf('body', body, bodySents, labels.slice(titleSents.length));
  const titleSpans = confirmHeadlineSpans(spansOf('title', title, titleSents, labels.slice(0, titleSents.length)), bodySpans);
  const spans = [...titleSpans, ...bodySpans].filter(
    (s) => (opts.includeMisc || s.type !== 'MISC') && !isTitleOnly(s) && s.end - s.start <= MAX_NAME_CHARS && s.last - s.first < MAX_NAME_TOKENS,
  );
  return buildEntities(spans, { aliases: opts.aliases ?? def?.aliases });
}
