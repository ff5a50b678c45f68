import type { Entity, EntityType, Mention } from '@newsflow/contracts';
import type { TaggedSpan } from './spans.js';
import { titlesFor, trimTitle } from './titles.js';

/**
 * Aliases every article shares, keyed by {@link normKey}. Country aliases from the model's
 * gazetteer (e.g. "USA", "Russian Federation") are added on top of these.
 */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  us: 'United States',
  usa: 'United States',
  america: 'United States',
  'united states of america': 'United States',
  uk: 'United Kingdom',
  britain: 'United Kingdom',
  'great britain': 'United Kingdom',
  un: 'United Nations',
  eu: 'European Union',
  'russian federation': 'Russia',
  ussr: 'Soviet Union',
  dprk: 'North Korea',
  'democratic peoples republic of korea': 'North Korea',
  'republic of korea': 'South Korea',
  prc: 'China',
  'peoples republic of china': 'China',
  uae: 'United Arab Emirates',
  nato: 'NATO',
};

/** Lower-case, accent-free, punctuation-free form used to compare names. */
export function normKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s$/u, '')
    .replace(/[.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

const CORP_SUFFIX = /\s+(corp|corporation|inc|incorporated|ltd|limited|co|company|plc|group|holdings|ag|sa|nv|llc|gmbh)$/;
const STOP = new Set(['of', 'and', 'the', 'for', 'de', 'in', 'on', '&']);

function tokensOf(key: string): string[] {
  return key.split(' ').filter(Boolean);
}

/** "Asia-Pacific Economic Cooperation" → "apec": initials of the significant words. */
function acronymOf(surface: string): string {
  const words = surface.split(/[\s-]+/).filter((w) => w && !STOP.has(w.toLowerCase()));
  return words.length >= 2 ? words.map((w) => w[0]!.toLowerCase()).join('') : '';
}

interface Group {
  key: string;
  /** `key` split into words. */
  toks: string[];
  spans: TaggedSpan[];
  /** Majority type of `spans`, worked out once: the merge passes ask for it repeatedly. */
  type: EntityType;
  /** Position in first-seen order: ties between candidates go to the earliest group. */
  order: number;
  /** Canonical name forced by an alias table, if any. */
  alias?: string;
}

export interface BuildEntitiesOptions {
  /** Extra aliases, keyed by {@link normKey}, mapping to a canonical name. @defaultValue {} */
  aliases?: ReadonlyMap<string, string>;
  /** Country names ({@link normKey}): an organisation so named is the country, a place. @defaultValue none */
  countries?: ReadonlySet<string>;
  /** Body sentences counted as the lead for salience. @defaultValue 3 */
  leadSentences?: number;
  /**
   * Filled with how much merging work was done: `candidates` counts every (name, longer name)
   * pair the merge passes looked at. The passes look pairs up by key, so this grows with the
   * number of names, not with its square. @defaultValue none
   */
  stats?: { groups: number; candidates: number };
}

/**
 * Groups by each run of `k` words at one end of their key, for 1 ≤ k < the key's length (and
 * k ≤ `maxWords`): the shorter names that may join a group are looked up here.
 */
function indexByEnds(groups: readonly Group[], end: 'head' | 'tail', maxWords = Infinity): Map<string, Group[]> {
  const index = new Map<string, Group[]>();
  for (const g of groups) {
    for (let k = 1; k < g.toks.length && k <= maxWords; k++) {
      const part = (end === 'head' ? g.toks.slice(0, k) : g.toks.slice(g.toks.length - k)).join(' ');
      const at = index.get(part);
      if (at) at.push(g);
      else index.set(part, [g]);
    }
  }
  return index;
}

/** The first item under `cmp`, as `[...items].sort(cmp)[0]` without the sort. */
function first<T>(items: readonly T[], cmp: (a: T, b: T) => number): T {
  let best = items[0]!;
  for (let i = 1; i < items.length; i++) if (cmp(items[i]!, best) < 0) best = items[i]!;
  return best;
}

/**
 * Merge mentions into entities within one article: identical names, aliases ("U.S." → "United
 * States"), partial person names ("Putin" → "Vladimir Putin"), acronyms of organisation names and
 * company suffixes ("Paxar Corp" ↔ "Paxar"). Each entity gets the majority type of its mentions.
 * Longer names are found through maps keyed by their first and last words, so a page with
 * thousands of names costs time in proportion to them.
 */
export function buildEntities(spans: TaggedSpan[], opts: BuildEntitiesOptions = {}): Entity[] {
  const aliasOf = (key: string): string | undefined => opts.aliases?.get(key) ?? BUILTIN_ALIASES[key];
  const byKey = new Map<string, { key: string; spans: TaggedSpan[]; alias?: string }>();
  for (const s of spans.map(trimTitle)) {
    const raw = normKey(s.text);
    if (!raw) continue;
    const alias = aliasOf(raw);
    const key = alias ? normKey(alias) : raw.replace(CORP_SUFFIX, '') || raw;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { key, spans: [], ...(alias ? { alias } : {}) }));
    g.spans.push(s);
  }
  const list: Group[] = [...byKey.values()].map((g, order) => ({ ...g, toks: tokensOf(g.key), type: majorityType(g.spans), order }));
  const stats = opts.stats;
  if (stats) stats.groups = list.length;
  const looked = (n: number): void => {
    if (stats) stats.candidates += n;
  };
  const parent = new Map<Group, Group>();
  const root = (g: Group): Group => {
    let r = g;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };

  // Person name parts: a shorter name whose words end (or start) a longer person name.
  const people = list.filter((g) => g.type === 'PER' && g.toks.length >= 2);
  const personTails = indexByEnds(people, 'tail');
  // Only a one-word name can be a first name.
  const personHeads = indexByEnds(people, 'head', 1);
  for (const g of list) {
    if (g.alias) continue;
    const tails = personTails.get(g.key) ?? [];
    const heads = g.type === 'PER' && g.toks.length === 1 ? (personHeads.get(g.key) ?? []) : [];
    looked(tails.length + heads.length);
    const candidates = heads.length ? [...new Set([...tails, ...heads])] : tails;
    if (!candidates.length) continue;
    // A mis-typed single word joins a person only when it matches the surname.
    if (g.type !== 'PER' && g.spans.length > candidates.reduce((n, c) => n + c.spans.length, 0) * 2) continue;
    const best = first(candidates, (a, b) => b.spans.length - a.spans.length || b.toks.length - a.toks.length || a.order - b.order);
    parent.set(g, best);
  }

  // A handle or a name written without spaces joins the name it spells: "@MattBevin" and
  // "ArvindKejriwal" join "Matt Bevin" and "Arvind Kejriwal", whatever type each was tagged.
  const bySpelling = new Map<string, Group>();
  for (const g of list) {
    if (g.toks.length < 2) continue;
    const spelt = g.toks.join('');
    if (!bySpelling.has(spelt)) bySpelling.set(spelt, g);
  }
  for (const g of list) {
    if (parent.has(g) || g.toks.length !== 1) continue;
    const full = bySpelling.get(g.key);
    looked(full ? 1 : 0);
    if (full && root(full) !== g) parent.set(g, root(full));
  }

  // Short company names: "Ford" joins "Ford Motor Co", "Erskine" joins "Erskine Resources Ltd".
  const orgHeads = indexByEnds(
    list.filter((g) => g.type === 'ORG' && g.toks.length >= 2),
    'head',
  );
  for (const g of list) {
    // A company's short name is often mistyped as a person ("Dow" beside "Dow Chemical Co"), but a
    // place beside a company named after it ("Georgia", "Georgia Power Co") is usually the place.
    if (parent.has(g) || g.alias || g.type === 'LOC' || g.type === 'MISC') continue;
    if (g.type === 'PER' && g.toks.length > 1) continue;
    const candidates = orgHeads.get(g.key) ?? [];
    looked(candidates.length);
    if (!candidates.length) continue;
    const best = first(candidates, (a, b) => b.spans.length - a.spans.length || a.toks.length - b.toks.length || a.order - b.order);
    if (root(best) !== g) parent.set(g, root(best));
  }

  // Acronyms: "APEC" joins "Asia-Pacific Economic Cooperation" when both occur.
  const byAcronym = new Map<string, Group>();
  for (const g of list) {
    if (g.type === 'PER') continue;
    const ac = acronymOf(longestSurface(g.spans).replace(/\s+(Corp|Corporation|Inc|Ltd|Co|Plc|PLC|AG|SA|NV|LLC|Group)\.?$/, ''));
    if (ac.length >= 2 && !byAcronym.has(ac)) byAcronym.set(ac, g);
  }
  for (const g of list) {
    if (parent.has(g) || g.type === 'PER' || g.key.includes(' ')) continue;
    const full = byAcronym.get(g.key);
    if (full && full !== g && root(full) !== g) parent.set(g, root(full));
  }

  // A short name given in brackets right after a name is its abbreviation: "Volkswagen (VW)",
  // "the Islamic State (IS)". People are left out: "Smith (R)" gives a party, not a name.
  const bracketed: Array<{ short: TaggedSpan; g: Group }> = [];
  for (const g of list)
    for (const sp of g.spans)
      if (sp.first === sp.last && sp.sentence[sp.first - 1]?.text === '(' && sp.sentence[sp.last + 1]?.text === ')' && sp.text.length <= 8) bracketed.push({ short: sp, g });
  if (bracketed.length) {
    // The span that ends just before the bracket, found among the spans of the same sentence.
    const endingAt = new Map<TaggedSpan['sentence'], Map<number, Group>>();
    for (const g of list)
      for (const sp of g.spans) {
        let m = endingAt.get(sp.sentence);
        if (!m) endingAt.set(sp.sentence, (m = new Map()));
        m.set(sp.last, g);
      }
    for (const { short, g } of bracketed) {
      const full = endingAt.get(short.sentence)?.get(short.first - 2);
      looked(1);
      if (!full || g.type === 'PER' || full.type === 'PER' || g === full || parent.has(g) || root(full) === g) continue;
      const r = root(full);
      parent.set(g, r);
      // The full name names the entity, however often the abbreviation is used after it.
      if (!r.alias) r.alias = cleanSurface(longestSurface(r.spans));
    }
  }

  const merged = new Map<Group, TaggedSpan[]>();
  for (const g of list) {
    const r = root(g);
    const into = merged.get(r);
    if (into) for (const s of g.spans) into.push(s);
    else merged.set(r, [...g.spans]);
  }
  const entities: Entity[] = [];
  for (const [g, groupSpans] of merged) entities.push(toEntity(g, groupSpans, opts.leadSentences ?? 3, opts.countries));
  normaliseSalience(entities);
  return entities.sort((a, b) => b.salience - a.salience || a.firstPosition - b.firstPosition || a.name.localeCompare(b.name));
}

