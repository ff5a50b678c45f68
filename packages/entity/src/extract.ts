import type { Entity } from '@newsflow/contracts';
import { buildEntities, normKey } from './canonical.js';
import { defaultTagger } from './default-tagger.js';
import { headlineCase } from './features.js';
import { applySpanRules } from './span-rules.js';
import { spansOf, type TaggedSpan, type Tagger } from './spans.js';
import { runSteps, runStepsYielding, type Steps } from './steps.js';
import { isTitleOnly } from './titles.js';
import { tokenize } from './tokenize.js';

/** Longer "names" are tagging accidents (text without spaces or punctuation), not names. */
const MAX_NAME_CHARS = 120;
const MAX_NAME_TOKENS = 12;

export interface ExtractInput {
  title: string;
  body: string;
  /**
   * BCP 47 language of the text. The shipped model is English: text in another language gets no
   * entities (see `languages`), never the English model's guesses. Unknown (absent) is read as English.
   */
  language?: string;
}

export interface ExtractOptions {
  /** The tagger to use. @defaultValue the shipped statistical model, loaded once per process */
  tagger?: Tagger;
  /** Extra aliases keyed by normalised name. @defaultValue the model's country aliases */
  aliases?: ReadonlyMap<string, string>;
  /**
   * Country names, normalised: an entity named after one is a place (LOC) even where the tagger
   * read it as an organisation ("the United States imposed sanctions"), so a country keeps one type
   * across articles. @defaultValue the model's countries
   */
  countries?: ReadonlySet<string>;
  /** Keep MISC entities (nationalities, events…), which the pipeline does not use. @defaultValue false */
  includeMisc?: boolean;
  /**
   * Characters of the body read at most; text past this is ignored, so a huge page costs bounded
   * time (3–5 s of CPU at the default, see docs/entity.md). A cut is reported in
   * `stats.truncated`, and the worker logs it. @defaultValue 2_000_000
   */
  maxChars?: number;
  /**
   * Languages the tagger has a model for (primary subtags). Text in any other language gets no
   * entities and `stats.language` says why; `null` tags every language. @defaultValue {@link ENTITY_LANGUAGES}
   */
  languages?: readonly string[] | null;
  /** Filled with what the extraction read and did, for logs and tests. @defaultValue none */
  stats?: ExtractStats;
}

/** Languages the shipped model tags: English only (its training data is English). */
export const ENTITY_LANGUAGES: readonly string[] = ['en'];

/** True when text in `language` (BCP 47, or unknown) is tagged with a model for one of `languages`. */
export function hasEntityModel(language: string | undefined, languages: readonly string[] | null = ENTITY_LANGUAGES): boolean {
  if (!language || !languages) return true;
  const primary = language.toLowerCase().split(/[-_]/)[0]!;
  return languages.includes(primary);
}

/** How much one extraction read and did. */
export interface ExtractStats {
  /** Characters of the body as given. */
  bodyChars: number;
  /** Characters of the body read: less than `bodyChars` when `maxChars` cut it. */
  charsRead: number;
  /** The body was longer than `maxChars` and its end was not read. */
  truncated: boolean;
  sentences: number;
  tokens: number;
  /** Tagged spans kept as mentions. */
  spans: number;
  /** Distinct names before merging. */
  groups: number;
  /** (name, longer name) pairs the merge passes looked at; grows linearly with the names. */
  candidates: number;
  /** Times `extractEntitiesAsync` handed the event loop back. */
  yields: number;
  /** Set when the text was not tagged because no model handles its language: that language. */
  language?: string;
}

export interface ExtractAsyncOptions extends ExtractOptions {
  /**
   * Milliseconds of work after which the next slice boundary gives the event loop a turn, so a
   * queue worker's lock renewal and other jobs keep running during a long page. Slices are 64
   * sentences of tagging; merging is one slice. @defaultValue 20
   */
  yieldEveryMs?: number;
}

const DEFAULT_MAX_CHARS = 2_000_000;

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
 * Time grows linearly with the length of the text and the number of names in it.
 */
export function extractEntities(input: ExtractInput, opts: ExtractOptions = {}): Entity[] {
  return runSteps(extractSteps(input, opts));
}

/**
 * {@link extractEntities}, handing the event loop back between slices once `yieldEveryMs` have
 * passed: what a queue worker calls, so a page with thousands of names does not hold up its lock
 * renewal.
 */
export async function extractEntitiesAsync(input: ExtractInput, opts: ExtractAsyncOptions = {}): Promise<Entity[]> {
  const yieldEveryMs = opts.yieldEveryMs ?? 20;
  if (!Number.isFinite(yieldEveryMs) || yieldEveryMs < 0) throw new RangeError(`yieldEveryMs: must be a number ≥ 0, got ${String(yieldEveryMs)}`);
  return runStepsYielding(extractSteps(input, opts), yieldEveryMs, () => {
    if (opts.stats) opts.stats.yields++;
  });
}

function* extractSteps(input: ExtractInput, opts: ExtractOptions): Steps<Entity[]> {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 0) throw new RangeError(`maxChars: must be an integer ≥ 0, got ${String(maxChars)}`);
  const title = typeof input.title === 'string' ? input.title : '';
  const full = typeof input.body === 'string' ? input.body : '';
  const body = full.length > maxChars ? full.slice(0, maxChars) : full;
  const stats = opts.stats;
  if (stats) Object.assign(stats, { bodyChars: full.length, charsRead: body.length, truncated: body.length < full.length, sentences: 0, tokens: 0, spans: 0, groups: 0, candidates: 0, yields: 0 });
  if (!hasEntityModel(input.language, opts.languages === undefined ? ENTITY_LANGUAGES : opts.languages)) {
    if (stats) stats.language = input.language!;
    return [];
  }
  const titleSents = tokenize(title);
  const bodySents = tokenize(body);
  if (stats) {
    stats.sentences = titleSents.length + bodySents.length;
    for (const s of titleSents) stats.tokens += s.length;
    for (const s of bodySents) stats.tokens += s.length;
  }
  if (!titleSents.length && !bodySents.length) return [];
  yield;
  const def = opts.tagger ? null : defaultTagger();
  const tagger = opts.tagger ?? def!.tagger;
  const doc = [...titleSents, ...bodySents].map((s) => s.map((t) => t.text));
  const labels = tagger.tagSteps ? yield* tagger.tagSteps(doc) : tagger.tag(doc);
  yield;
  const countries = opts.countries ?? def?.countries;
  const known = (text: string): boolean => countries?.has(normKey(text)) ?? false;
  const bodySpans = applySpanRules(spansOf('body', body, bodySents, labels.slice(titleSents.length)), { text: body, sentences: bodySents, field: 'body', known });
  const titleSpans = applySpanRules(confirmHeadlineSpans(spansOf('title', title, titleSents, labels.slice(0, titleSents.length)), bodySpans), {
    text: title,
    sentences: titleSents,
    field: 'title',
    known,
  });
  const spans = [...titleSpans, ...bodySpans].filter(
    (s) => (opts.includeMisc || s.type !== 'MISC') && !isTitleOnly(s) && s.end - s.start <= MAX_NAME_CHARS && s.last - s.first < MAX_NAME_TOKENS,
  );
  if (stats) stats.spans = spans.length;
  yield;
  const merge = { groups: 0, candidates: 0 };
  const entities = buildEntities(spans, { aliases: opts.aliases ?? def?.aliases, ...(countries ? { countries } : {}), stats: merge });
  if (stats) Object.assign(stats, merge);
  return entities;
}
