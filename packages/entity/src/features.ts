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
  c: [prefix('c0'), prefix('c1'), prefix('c2'), prefix('c3')],
  cs: [prefix('cs0'), prefix('cs1'), prefix('cs2'), prefix('cs3')],
  cm1: prefix('c-1'),
  cp1: prefix('c+1'),
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
function docEvidence(doc: readonly string[][], caps: string[], lower: readonly string[][]): Map<string, number> {
  const ev = new Map<string, number>();
  doc.forEach((sent, si) => {
    if (caps[si]) return;
    const ls = lower[si]!;
    sent.forEach((w, i) => {
      const lw = ls[i]!;
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
function priorVotes(doc: readonly string[][], prior: readonly (readonly string[])[], lower: readonly string[][]): Map<string, Map<string, number>> {
  const votes = new Map<string, Map<string, number>>();
  doc.forEach((sent, si) => {
    const pl = prior[si]!;
    const ls = lower[si]!;
    sent.forEach((w, i) => {
      if (!HAS_LETTER.test(w)) return;
      const l = ls[i]!;
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

/** What the prior-label features of a sentence read besides the labels: worked out with its other features. */
interface SentenceBase {
  /** Features that do not depend on a prior tagging: all a first pass sees, and the start of each token's features in a second. */
  f: SentenceFeatures;
  lw: string[];
  /** The token's shape cut to two characters. */
  s2: string[];
}

/**
 * Documents of up to this many tokens keep each sentence's prior-independent features between the
 * passes (about 40 indices a token: 16 MB at this size), so a second pass hashes only the features
 * of the first pass's labels. Longer ones hash them again in each pass and hold one sentence at a time.
 */
export const MAX_CACHED_TOKENS = 100_000;

/**
 * The work on a document that every tagging pass shares: the document-level evidence, and the
 * prior-independent features of each sentence (kept when the document is at most
 * {@link MAX_CACHED_TOKENS} tokens long). Pass one instance to each pass's {@link documentFeaturizer}.
 */
export class SharedFeatures {
  readonly caps: Array<'' | 'U' | 'T'>;
  /** Each token lower-cased, once for the evidence, the features and the votes. */
  readonly lower: string[][];
  readonly ev: Map<string, number>;
  private readonly cache: Array<SentenceBase | undefined> | null;

  constructor(
    readonly doc: readonly string[][],
    readonly gaz: Gazetteer,
    readonly bits: number,
    maxCachedTokens = MAX_CACHED_TOKENS,
  ) {
    this.caps = doc.map(headlineCase);
    this.lower = doc.map((s) => s.map((w) => w.toLowerCase()));
    this.ev = docEvidence(doc, this.caps, this.lower);
    let tokens = 0;
    for (const s of doc) tokens += s.length;
    this.cache = tokens <= maxCachedTokens ? new Array<SentenceBase | undefined>(doc.length) : null;
  }

  /** Sentence `si`'s prior-independent features, hashed on first use (each use when not cached). */
  base(si: number): SentenceBase {
    const hit = this.cache?.[si];
    if (hit) return hit;
    const b = baseFeatures(this.doc[si]!, this.lower[si]!, this.caps[si]!, this.ev, this.gaz, (1 << this.bits) - 1);
    if (this.cache) this.cache[si] = b;
    return b;
  }
}

/** Grows as features are pushed; `done()` gives the exact-length indices. */
class FeatureBuffer {
  buf: Int32Array;
  len = 0;
  constructor(
    size: number,
    private readonly mask: number,
  ) {
    this.buf = new Int32Array(size);
  }
  push(h: number): void {
    if (this.len === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.len++] = (h >>> 0) & this.mask;
  }
  f1(p: number, a: string): void {
    this.push(mix(p, a));
  }
  f2(p: number, a: string, b: string): void {
    this.push(mix(sep(mix(p, a)), b));
  }
  f3(p: number, a: string, b: string, c: string): void {
    this.push(mix(sep(mix(sep(mix(p, a)), b)), c));
  }
}

function baseFeatures(sent: readonly string[], lw: string[], hc: '' | 'U' | 'T', ev: Map<string, number>, gaz: Gazetteer, mask: number): SentenceBase {
  const n = sent.length;
  const sh = sent.map(shapeOf);
  const s2s = sh.map((s) => (s.length > 2 ? s.slice(0, 2) : s));
  const gz = gaz.match(lw);
  const cl = gaz.clusters;
  const cs = cl ? sent.map((w, i) => cl.of(w, lw[i]!)) : null;
  const uc = hc === 'U';
  const numbers = sent.filter((w) => IS_NUMBER.test(w)).length;
  const table = numbers >= 1 && n <= 12;
  const off = new Int32Array(n + 1);
  const out = new FeatureBuffer(n * 64 + 16, mask);
  // Features are hashed part by part (no concatenated strings): this is the hot loop.
  for (let i = 0; i < n; i++) {
    off[i] = out.len;
    const w = sent[i]!;
    const l = lw[i]!;
    const s = sh[i]!;
    const s2 = s2s[i]!;
    const p1 = i > 0 ? lw[i - 1]! : '<s>';
    const n1 = i + 1 < n ? lw[i + 1]! : '</s>';
    const ps = i > 0 ? sh[i - 1]! : '<s>';
    const ns = i + 1 < n ? sh[i + 1]! : '</s>';
    out.push(P.bias);
    if (!uc) out.f1(P.w, w);
    out.f1(P.l, l);
    out.f1(P.s, s);
    for (let k = 2; k <= 4; k++) {
      if (l.length > k) {
        out.push(mixRange(P.prefix[k]!, l, 0, k));
        out.push(mixRange(P.suffix[k]!, l, l.length - k, l.length));
      }
    }
    out.f1(P.lm1, p1);
    out.f1(P.lp1, n1);
    out.f1(P.lm2, i > 1 ? lw[i - 2]! : '<s>');
    out.f1(P.lp2, i + 2 < n ? lw[i + 2]! : '</s>');
    out.f2(P.sm1, ps, s);
    out.f2(P.sp1, s, ns);
    out.f3(P.sss, ps, s, ns);
    out.f2(P.bm1, p1, l);
    out.f2(P.bp1, l, n1);
    out.f1(P.len, LEN[Math.min(l.length, 12)]!);
    if (i === 0) out.f1(P.first, s);
    if (hc) {
      out.f2(P.hc, hc, s);
      out.f2(P.hcl, hc, l);
    }
    if (table) out.f2(P.tab, s, ns);
    for (const g of gz[i]!) {
      out.f1(P.g, g);
      out.f2(P.gs, g, hc || s2);
    }
    if (i > 0) for (const g of gz[i - 1]!) out.f1(P.gm1, g);
    if (i + 1 < n) for (const g of gz[i + 1]!) out.f1(P.gp1, g);
    if (cs) {
      // Each size's class, the class beside the token's shape, and the neighbours' middle class.
      const c = cs[i]!;
      for (let k = 0; k < c.length && k < 4; k++) {
        out.f1(P.c[k]!, c[k]!);
        out.f2(P.cs[k]!, c[k]!, hc || s2);
      }
      const mid = (c.length - 1) >> 1;
      if (i > 0) {
        const cp = cs[i - 1]![mid];
        if (cp) out.f1(P.cm1, cp);
      }
      if (i + 1 < n) {
        const cn = cs[i + 1]![mid];
        if (cn) out.f1(P.cp1, cn);
      }
    }
    if (HAS_LETTER.test(w) && !ALL_LOWER.test(w)) {
      const e = EV[ev.get(l) ?? 0]!;
      out.f2(P.d, e, hc || (i === 0 ? 'F' : 'M'));
      out.f2(P.ds, e, s2);
    }
  }
  off[n] = out.len;
  return { f: { n, off, idx: out.buf.slice(0, out.len) }, lw, s2: s2s };
}

/** Features of the first pass's labels around each token, after the token's other features. */
function priorFeatures(b: SentenceBase, hc: '' | 'U' | 'T', pl: readonly string[], votes: Map<string, Map<string, number>>, mask: number): SentenceFeatures {
  const { f, lw, s2 } = b;
  const n = f.n;
  const off = new Int32Array(n + 1);
  // At most six prior features a token.
  const out = new FeatureBuffer(f.idx.length + n * 6 + 16, mask);
  for (let i = 0; i < n; i++) {
    off[i] = out.len;
    for (let k = f.off[i]!; k < f.off[i + 1]!; k++) out.buf[out.len++] = f.idx[k]!;
    const l = lw[i]!;
    const p0 = pl[i]!;
    out.f1(P.p0, p0);
    out.f2(P.pm1, i > 0 ? pl[i - 1]! : '<s>', p0);
    out.f2(P.pp1, p0, i + 1 < n ? pl[i + 1]! : '</s>');
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
    out.f2(P.dv, best, own);
    out.f2(P.dvs, best, hc || s2[i]!);
    if (votes.has(' per-surname ' + l)) out.f1(P.surname, own);
  }
  off[n] = out.len;
  return { n, off, idx: out.buf.slice(0, out.len) };
}

/**
 * {@link documentFeatures} one sentence at a time: the document-level evidence is gathered once,
 * then each call hashes the features of sentence `si`. A long document can so be tagged in slices
 * without holding every sentence's features at once. Passes over one document share `shared`, so
 * the evidence and the prior-independent features are worked out once for all of them.
 */
export function documentFeaturizer(
  doc: readonly string[][],
  gaz: Gazetteer,
  bits: number,
  prior?: readonly (readonly string[])[],
  shared: SharedFeatures = new SharedFeatures(doc, gaz, bits),
): (si: number) => SentenceFeatures {
  if (shared.doc !== doc || shared.gaz !== gaz || shared.bits !== bits) throw new RangeError('documentFeaturizer: shared features belong to another document, gazetteer or size');
  const mask = (1 << bits) - 1;
  const votes = prior ? priorVotes(doc, prior, shared.lower) : null;
  return (si) => {
    const b = shared.base(si);
    return prior && votes ? priorFeatures(b, shared.caps[si]!, prior[si]!, votes, mask) : b.f;
  };
}
