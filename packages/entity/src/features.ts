import type { Gazetteer } from './gazetteer.js';

/** Hashed feature indices of one sentence: token t's features are `idx[off[t] .. off[t+1])`. */
export interface SentenceFeatures {
  n: number;
  off: Int32Array;
  idx: Int32Array;
}

/** Features are FNV-1a hashes, 32 bits: fast and well spread for short strings. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Continue an FNV-1a hash with the characters of `s`. */
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function mixRange(h: number, s: string, a: number, b: number): number {
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A separator between the parts of a conjoined feature. */
function sep(h: number): number {
  return Math.imul(h ^ 0x1f, FNV_PRIME);
}

const prefix = (name: string): number => sep(mix(FNV_OFFSET, name));

/** Hash states of each feature template's name, computed once. */
const P = {
  bias: prefix('b') >>> 0,
  w: prefix('w'),
  l: prefix('l'),
  s: prefix('s'),
  prefix: [0, 0, prefix('p2'), prefix('p3'), prefix('p4')],
  suffix: [0, 0, prefix('x2'), prefix('x3'), prefix('x4')],
  lm1: prefix('l-1'),
  lp1: prefix('l+1'),
  lm2: prefix('l-2'),
  lp2: prefix('l+2'),
  sm1: prefix('s-1'),
  sp1: prefix('s+1'),
  sss: prefix('sss'),
  bm1: prefix('b-1'),
  bp1: prefix('b+1'),
  len: prefix('len'),
  first: prefix('first'),
  hc: prefix('hc'),
  hcl: prefix('hcl'),
  tab: prefix('tab'),
  g: prefix('g'),
  gs: prefix('gs'),
  gm1: prefix('g-1'),
  gp1: prefix('g+1'),
  d: prefix('d'),
  ds: prefix('ds'),
  p0: prefix('p0'),
  pm1: prefix('p-1'),
  pp1: prefix('p+1'),
  dv: prefix('dv'),
  dvs: prefix('dvs'),
  surname: prefix('surname'),
};
const LEN = Array.from({ length: 13 }, (_, i) => String(i));
const EV = ['0', '1', '2', '3'];

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
  const featuresOf = documentFeaturizer(doc, gaz, bits, prior);
  return doc.map((_, si) => featuresOf(si));
}

/**
 * {@link documentFeatures} one sentence at a time: the document-level evidence is gathered once,
 * then each call hashes the features of sentence `si`. A long document can so be tagged in slices
 * without holding every sentence's features at once.
 */
export function documentFeaturizer(
  doc: readonly string[][],
  gaz: Gazetteer,
  bits: number,
  prior?: readonly (readonly string[])[],
): (si: number) => SentenceFeatures {
  const mask = (1 << bits) - 1;
  const caps = doc.map(headlineCase);
  const ev = docEvidence(doc, caps);
  const votes = prior ? priorVotes(doc, prior) : null;
  return (si) => {
    const sent = doc[si]!;
    const n = sent.length;
    const lw = sent.map((w) => w.toLowerCase());
    const sh = sent.map(shapeOf);
    const gz = gaz.match(lw);
    const hc = caps[si]!;
    const uc = hc === 'U';
    const numbers = sent.filter((w) => IS_NUMBER.test(w)).length;
    const table = numbers >= 1 && n <= 12;
    const off = new Int32Array(n + 1);
    let buf = new Int32Array(n * 64 + 16);
    let len = 0;
    // Features are hashed part by part (no concatenated strings): this is the hot loop.
    const push = (h: number): void => {
      if (len === buf.length) {
        const b = new Int32Array(buf.length * 2);
        b.set(buf);
        buf = b;
      }
      buf[len++] = (h >>> 0) & mask;
    };
    const f1 = (p: number, a: string): void => push(mix(p, a));
    const f2 = (p: number, a: string, b: string): void => push(mix(sep(mix(p, a)), b));
    const f3 = (p: number, a: string, b: string, c: string): void => push(mix(sep(mix(sep(mix(p, a)), b)), c));
    for (let i = 0; i < n; i++) {
      off[i] = len;
      const w = sent[i]!;
      const l = lw[i]!;
      const s = sh[i]!;
      const s2 = s.length > 2 ? s.slice(0, 2) : s;
      const p1 = i > 0 ? lw[i - 1]! : '<s>';
      const n1 = i + 1 < n ? lw[i + 1]! : '</s>';
      const ps = i > 0 ? sh[i - 1]! : '<s>';
      const ns = i + 1 < n ? sh[i + 1]! : '</s>';
      push(P.bias);
      if (!uc) f1(P.w, w);
      f1(P.l, l);
      f1(P.s, s);
      for (let k = 2; k <= 4; k++) {
        if (l.length > k) {
          push(mixRange(P.prefix[k]!, l, 0, k));
          push(mixRange(P.suffix[k]!, l, l.length - k, l.length));
        }
      }
      f1(P.lm1, p1);
      f1(P.lp1, n1);
      f1(P.lm2, i > 1 ? lw[i - 2]! : '<s>');
      f1(P.lp2, i + 2 < n ? lw[i + 2]! : '</s>');
      f2(P.sm1, ps, s);
      f2(P.sp1, s, ns);
      f3(P.sss, ps, s, ns);
      f2(P.bm1, p1, l);
      f2(P.bp1, l, n1);
      f1(P.len, LEN[Math.min(l.length, 12)]!);
      if (i === 0) f1(P.first, s);
      if (hc) {
        f2(P.hc, hc, s);
        f2(P.hcl, hc, l);
      }
      if (table) f2(P.tab, s, ns);
      for (const g of gz[i]!) {
        f1(P.g, g);
        f2(P.gs, g, hc || s2);
      }
      if (i > 0) for (const g of gz[i - 1]!) f1(P.gm1, g);
      if (i + 1 < n) for (const g of gz[i + 1]!) f1(P.gp1, g);
      if (HAS_LETTER.test(w) && !ALL_LOWER.test(w)) {
        const e = EV[ev.get(l) ?? 0]!;
        f2(P.d, e, hc || (i === 0 ? 'F' : 'M'));
        f2(P.ds, e, s2);
      }
      if (prior && votes) {
        const pl = prior[si]!;
        const p0 = pl[i]!;
        f1(P.p0, p0);
        f2(P.pm1, i > 0 ? pl[i - 1]! : '<s>', p0);
        f2(P.pp1, p0, i + 1 < n ? pl[i + 1]! : '</s>');
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
        f2(P.dv, best, own);
        f2(P.dvs, best, hc || s2);
        if (votes.has(' per-surname ' + l)) f1(P.surname, own);
      }
    }
    off[n] = len;
    return { n, off, idx: buf.slice(0, len) };
  };
}
