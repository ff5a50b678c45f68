import type { WordClusters } from './clusters.js';
import { tokenize } from './tokenize.js';

const SIMPLE = /^[\p{L}\p{M}]+$/u;

/** Name lists by category ("LOC", "CITY", "DEMONYM", "ORG", "NAME"), as stored in the model. */
export type GazetteerData = Record<string, string[]>;

/**
 * Case-insensitive phrase lookup over a sentence: for each token, which lists have a phrase that
 * starts (`LOC-B`) or continues (`LOC-I`) there. Longest match per list wins.
 */
export class Gazetteer {
  private readonly phrases = new Map<string, string[]>();
  /** Phrase lengths (longest first) that start with a given word: only those are tried. */
  private readonly lengths = new Map<string, number[]>();

  /**
   * Lists as written ("St. Louis"), tokenised and lower-cased into phrases ("st. louis"), without
   * duplicates. Models store prepared lists so loading one needs no tokenising.
   */
  static prepare(data: GazetteerData): GazetteerData {
    const out: GazetteerData = {};
    for (const [cat, names] of Object.entries(data)) {
      const set = new Set<string>();
      for (const name of names) {
        const toks = SIMPLE.test(name) ? [name.toLowerCase()] : tokenize(name).flat().map((t) => t.text.toLowerCase());
        if (toks.length && toks.length <= 6) set.add(toks.join(' '));
      }
      out[cat] = [...set].sort();
    }
    return out;
  }

  /**
   * @param prepared lists come from {@link Gazetteer.prepare}.
   * @param clusters word clusters the model was trained with, read by the features beside the lists.
   */
  constructor(
    data: GazetteerData,
    prepared = false,
    readonly clusters: WordClusters | null = null,
  ) {
    const lists = prepared ? data : Gazetteer.prepare(data);
    for (const [cat, names] of Object.entries(lists)) {
      for (const name of names) {
        const toks = name.split(' ');
        const key = toks.join(' ');
        const cats = this.phrases.get(key);
        if (!cats) this.phrases.set(key, [cat]);
        else if (!cats.includes(cat)) cats.push(cat);
        const ls = this.lengths.get(toks[0]!);
        if (!ls) this.lengths.set(toks[0]!, [toks.length]);
        else if (!ls.includes(toks.length)) ls.push(toks.length), ls.sort((a, b) => b - a);
      }
    }
  }

  get size(): number {
    return this.phrases.size;
  }

  /** Tags per token: e.g. `[['LOC-B'], ['LOC-I'], []]` for "North Korea said". */
  match(lower: readonly string[]): string[][] {
    const out: string[][] = lower.map(() => []);
    const coveredUntil = new Map<string, number>();
    for (let i = 0; i < lower.length; i++) {
      const ls = this.lengths.get(lower[i]!);
      if (!ls) continue;
      for (const len of ls) {
        if (i + len > lower.length) continue;
        const cats = this.phrases.get(len === 1 ? lower[i]! : lower.slice(i, i + len).join(' '));
        if (!cats) continue;
        for (const cat of cats) {
          if ((coveredUntil.get(cat) ?? -1) >= i) continue;
          coveredUntil.set(cat, i + len - 1);
          out[i]!.push(`${cat}-B`);
          for (let j = i + 1; j < i + len; j++) out[j]!.push(`${cat}-I`);
        }
      }
    }
    return out;
  }
}
