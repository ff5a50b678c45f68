import type { Gazetteer } from './gazetteer.js';

/** Hashed feature indices of one sentence: token t's features are `idx[off[t] .. off[t+1])`. */
export interface SentenceFeatures {
  n: number;
  off: Int32Array;
  idx: Int32Array;
}

/** FNV-1a, 32 bits: fast and well spread for short feature strings. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Word shape with runs collapsed: "McDonald" → "XxXx", "U.S." → "X.X.", "1996" → "d". */
export function shapeOf(w: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < w.length; i++) {
    const code = w.charCodeAt(i);
    let c: string;
    if (code >= 65 && code <= 90) c = 'X';
    else if (code >= 97 && code <= 122) c = 'x';
    else if (code >= 48 && code <= 57) c = 'd';
    else if (code < 128) c = w[i]!;
    else {
      const ch = w[i]!;
      c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const HAS_LETTER = /\p{L}/u;
const IS_UPPER_WORD = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;
const STARTS_UPPER = /^\p{Lu}/u;
const ALL_LOWER = /^[\p{Ll}\p{M}'’-]+$/u;
const IS_NUMBER = /^\p{N}+(?:[.,:/-]\p{N}+)*$/u;

/**
 * A headline written in capitals ("SHEARER NAMED AS CAPTAIN") or in title case ("Putin and Trump
 * Meet Briefly"): case says little about names there. 'U' for capitals, 'T' for title case.
 */
export function headlineCase(sent: readonly string[]): '' | 'U' | 'T' {
  let letters = 0;
  let upper = 0;
  let title = 0;
  let long = 0;
  let numbers = 0;
  for (const w of sent) {
    if (IS_NUMBER.test(w)) numbers++;
    if (!HAS_LETTER.test(w)) continue;
    letters++;
    if (IS_UPPER_WORD.test(w)) upper++;
    if (w.length > 3) {
      long++;
      if (STARTS_UPPER.test(w)) title++;
    }
  }
  if (letters >= 2 && upper / letters >= 0.8) return 'U';
  // Lines with numbers are tables or results, not headlines.
  if (long >= 3 && title / long >= 0.75 && sent.length <= 25 && numbers === 0) return 'T';
  return '';
}

/**
 * Document-level evidence per lower-cased word (Chieu & Ng 2002): seen capitalised inside a
 * normally written sentence (a name), and seen all lower-case (a common word). This lets a
 * headline in capitals borrow what the body says about the same word.
 */
function docEvidence(doc: readonly string[][], caps: string[]): Map<string, number> {
  const ev = new Map<string, number>();
  doc.forEach((sent, si) => {
    if (caps[si]) return;
    sent.forEach((w, i) => {
      const lw = w.toLowerCase();
      let bits = ev.get(lw) ?? 0;
      if (i > 0 && STARTS_UPPER.test(w)) bits |= 1;
      if (ALL_LOWER.test(w)) bits |= 2;
      ev.set(lw, bits);
    });
  });
  return ev;
}

/**
 * Votes of a first-pass tagging per lower-cased word: how often each type (or `O`) labelled it
 * in this document. Surnames of multi-word persons are marked under a ' per-surname ' key.
 */
function priorVotes(doc: readonly string[][], prior: readonly (readonly string[])[]): Map<string, Map<string, number>> {
  const votes = new Map<string, Map<string, number>>();
  doc.forEach((sent, si) => {
    const pl = prior[si]!;
    sent.forEach((w, i) => {
      if (!HAS_LETTER.test(w)) return;
      const l = w.toLowerCase();
      const t = pl[i] === 'O' ? 'O' : pl[i]!.slice(2);
      const v = votes.get(l) ?? new Map<string, number>();
      v.set(t, (v.get(t) ?? 0) + 1);
      votes.set(l, v);
      if (t === 'PER' && i > 0 && pl[i - 1] !== 'O' && pl[i + 1] !== 'I-PER') votes.set(' per-surname ' + l, v);
    });
  });
  return votes;
}

/**
 * Features of every token of a document, hashed into `2^bits` buckets: word and lower-cased word,
 * shape, affixes, a ±2 context window, shape and word bigrams, gazetteer matches around the
 * token, capitals-line and table-line flags, and document-level evidence. With `prior` (a
 * first-pass tagging of the same document) the second pass also sees the first pass's labels
 * around the token and how the rest of the document labelled the same word (stacking).
 */
export function documentFeatures(doc: readonly string[][], gaz: Gazetteer, bits: number, prior?: readonly (readonly string[])[]): SentenceFeatures[] {
  const mask = (1 << bits) - 1;
  const caps = doc.map(headlineCase);
  const ev = docEvidence(doc, caps);
  const votes = prior ? priorVotes(doc, prior) : null;
  return doc.map((sent, si) => {
    const n = sent.length;
    const lw = sent.map((w) => w.toLowerCase());
    const sh = sent.map(shapeOf);
    const gz = gaz.match(lw);
    const hc = caps[si]!;
    const uc = hc === 'U';
    const numbers = sent.filter((w) => IS_NUMBER.test(w)).length;
    const table = numbers >= 1 && n <= 12;
    const off = new Int32Array(n + 1);
    const idx: number[] = [];
    const add = (f: string): void => {
      idx.push(fnv1a(f) & mask);
    };
    for (let i = 0; i < n; i++) {
      off[i] = idx.length;
      const w = sent[i]!;
      const l = lw[i]!;
      const s = sh[i]!;
      const p1 = i > 0 ? lw[i - 1]! : '<s>';
      const n1 = i + 1 < n ? lw[i + 1]! : '</s>';
      const ps = i > 0 ? sh[i - 1]! : '<s>';
      const ns = i + 1 < n ? sh[i + 1]! : '</s>';
      add('b');
      if (!uc) add('w=' + w);
      add('l=' + l);
      add('s=' + s);
      for (let k = 2; k <= 4; k++) {
        if (l.length > k) {
          add(`p${k}=` + l.slice(0, k));
          add(`x${k}=` + l.slice(-k));
        }
      }
      add('l-1=' + p1);
      add('l+1=' + n1);
      add('l-2=' + (i > 1 ? lw[i - 2]! : '<s>'));
      add('l+2=' + (i + 2 < n ? lw[i + 2]! : '</s>'));
      add('s-1=' + ps + '|' + s);
      add('s+1=' + s + '|' + ns);
      add('sss=' + ps + '|' + s + '|' + ns);
      add('b-1=' + p1 + '|' + l);
      add('b+1=' + l + '|' + n1);
      add('len=' + Math.min(l.length, 12));
      if (i === 0) add('first|' + s);
      if (hc) {
        add(hc + 'c|' + s);
        add(hc + 'c|l=' + l);
      }
      if (table) add('tab|' + s + '|' + ns);
      for (const g of gz[i]!) {
        add('g=' + g);
        add('g=' + g + '|' + (hc || s.slice(0, 2)));
      }
      if (i > 0) for (const g of gz[i - 1]!) add('g-1=' + g);
      if (i + 1 < n) for (const g of gz[i + 1]!) add('g+1=' + g);
      if (HAS_LETTER.test(w) && !ALL_LOWER.test(w)) {
        const e = ev.get(l) ?? 0;
        add(`d=${e}|${hc || (i === 0 ? 'F' : 'M')}`);
        add(`d=${e}|${s.slice(0, 2)}`);
      }
      if (prior && votes) {
        const pl = prior[si]!;
        const p0 = pl[i]!;
        add('p0=' + p0);
        add('p-1=' + (i > 0 ? pl[i - 1]! : '<s>') + '|' + p0);
        add('p+1=' + p0 + '|' + (i + 1 < n ? pl[i + 1]! : '</s>'));
        const v = votes.get(l);
        const own = p0 === 'O' ? 'O' : p0.slice(2);
        let best = 'none';
        if (v) {
          // The other occurrences' vote: this one's own label is taken out.
          let top = 0;
          for (const [t, c] of v) {
            const k = t === own ? c - 1 : c;
            if (k > top) (top = k), (best = t);
          }
          if (top === 0) best = 'none';
        }
        add('dv=' + best + '|' + own);
        add('dv=' + best + '|' + (hc || s.slice(0, 2)));
        if (votes.has(' per-surname ' + l)) add('surname|' + own);
      }
    }
    off[n] = idx.length;
    return { n, off, idx: Int32Array.from(idx) };
  });
}
