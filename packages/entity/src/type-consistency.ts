import type { Entity } from '@newsflow/contracts';

export interface TypeConsistency {
  articles: number;
  /** Distinct names (type left out of the key) found in at least two articles. */
  names: number;
  /** Of those, names given the same type in every article. */
  consistent: number;
  /** consistent ÷ names, in percent. */
  share: number;
  /** The names with more than one type, most articles first: type → articles. */
  flips: Array<{ name: string; articles: number; types: Record<string, number> }>;
}

/** An entity's name part of its key: "loc:united-states" and "org:united-states" name one thing. */
const nameOf = (key: string): string => key.slice(key.indexOf(':') + 1);

/**
 * Document-level type consistency over a corpus: the share of entities, among those found in at
 * least two articles, whose type is the same in every article. An entity is its key without the
 * type ("united-states"), so "United States" as LOC in one article and ORG in another counts once,
 * as inconsistent.
 */
export function typeConsistency(articles: readonly (readonly Entity[])[], top = 20): TypeConsistency {
  const seen = new Map<string, { display: string; types: Map<string, number>; articles: number }>();
  for (const entities of articles) {
    const here = new Map<string, { display: string; types: Set<string> }>();
    for (const e of entities) {
      const k = nameOf(e.key);
      const h = here.get(k) ?? { display: e.name, types: new Set<string>() };
      h.types.add(e.type);
      here.set(k, h);
    }
    for (const [k, h] of here) {
      const s = seen.get(k) ?? { display: h.display, types: new Map<string, number>(), articles: 0 };
      s.articles++;
      for (const t of h.types) s.types.set(t, (s.types.get(t) ?? 0) + 1);
      seen.set(k, s);
    }
  }
  let names = 0;
  let consistent = 0;
  const flips: TypeConsistency['flips'] = [];
  for (const s of seen.values()) {
    if (s.articles < 2) continue;
    names++;
    if (s.types.size === 1) consistent++;
    else flips.push({ name: s.display, articles: s.articles, types: Object.fromEntries([...s.types].sort((a, b) => b[1] - a[1])) });
  }
  flips.sort((a, b) => b.articles - a.articles || (a.name < b.name ? -1 : 1));
  return { articles: articles.length, names, consistent, share: names ? Math.round((10000 * consistent) / names) / 100 : 100, flips: flips.slice(0, top) };
}
