import nlp from 'compromise';
import type { Tagger } from './spans.js';

type Match = { offset?: { start: number; length: number } };

const PUNCT = /^[^\p{L}\p{N}]+$/u;
const NO_SPACE_BEFORE = /^(?:[.,;:!?%)\]}]|['’](?:s|re|ve|ll|d|m)|n't)$/i;

/**
 * The rule-based baseline: compromise's people(), places() and organizations() matched back onto
 * the given tokens. Used by `newsflow eval ner --baseline compromise` to show what the trained model
 * is measured against.
 */
export function compromiseTagger(): Tagger {
  return {
    name: 'compromise',
    tag(doc: string[][]): string[][] {
      // One sentence per line; each token's character range in the joined text.
      const ranges: Array<Array<[number, number]>> = [];
      let text = '';
      for (const sent of doc) {
        const r: Array<[number, number]> = [];
        for (const tok of sent) {
          // Detokenise ("Putin 's" → "Putin's", "Moscow ," → "Moscow,"): compromise reads prose.
          if (r.length && !NO_SPACE_BEFORE.test(tok) && !text.endsWith('(') && !text.endsWith('$')) text += ' ';
          r.push([text.length, text.length + tok.length]);
          text += tok;
        }
        ranges.push(r);
        text += '\n';
      }
      const labels = doc.map((s) => s.map(() => 'O'));
      const d = nlp(text);
      const apply = (matches: Match[], type: string): void => {
        for (const m of matches) {
          if (!m.offset) continue;
          const start = m.offset.start;
          const end = start + m.offset.length;
          ranges.forEach((r, si) => {
            // Tokens inside the match, without punctuation at its edges ("Moscow," → "Moscow").
            const inside = r.flatMap(([s, e], ti) => (s >= start && e <= end ? [ti] : []));
            const sent = doc[si]!;
            while (inside.length && PUNCT.test(sent[inside[0]!]!)) inside.shift();
            while (inside.length && PUNCT.test(sent[inside[inside.length - 1]!]!)) inside.pop();
            if (!inside.length || inside.some((ti) => labels[si]![ti] !== 'O')) return;
            inside.forEach((ti, k) => (labels[si]![ti] = `${k ? 'I' : 'B'}-${type}`));
          });
        }
      };
      apply(d.people().json({ offset: true }) as Match[], 'PER');
      apply(d.organizations().json({ offset: true }) as Match[], 'ORG');
      apply(d.places().json({ offset: true }) as Match[], 'LOC');
      return labels;
    },
  };
}
