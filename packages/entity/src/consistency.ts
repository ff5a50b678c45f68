import { chunks } from './spans.js';
import { SLICE_SENTENCES, runSteps, type Steps } from './steps.js';

const STARTS_UPPER = /^\p{Lu}/u;

/**
 * Document-level label consistency (one sense per discourse): a name the tagger recognised once
 * gets the same type everywhere in the document, and untagged capitalised repeats of it are
 * tagged too. Types are decided by majority over the document's chunks of that text.
 */
export function harmonise(doc: readonly string[][], labels: string[][]): string[][] {
  return runSteps(harmoniseSteps(doc, labels));
}

/** {@link harmonise}, yielding every {@link SLICE_SENTENCES} sentences of relabelling. */
export function* harmoniseSteps(doc: readonly string[][], labels: string[][]): Steps<string[][]> {
  const votes = new Map<string, Map<string, number>>();
  const keyOf = (sent: readonly string[], first: number, last: number): string => sent.slice(first, last + 1).join(' ').toLowerCase();
  doc.forEach((sent, si) => {
    for (const c of chunks(labels[si]!)) {
      const k = keyOf(sent, c.first, c.last);
      const v = votes.get(k) ?? new Map<string, number>();
      v.set(c.type, (v.get(c.type) ?? 0) + 1);
      votes.set(k, v);
    }
  });
  if (!votes.size) return labels;
  // "Putin" after "Vladimir Putin": a person's surname alone is the same person.
  for (const [k, v] of [...votes]) {
    const parts = k.split(' ');
    if (parts.length < 2 || ![...v.keys()].includes('PER')) continue;
    const last = parts[parts.length - 1]!;
    if (last.length < 3 || votes.has(last)) continue;
    votes.set(last, new Map([['PER', 1]]));
  }
  const typeOf = new Map<string, string>();
  let maxLen = 1;
  for (const [k, v] of votes) {
    const ranked = [...v.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked.length > 1 && ranked[0]![1] === ranked[1]![1]) continue;
    typeOf.set(k, ranked[0]![0]);
    maxLen = Math.max(maxLen, k.split(' ').length);
  }
  const result: string[][] = [];
  for (let si = 0; si < doc.length; si++) {
    if (si > 0 && si % SLICE_SENTENCES === 0) yield;
    const sent = doc[si]!;
    const out = [...labels[si]!];
    for (const c of chunks(out)) {
      const t = typeOf.get(keyOf(sent, c.first, c.last));
      if (t && t !== c.type) for (let i = c.first; i <= c.last; i++) out[i] = `${i === c.first ? 'B' : 'I'}-${t}`;
    }
    for (let i = 0; i < sent.length; i++) {
      if (out[i] !== 'O' || !STARTS_UPPER.test(sent[i]!)) continue;
      // Only untagged words can be tagged: try lengths up to the run of 'O' starting here.
      let free = 0;
      while (free < maxLen && i + free < sent.length && out[i + free] === 'O') free++;
      for (let len = free; len >= 1; len--) {
        const t = typeOf.get(keyOf(sent, i, i + len - 1));
        if (!t) continue;
        if (i + len < sent.length && out[i + len]!.startsWith('I-')) continue;
        for (let j = i; j < i + len; j++) out[j] = `${j === i ? 'B' : 'I'}-${t}`;
        i += len - 1;
        break;
      }
    }
    result.push(out);
  }
  return result;
}