/** Lower-case nouns that make the name before them an organisation: "the Interfax news agency". */
const ORG_HEADS = new Set(
  'agency company corporation group party bank ministry newspaper daily council committee union university institute foundation association organisation organization commission airline club firm network channel broadcaster magazine fund exchange'.split(
    ' ',
  ),
);

/** Members of an armed group: "Islamic State militants" names the group, not a place. */
const GROUP_MEMBERS = new Set(['militants', 'rebels', 'fighters', 'insurgents', 'jihadists', 'guerrillas', 'militia', 'militiamen', 'gunmen']);
/** What an appositive calls a company: "Stratfor, the Texas-based intelligence firm". */
export const FIRM_NOUNS: ReadonlySet<string> = new Set([...ORG_HEADS, 'firm', 'operator', 'maker', 'carmaker', 'retailer', 'carrier', 'lender', 'insurer', 'publisher', 'startup', 'conglomerate', 'developer', 'manufacturer', 'producer', 'supplier', 'chain', 'website', 'outlet', 'think-tank', 'charity']);

/**
 * The span is followed, within two lower-case words, by an organisation head noun ("the
 * Interfax news agency"), by the members of an armed group when it reads as a place or an
 * organisation ("Islamic State militants"), or by an appositive that calls it a firm ("Stratfor,
 * the Texas-based intelligence firm,").
 */
