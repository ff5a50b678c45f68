import { chunks } from './spans.js';

/** A sentence with one gold label per token (IOB2). */
export interface LabeledSentence {
  tokens: string[];
  labels: string[];
}
export type LabeledDoc = LabeledSentence[];

/** Re-label a sentence from any BIO/IOB1 variant into IOB2 over the given chunks. */
export function toIob2(n: number, cs: Array<{ type: string; first: number; last: number }>): string[] {
  const labels = new Array<string>(n).fill('O');
  for (const c of cs) for (let i = c.first; i <= c.last; i++) labels[i] = `${i === c.first ? 'B' : 'I'}-${c.type}`;
  return labels;
}

/** A `# key = value` comment line (CoNLL-U, UNER); a CoNLL token line for "#" has no '='. */
const COMMENT = /^#\s*[\w.:-]+(?:\s+[\w.:-]+)?\s*=/;
const TAG = /^(?:O|[BIES]-\S+)$/;

/**
 * CoNLL-style files: `TOKEN [POS CHUNK] TAG` per line, blank lines between sentences,
 * `-DOCSTART-` between documents. IOB1 (Wikigold) and IOB2 tags are both read into IOB2.
 * Universal NER files are read too: `INDEX<TAB>TOKEN<TAB>TAG<TAB>MISC<TAB>ANNOTATOR` lines,
 * `# key = value` comments, and a `# newdoc` comment between documents.
 */
export function readConll(text: string): LabeledDoc[] {
  const docs: LabeledDoc[] = [];
  let doc: LabeledDoc = [];
  let sent: { tokens: string[]; raw: string[] } = { tokens: [], raw: [] };
  const endSentence = (): void => {
    if (sent.tokens.length) doc.push({ tokens: sent.tokens, labels: toIob2(sent.tokens.length, chunks(sent.raw)) });
    sent = { tokens: [], raw: [] };
  };
  const endDoc = (): void => {
    endSentence();
    if (doc.length) docs.push(doc);
    doc = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t) {
      endSentence();
      continue;
    }
    if (COMMENT.test(t)) {
      if (/^#\s*newdoc\b/.test(t)) endDoc();
      continue;
    }
    const parts = t.split(/\s+/);
    if (parts[0] === '-DOCSTART-') {
      endDoc();
      continue;
    }
    if (line.includes('\t') && parts.length === 5 && /^\d+$/.test(parts[0]!) && TAG.test(parts[2]!)) {
      sent.tokens.push(parts[1]!);
      sent.raw.push(parts[2]!);
      continue;
    }
    sent.tokens.push(parts[0]!);
    sent.raw.push(parts.length > 1 ? parts[parts.length - 1]! : 'O');
  }
  endDoc();
  return docs;
}

/** GMB types → CoNLL types; time and natural phenomena are not names here. */
const GMB_TYPES: Record<string, string | null> = { geo: 'LOC', org: 'ORG', per: 'PER', gpe: 'MISC', art: 'MISC', eve: 'MISC', tim: null, nat: null };

/** Words GMB includes at the start of person spans; CoNLL tags only the name. */
const TITLE_WORDS = new Set(
  (
    'mr. mrs. ms. miss dr. president prime minister general gen. secretary secretary-general senator sen. king queen vice pope ' +
    'chancellor foreign defense defence premier colonel col. lieutenant lt. captain capt. ambassador governor gov. judge prince ' +
    'princess sheikh archbishop cardinal bishop rev. reverend representative rep. former deputy chief commander admiral sergeant ' +
    'spokesman leader opposition interior finance state envoy mayor emperor crown field marshal sir lord lady saint st. ' +
    'ayatollah mullah imam president-elect candidate'
  ).split(' '),
);

export interface GmbStats {
  sentences: number;
  duplicatesDropped: number;
  tokens: number;
  titleTokensStripped: number;
  titleOnlySpansDropped: number;
  relabelled: number;
}

/** Parse one CSV line of the GMB file (quoted fields may hold commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The GMB-derived Kaggle corpus (silver), cleaned as its README advises: cp1252 decoded, types
 * mapped to CoNLL's, titles stripped from person spans (title-only spans dropped), duplicate
 * sentences and the cut-off last sentence dropped, and each span text relabelled to its majority
 * type when one type holds at least 60% of its occurrences ("U.S." geo/org → LOC). Consecutive
 * sentences are grouped into pseudo-documents of `docSize` (the file has no document breaks).
 */
export function readGmb(csv: Buffer, docSize = 10): { docs: LabeledDoc[]; stats: GmbStats } {
  const text = new TextDecoder('windows-1252').decode(csv);
  const lines = text.split(/\r?\n/);
  const raw: Array<{ tokens: string[]; tags: string[] }> = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = csvFields(lines[i]!);
    if (f.length < 4) continue;
    const tag = f[f.length - 1]!;
    const word = f.slice(1, f.length - 2).join(',');
    if (f[0]) raw.push({ tokens: [], tags: [] });
    raw[raw.length - 1]?.tokens.push(word);
    raw[raw.length - 1]?.tags.push(tag);
  }
  raw.pop(); // cut off at Excel's row limit
  const stats: GmbStats = { sentences: 0, duplicatesDropped: 0, tokens: 0, titleTokensStripped: 0, titleOnlySpansDropped: 0, relabelled: 0 };
  const seen = new Set<string>();
  const sentences: Array<{ tokens: string[]; spans: Array<{ type: string; first: number; last: number }> }> = [];
  for (const s of raw) {
    const key = s.tokens.join(' ');
    if (seen.has(key)) {
      stats.duplicatesDropped++;
      continue;
    }
    seen.add(key);
    const spans: Array<{ type: string; first: number; last: number }> = [];
    for (const c of chunks(s.tags)) {
      const type = GMB_TYPES[c.type];
      if (!type) continue;
      let first = c.first;
      if (type === 'PER') {
        while (first <= c.last && TITLE_WORDS.has(s.tokens[first]!.toLowerCase())) first++;
        if (first > c.last) {
          stats.titleOnlySpansDropped++;
          continue;
        }
        stats.titleTokensStripped += first - c.first;
      }
      spans.push({ type, first, last: c.last });
    }
    sentences.push({ tokens: s.tokens, spans });
  }
  // Majority type per span text.
  const votes = new Map<string, Map<string, number>>();
  for (const s of sentences)
    for (const sp of s.spans) {
      const k = s.tokens.slice(sp.first, sp.last + 1).join(' ');
      const v = votes.get(k) ?? new Map<string, number>();
      v.set(sp.type, (v.get(sp.type) ?? 0) + 1);
      votes.set(k, v);
    }
  const majority = new Map<string, string>();
  for (const [k, v] of votes) {
    const total = [...v.values()].reduce((a, b) => a + b, 0);
    const [type, n] = [...v.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (v.size > 1 && n / total >= 0.6) majority.set(k, type);
  }
  const docs: LabeledDoc[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    for (const sp of s.spans) {
      const m = majority.get(s.tokens.slice(sp.first, sp.last + 1).join(' '));
      if (m && m !== sp.type) {
        sp.type = m;
        stats.relabelled++;
      }
    }
    if (i % docSize === 0) docs.push([]);
    docs[docs.length - 1]!.push({ tokens: s.tokens, labels: toIob2(s.tokens.length, s.spans) });
    stats.sentences++;
    stats.tokens += s.tokens.length;
  }
  return { docs, stats };
}
