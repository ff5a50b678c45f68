import nlp from 'compromise';
import type { Tagger } from './spans.js';

type Match = { offset?: { start: number; length: number } };

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
          if (r.length) text += ' ';
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
            let inside = false;
            r.forEach(([s, e], ti) => {
              if (s >= start && e <= end && labels[si]![ti] === 'O') {
                labels[si]![ti] = `${inside ? 'I' : 'B'}-${type}`;
                inside = true;
              } else inside = false;
            });
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