function orgByHead(s: TaggedSpan): boolean {
  const toks = s.sentence;
  for (let i = s.last + 1; i <= s.last + 2 && i < toks.length; i++) {
    const w = toks[i]!.text;
    if (w !== w.toLowerCase()) break;
    if (ORG_HEADS.has(w)) return true;
    if (GROUP_MEMBERS.has(w) && (s.type === 'LOC' || s.type === 'ORG')) return true;
  }
  if (toks[s.last + 1]?.text === ',' && /^(the|a|an)$/i.test(toks[s.last + 2]?.text ?? '')) {
    for (let i = s.last + 3; i <= s.last + 7 && i < toks.length; i++) {
      const w = toks[i]!.text;
      if (w === ',' || w === '.' || w === ';') break;
      if (FIRM_NOUNS.has(w.toLowerCase()) && w === w.toLowerCase()) return true;
    }
  }
  return false;
}

function majorityType(spans: TaggedSpan[]): EntityType {
  const score = new Map<EntityType, number>();
  for (const s of spans) {
    const type = s.type !== 'PER' && orgByHead(s) ? 'ORG' : s.type;
    score.set(type, (score.get(type) ?? 0) + 1 + (s.last - s.first) * 0.5);
  }
  return [...score.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function longestSurface(spans: TaggedSpan[]): string {
  return spans.map((s) => s.text).sort((a, b) => b.length - a.length)[0]!;
}

function cleanSurface(text: string): string {
  return text.replace(/^the\s+/i, '').replace(/['’]s$/u, '').trim();
}

function toEntity(g: Group, spans: TaggedSpan[], leadSentences: number, countries?: ReadonlySet<string>): Entity {
  let type = majorityType(spans);
  spans.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
  const surfaces = new Map<string, number>();
  for (const s of spans) {
    const c = cleanSurface(s.text);
    if (c) surfaces.set(c, (surfaces.get(c) ?? 0) + 1);
  }
  const ranked = [...surfaces.entries()].sort((a, b) =>
    type === 'PER'
      ? b[0].split(/\s+/).length - a[0].split(/\s+/).length || b[1] - a[1] || a[0].localeCompare(b[0])
      : b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]),
  );
  const name = g.alias ?? ranked[0]?.[0] ?? spans[0]!.text;
  if (type === 'ORG' && countries?.has(normKey(name))) type = 'LOC';
  const mentions: Mention[] = spans.map((s) => ({ text: s.text, start: s.start, end: s.end, field: s.field }));
  const body = spans.filter((s) => s.field === 'body');
  let weight = 0;
  for (const s of spans) weight += s.field === 'title' ? 3 : s.sentenceIndex < leadSentences ? 2 : 1;
  const titles = new Set<string>();
  if (type === 'PER') for (const s of spans) for (const t of titlesFor(s)) titles.add(t);
  return {
    name,
    type,
    key: `${type.toLowerCase()}:${normKey(name).replace(/\s+/g, '-')}`,
    aliases: [...surfaces.keys()].filter((a) => a !== name).sort(),
    mentions,
    count: mentions.length,
    firstPosition: body.length ? body[0]!.start : -1,
    salience: weight,
    attributes: { titles: [...titles] },
  };
}

/** Raw weights → 0..1, the most central entity of the article at 1. */
function normaliseSalience(entities: Entity[]): void {
  // A loop, not Math.max(...spread): a spread of a huge page's entities overflows the stack.
  let max = 1;
  for (const e of entities) max = Math.max(max, e.salience);
  for (const e of entities) e.salience = Math.round((e.salience / max) * 1000) / 1000;
}
