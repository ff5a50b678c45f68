import { toIob2, type LabeledDoc } from './corpora.js';

/** GUM entity types that are names in CoNLL's sense; the others (abstract, event, time, …) are left out. */
const GUM_TYPES: Record<string, string> = { person: 'PER', organization: 'ORG', place: 'LOC' };

/** Lower-case words that may join the proper nouns of one name: "University of Portsmouth". */
const CONNECTORS = new Set(['of', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', '&', 'for', 'the', 'on', 'upon', 'da', 'di', 'del', 'bin', 'al']);

/** Words GUM includes in person mentions before the name ("President Donald Trump"); CoNLL tags only the name. */
const TITLES = new Set(
  (
    'mr. mr mrs. mrs ms. ms miss dr. dr president prime minister general gen. secretary senator sen. king queen vice pope ' +
    'chancellor premier colonel lieutenant captain ambassador governor gov. judge justice prince princess sheikh archbishop ' +
    'cardinal bishop rev. reverend representative rep. former deputy chief commander admiral sergeant mayor emperor sir lord ' +
    'lady saint st. professor prof. coach chairman ceo director officer detective agent'
  ).split(' '),
);

interface Mention {
  type: string;
  first: number;
  last: number;
  /** Token indices (sentence-relative) of the mention's head words, from GUM's minspan field. */
  heads: number[];
  /** The Wikipedia identity GUM gives a mention that names something. */
  identity: boolean;
}

interface Token {
  form: string;
  xpos: string;
  upos: string;
}

const isProper = (t: Token): boolean => t.upos === 'PROPN' || t.xpos === 'NNP' || t.xpos === 'NNPS';

export interface GumStats {
  documents: number;
  sentences: number;
  tokens: number;
  /** Person, organisation and place mentions opened in the files. */
  mentions: number;
  /** Name spans derived from them. */
  spans: number;
}

/**
 * The name span inside a GUM mention: the run of proper nouns around its head, joined over
 * connectors ("Bank of England"), with leading titles, a leading "the" and the nested mentions
 * that modify a person on the left (`nestedLeft`) left out. Null when the head
 * is not a proper noun ("the team", "she").
 */
function nameSpan(m: Mention, toks: Token[], nestedLeft: Set<number>): { first: number; last: number } | null {
  const proper = (i: number): boolean => isProper(toks[i]!) && !nestedLeft.has(i);
  // Runs of proper nouns, joined over one or two connectors ("Bank of the West").
  const runs: Array<{ first: number; last: number }> = [];
  for (let i = m.first; i <= m.last; i++) {
    if (!proper(i)) continue;
    const run = { first: i, last: i };
    for (;;) {
      const j = run.last;
      if (j + 1 <= m.last && proper(j + 1)) run.last = j + 1;
      else if (j + 2 <= m.last && CONNECTORS.has(toks[j + 1]!.form.toLowerCase()) && proper(j + 2)) run.last = j + 2;
      else if (j + 3 <= m.last && CONNECTORS.has(toks[j + 1]!.form.toLowerCase()) && CONNECTORS.has(toks[j + 2]!.form.toLowerCase()) && proper(j + 3)) run.last = j + 3;
      else break;
    }
    runs.push(run);
    i = run.last;
  }
  // The mention's minimal span says which run is the name: a person's name comes after titles
  // and modifiers ("Afghan Ambassador to the United States Hamdullah Mohib"), an organisation's
  // or a place's before its appositions ("Durham University, United Kingdom").
  const headed = runs.filter((r) => m.heads.some((h) => h >= r.first && h <= r.last));
  const run = m.type === 'PER' ? headed[headed.length - 1] : headed[0];
  if (!run) return null;
  let { first: a, last: b } = run;
  // A plural proper noun without an identity is a group ("Muslims"), not a name.
  if (!m.identity && a === b && toks[a]!.xpos === 'NNPS') return null;
  if (m.type === 'PER') while (a < b && TITLES.has(toks[a]!.form.toLowerCase())) a++;
  while (a < b && toks[a]!.form.toLowerCase() === 'the') a++;
  if (m.type === 'PER' && TITLES.has(toks[a]!.form.toLowerCase())) return null;
  return { first: a, last: b };
}

/**
 * One GUM file (CoNLL-U with the entity layer in MISC) as a labelled document with CoNLL-style
 * name spans: person → PER, organization → ORG, place → LOC, taken from mentions whose head is a
 * proper noun. Outer mentions are placed first; a derived span that overlaps one already placed is
 * dropped, so "University of Portsmouth" stays one ORG and its nested place does not split it.
 */
export function readGum(text: string): { doc: LabeledDoc; stats: GumStats } {
  const doc: LabeledDoc = [];
  const stats: GumStats = { documents: 1, sentences: 0, tokens: 0, mentions: 0, spans: 0 };
  let toks: Token[] = [];
  let mentions: Mention[] = [];
  const open = new Map<string, Mention[]>();
  const endSentence = (): void => {
    if (!toks.length) return;
    // Mentions still open at a sentence end close at its last token.
    for (const ms of open.values()) for (const m of ms) m.last = toks.length - 1;
    open.clear();
    mentions.sort((x, y) => x.first - y.first || y.last - x.last);
    const taken = new Array<boolean>(toks.length).fill(false);
    const spans: Array<{ type: string; first: number; last: number }> = [];
    for (const m of mentions) {
      // In a person mention, the mentions nested before the head modify it ("US" in "US President
      // Donald Trump"). In an organisation or place they are part of the name ("United States
      // National Security Council").
      const nestedLeft = new Set<number>();
      const head = Math.max(...m.heads.filter((h) => isProper(toks[h] ?? { form: '', xpos: '', upos: '' })));
      if (m.type === 'PER')
        for (const o of mentions)
          if (o !== m && o.first >= m.first && o.last < head)
            for (let i = o.first; i <= o.last; i++) nestedLeft.add(i);
      const s = nameSpan(m, toks, nestedLeft);
      if (!s) continue;
      let free = true;
      for (let i = s.first; i <= s.last; i++) if (taken[i]) free = false;
      if (!free) continue;
      for (let i = s.first; i <= s.last; i++) taken[i] = true;
      spans.push({ type: m.type, first: s.first, last: s.last });
    }
    stats.spans += spans.length;
    stats.sentences++;
    stats.tokens += toks.length;
    doc.push({ tokens: toks.map((t) => t.form), labels: toIob2(toks.length, spans) });
    toks = [];
    mentions = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      endSentence();
      continue;
    }
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    // Multi-word token ranges ("1-2") and empty nodes ("1.1") carry no surface form of their own.
    if (cols.length < 10 || !/^\d+$/.test(cols[0]!)) continue;
    const i = toks.length;
    toks.push({ form: cols[1]!, upos: cols[3]!, xpos: cols[4]! });
    const ent = /(?:^|\|)Entity=([^|]*)/.exec(cols[9]!)?.[1];
    if (!ent) continue;
    // "(3-organization-new-sssss-cf1-5-coref-Identity" opens, "3)" closes, "(7-time-…)" does both.
    for (const tok of ent.match(/\(\d+-[^()]*\)?|\d+\)/g) ?? []) {
      if (tok.startsWith('(')) {
        const body = tok.endsWith(')') ? tok.slice(1, -1) : tok.slice(1);
        const f = body.split('-');
        const id = f[0]!;
        const type = GUM_TYPES[f[1] ?? ''];
        if (!type) {
          // Kept open only to pair its closing bracket.
          if (!tok.endsWith(')')) open.set(id, [...(open.get(id) ?? []), { type: '', first: i, last: i, heads: [], identity: false }]);
          continue;
        }
        stats.mentions++;
        const rel = (f[5] ?? '1').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
        const m: Mention = { type, first: i, last: i, heads: rel.map((r) => i + r - 1), identity: f.length > 7 && f.slice(7).join('-') !== '_' };
        mentions.push(m);
        if (!tok.endsWith(')')) open.set(id, [...(open.get(id) ?? []), m]);
      } else {
        const id = tok.slice(0, -1);
        const ms = open.get(id);
        const m = ms?.pop();
        if (m) m.last = i;
        if (ms && !ms.length) open.delete(id);
      }
    }
  }
  endSentence();
  return { doc, stats };
}
