import { buildEntities, type BuildEntitiesOptions } from './canonical.js';
import { defaultTagger } from './default-tagger.js';
import { extractEntities, type ExtractOptions } from './extract.js';
import { tokenize } from './tokenize.js';
import type { TaggedSpan } from './spans.js';

/** A document with linked mentions: each mention carries the URI of the thing it names. */
export interface LinkedDoc {
  id: string;
  text: string;
  mentions: Array<{ start: number; end: number; text: string; uri: string }>;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unxml = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : XML_ENTITIES[e]!));

/** Read the XML form of Reuters-128 (N³ collection): text parts and DBpedia-linked mentions. */
export function readReuters128(xml: string): LinkedDoc[] {
  const docs: LinkedDoc[] = [];
  for (const m of xml.matchAll(/<Document id="([^"]*)">([\s\S]*?)<\/Document>/g)) {
    let text = '';
    const mentions: LinkedDoc['mentions'] = [];
    for (const p of m[2]!.matchAll(/<(NamedEntityInText|SimpleTextPart)(?: uri="([^"]*)")?>([\s\S]*?)<\/\1>/g)) {
      const part = unxml(p[3]!);
      if (p[1] === 'NamedEntityInText') mentions.push({ start: text.length, end: text.length + part.length, text: part, uri: p[2] ?? '' });
      text += part;
    }
    docs.push({ id: m[1]!, text, mentions });
  }
  return docs;
}

export interface PairwiseScore {
  /** Pairs of linked mentions in one document that share a URI. */
  goldPairs: number;
  /** Pairs the system put in one entity. */
  systemPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CanonicalisationScore {
  documents: number;
  mentions: number;
  /** Share of linked mentions that overlap a recognised mention (percent). */
  detected: number;
  /** Clustering of the mentions the tagger found, end to end. */
  endToEnd: PairwiseScore;
  /** Clustering when the gold mention spans are given (typed by the tagger where it overlaps). */
  goldMentions: PairwiseScore;
}

function pairwise(clusters: Array<{ gold: string[]; sys: Array<number | null> }>): PairwiseScore {
  let goldPairs = 0;
  let systemPairs = 0;
  let correctPairs = 0;
  for (const { gold, sys } of clusters) {
    for (let i = 0; i < gold.length; i++)
      for (let j = i + 1; j < gold.length; j++) {
        const g = gold[i] === gold[j];
        const s = sys[i] !== null && sys[i] === sys[j];
        if (g) goldPairs++;
        if (s) systemPairs++;
        if (g && s) correctPairs++;
      }
  }
  const precision = systemPairs ? (100 * correctPairs) / systemPairs : 0;
  const recall = goldPairs ? (100 * correctPairs) / goldPairs : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { goldPairs, systemPairs, correctPairs, precision: r(precision), recall: r(recall), f1: r(f1) };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/**
 * Canonicalisation quality: mentions that share a URI within a document should share one entity.
 * Scored as pairwise precision and recall over mention pairs, end to end and with gold mentions.
 */
export function evaluateCanonicalisation(docs: LinkedDoc[], opts: ExtractOptions & BuildEntitiesOptions = {}): CanonicalisationScore {
  const e2e: Array<{ gold: string[]; sys: Array<number | null> }> = [];
  const oracle: Array<{ gold: string[]; sys: Array<number | null> }> = [];
  let mentions = 0;
  let detected = 0;
  for (const d of docs) {
    const entities = extractEntities({ title: '', body: d.text }, opts);
    const owner = (m: { start: number; end: number }): number | null => {
      const i = entities.findIndex((e) => e.mentions.some((x) => x.field === 'body' && overlaps(x, m)));
      return i < 0 ? null : i;
    };
    const sys = d.mentions.map(owner);
    mentions += d.mentions.length;
    detected += sys.filter((s) => s !== null).length;
    e2e.push({ gold: d.mentions.map((m) => m.uri), sys });
    // Gold spans, typed by the tagger where it found something there.
    const sentences = tokenize(d.text);
    const spans: TaggedSpan[] = [];
    for (const m of d.mentions) {
      const si = sentences.findIndex((s) => s.some((t) => overlaps(t, m)));
      if (si < 0) continue;
      const sentence = sentences[si]!;
      const first = sentence.findIndex((t) => overlaps(t, m));
      const last = sentence.findLastIndex((t) => overlaps(t, m));
      const o = owner(m);
      spans.push({ type: o === null ? 'ORG' : entities[o]!.type, field: 'body', start: m.start, end: m.end, text: m.text, sentence, first, last, sentenceIndex: si });
    }
    const aliases = opts.aliases ?? (opts.tagger ? undefined : defaultTagger().aliases);
    const gold = buildEntities(spans, { ...(aliases ? { aliases } : {}) });
    oracle.push({
      gold: d.mentions.map((m) => m.uri),
      sys: d.mentions.map((m) => {
        const i = gold.findIndex((e) => e.mentions.some((x) => overlaps(x, m)));
        return i < 0 ? null : i;
      }),
    });
  }
  return {
    documents: docs.length,
    mentions,
    detected: Math.round((10000 * detected) / Math.max(1, mentions)) / 100,
    endToEnd: pairwise(e2e),
    goldMentions: pairwise(oracle),
  };
}
