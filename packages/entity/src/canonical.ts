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
  spans: TaggedSpan[];
  /** Canonical name forced by an alias table, if any. */
  alias?: string;
}

export interface BuildEntitiesOptions {
  /** Extra aliases, keyed by {@link normKey}, mapping to a canonical name. @defaultValue {} */
  aliases?: ReadonlyMap<string, string>;
  /** Body sentences counted as the lead for salience. @defaultValue 3 */
  leadSentences?: number;
}

/**
 * Merge mentions into entities within one article: identical names, aliases ("U.S." → "United
 * States"), partial person names ("Putin" → "Vladimir Putin"), acronyms of organisation names and
 * company suffixes ("Paxar Corp" ↔ "Paxar"). Each entity gets the majority type of its mentions.
 */
export function buildEntities(spans: TaggedSpan[], opts: BuildEntitiesOptions = {}): Entity[] {
  const aliasOf = (key: string): string | undefined => opts.aliases?.get(key) ?? BUILTIN_ALIASES[key];
  const groups = new Map<string, Group>();
  for (const s of spans.map(trimTitle)) {
    const raw = normKey(s.text);
    if (!raw) continue;
    const alias = aliasOf(raw);
    const key = alias ? normKey(alias) : raw.replace(CORP_SUFFIX, '') || raw;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, spans: [], ...(alias ? { alias } : {}) }));
    g.spans.push(s);
  }
  const list = [...groups.values()];
  const typeOf = (g: Group): EntityType => majorityType(g.spans);
  const parent = new Map<Group, Group>();
  const root = (g: Group): Group => {
    let r = g;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };

  // Person name parts: a shorter name whose words end (or start) a longer person name.
  const people = list.filter((g) => typeOf(g) === 'PER' && tokensOf(g.key).length >= 2);
  for (const g of list) {
    const toks = tokensOf(g.key);
    if (g.alias) continue;
    const candidates = people.filter((p) => {
      const pt = tokensOf(p.key);
      if (p === g || pt.length <= toks.length) return false;
      const tail = pt.slice(pt.length - toks.length).join(' ') === g.key;
      const head = typeOf(g) === 'PER' && toks.length === 1 && pt[0] === g.key;
      return tail || head;
    });
    if (!candidates.length) continue;
    // A mis-typed single word joins a person only when it matches the surname.
    if (typeOf(g) !== 'PER' && g.spans.length > candidates.reduce((n, c) => n + c.spans.length, 0) * 2) continue;
    candidates.sort((a, b) => b.spans.length - a.spans.length || tokensOf(b.key).length - tokensOf(a.key).length);
    parent.set(g, candidates[0]!);
  }

  // Short company names: "Ford" joins "Ford Motor Co", "Erskine" joins "Erskine Resources Ltd".
  const orgs = list.filter((g) => typeOf(g) === 'ORG' && tokensOf(g.key).length >= 2);
  for (const g of list) {
    // A company's short name is often mistyped as a person ("Dow" beside "Dow Chemical Co"), but a
    // place beside a company named after it ("Georgia", "Georgia Power Co") is usually the place.
    if (parent.has(g) || g.alias || typeOf(g) === 'LOC' || typeOf(g) === 'MISC') continue;
    const toks = tokensOf(g.key);
    if (typeOf(g) === 'PER' && toks.length > 1) continue;
    const candidates = orgs.filter((o) => {
      const ot = tokensOf(o.key);
      return o !== g && ot.length > toks.length && ot.slice(0, toks.length).join(' ') === g.key;
    });
    if (!candidates.length) continue;
    candidates.sort((a, b) => b.spans.length - a.spans.length || tokensOf(a.key).length - tokensOf(b.key).length);
    if (root(candidates[0]!) !== g) parent.set(g, root(candidates[0]!));
  }

  // Acronyms: "APEC" joins "Asia-Pacific Economic Cooperation" when both occur.
  const byAcronym = new Map<string, Group>();
  for (const g of list) {
    const t = typeOf(g);
    if (t === 'PER') continue;
    const ac = acronymOf(longestSurface(g.spans).replace(/\s+(Corp|Corporation|Inc|Ltd|Co|Plc|PLC|AG|SA|NV|LLC|Group)\.?$/, ''));
    if (ac.length >= 2 && !byAcronym.has(ac)) byAcronym.set(ac, g);
  }
  for (const g of list) {
    if (parent.has(g) || typeOf(g) === 'PER' || g.key.includes(' ')) continue;
    const full = byAcronym.get(g.key);
    if (full && full !== g && root(full) !== g) parent.set(g, root(full));
  }

  const merged = new Map<Group, TaggedSpan[]>();
  for (const g of list) {
    const r = root(g);
    merged.set(r, [...(merged.get(r) ?? []), ...g.spans]);
  }
  const entities: Entity[] = [];
  for (const [g, groupSpans] of merged) entities.push(toEntity(g, groupSpans, opts.leadSentences ?? 3));
  normaliseSalience(entities);
  return entities.sort((a, b) => b.salience - a.salience || a.firstPosition - b.firstPosition || a.name.localeCompare(b.name));
}

/** Lower-case nouns that make the name before them an organisation: "the Interfax news agency". */
const ORG_HEADS = new Set(
  'agency company corporation group party bank ministry newspaper daily council committee union university institute foundation association organisation organization commission airline club firm network channel broadcaster magazine fund exchange'.split(
    ' ',
  ),
);

/** The span is followed, within two lower-case words, by an organisation head noun. */
function orgByHead(s: TaggedSpan): boolean {
  for (let i = s.last + 1; i <= s.last + 2 && i < s.sentence.length; i++) {
    const w = s.sentence[i]!.text;
    if (w !== w.toLowerCase()) return false;
    if (ORG_HEADS.has(w)) return true;
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

function toEntity(g: Group, spans: TaggedSpan[], leadSentences: number): Entity {
  const type = majorityType(spans);
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
  const max = Math.max(1, ...entities.map((e) => e.salience));
  for (const e of entities) e.salience = Math.round((e.salience / max) * 1000) / 1000;
}
