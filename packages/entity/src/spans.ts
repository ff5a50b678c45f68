import type { EntityType } from '@newsflow/contracts';
import type { Sentence } from './tokenize.js';

/** Labels the taggers use: BIO over the four CoNLL types. */
export const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const satisfies readonly EntityType[];
export const LABELS = ['O', ...ENTITY_TYPES.flatMap((t) => [`B-${t}`, `I-${t}`])] as const;
export type Label = (typeof LABELS)[number];

/** One recognised mention, located in a tokenised field. */
export interface TaggedSpan {
  type: EntityType;
  field: 'title' | 'body';
  /** Character offsets into the field's text. */
  start: number;
  end: number;
  text: string;
  /** The sentence holding the span and the span's token range [first, last]. */
  sentence: Sentence;
  first: number;
  last: number;
  /** Index of the sentence within its field: lead sentences weigh more in salience. */
  sentenceIndex: number;
}

/** A tagger labels each token of a document (a list of tokenised sentences) with a BIO label. */
export interface Tagger {
  readonly name: string;
  tag(doc: string[][]): string[][];
  /**
   * The same labels as `tag`, computed in slices with a yield between them, so a caller can hand
   * the event loop back during a long document. Optional: without it `tag` runs as one slice.
   */
  tagSteps?(doc: string[][]): Generator<void, string[][], void>;
}

/**
 * Chunks of a BIO (or IOB1) label sequence with conlleval semantics: a chunk starts at `B-X`, or at
 * `I-X` after `O` or a different type, and ends before the next start or `O`.
 */
export function chunks(labels: readonly string[]): Array<{ type: string; first: number; last: number }> {
  const out: Array<{ type: string; first: number; last: number }> = [];
  let cur: { type: string; first: number; last: number } | null = null;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 'O' || l.length < 3) {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    const prefix = l[0];
    const type = l.slice(2);
    if (prefix === 'B' || !cur || cur.type !== type) {
      if (cur) out.push(cur);
      cur = { type, first: i, last: i };
    } else {
      cur.last = i;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Turn a field's tagged sentences into spans with character offsets into the field's text. */
export function spansOf(field: 'title' | 'body', text: string, sentences: Sentence[], labels: string[][]): TaggedSpan[] {
  const spans: TaggedSpan[] = [];
  sentences.forEach((sentence, si) => {
    for (const c of chunks(labels[si] ?? [])) {
      if (!(ENTITY_TYPES as readonly string[]).includes(c.type)) continue;
      const start = sentence[c.first]!.start;
      const end = sentence[c.last]!.end;
      spans.push({ type: c.type as EntityType, field, start, end, text: text.slice(start, end), sentence, first: c.first, last: c.last, sentenceIndex: si });
    }
  });
  return spans;
}
