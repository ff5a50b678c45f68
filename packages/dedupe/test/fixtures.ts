import type { Queue } from 'bullmq';
import type { Article, EnrichedArticle } from '@newsflow/contracts';
import { articleIdFor, pageIdFor } from '@newsflow/core';
import { eventually } from '@newsflow/testing';

export { rng } from '@newsflow/testing';

/** Paragraphs of invented wire stories (written for these tests). */
export const STORIES: string[][] = [
  [
    'The city council of Northhaven voted on Tuesday to close the old harbour bridge for repairs that engineers say will take at least eighteen months.',
    'Council member Ada Brennan said the decision followed an inspection in March that found corroded steel in three of the bridge supports.',
    'Commuters will be diverted over the Ferris Street crossing, which the transport office expects to carry twice its usual traffic during rush hours.',
    'Local shop owners near the harbour warned that the closure could cut their trade by a third, and asked the council for temporary parking spaces.',
    'The repair contract, worth 42 million crowns, will be tendered next month, with work expected to begin before the winter storms arrive.',
  ],
  [
    'Researchers at the Valley Institute reported a new method for recycling lithium from used phone batteries with far less energy than current plants.',
    'The team dissolved shredded battery cells in a mild citric solution and recovered ninety percent of the lithium within four hours, the paper says.',
    'Lead author Tomas Ekdahl said the process still needs to be tested at industrial scale, where impurities from mixed battery types are common.',
    'Two recycling companies have already asked to license the method, according to the institute, though neither has committed to building a plant.',
    'Battery waste is growing by about a fifth each year in the region, and only a small share of the lithium in it is recovered today.',
  ],
  [
    'Heavy rain flooded dozens of streets in the river town of Marrow on Sunday night, forcing about three hundred residents to leave their homes.',
    'Fire crews used boats to reach families in the lower districts, where the water rose above the ground floor windows within two hours.',
    'The regional weather office said more rain was expected on Monday and issued its highest warning level for the upper valley.',
    'Schools in the town will stay closed until Wednesday, the mayor said, and the sports hall has been turned into a shelter with beds and hot meals.',
    'Insurers estimated the damage at several million, though a full count will only be possible once the water recedes later this week.',
  ],
];

let seq = 0;

/** An `EnrichedArticle` as the entity stage would forward it. */
export function article(opts: { url: string; paragraphs: string[]; title?: string; corrections?: string[]; page?: string }): EnrichedArticle {
  seq += 1;
  const body = opts.paragraphs.join('\n\n');
  const pageId = pageIdFor(opts.url, opts.page ?? `${body}#${seq}`);
  return {
    id: articleIdFor(opts.url),
    pageId,
    url: opts.url,
    canonicalUrl: opts.url,
    fetchedAt: '2026-11-28T09:00:00.000Z',
    receivedAt: '2026-11-28T09:00:01.000Z',
    title: opts.title ?? opts.paragraphs[0]!.split(' ').slice(0, 6).join(' '),
    authors: [],
    tags: [],
    images: [],
    body,
    paragraphs: opts.paragraphs.map((text) => ({ kind: 'p' as const, text })),
    corrections: (opts.corrections ?? []).map((text) => ({ kind: 'correction' as const, text })),
    wordCount: body.split(/\s+/).length,
    metadata: {},
    entities: [],
    trace: [],
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tus', 'vor', 'an', 'bel', 'cor', 'dim', 'es', 'fra', 'gol', 'hin', 'ix', 'jun', 'kel', 'mar', 'nox', 'or', 'pel', 'qua', 'ris', 'sel', 'tor', 'ul', 'ven', 'wes', 'yar', 'zen'];

/** A made-up vocabulary: distinct synthetic stories share almost no word triples. */
export function vocabulary(r: () => number, size = 3000): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 1 + Math.floor(r() * 3);
    words.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

/** A synthetic story of `paragraphs` paragraphs of random words. */
export function syntheticStory(r: () => number, vocab: string[], paragraphs = 4, wordsPer = 40): string[] {
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: wordsPer }, () => vocab[Math.floor(r() * vocab.length)]).join(' ') + '.',
  );
}

/** A wire copy: a site header, a few words edited, a footer. */
export function wireCopy(r: () => number, paragraphs: string[]): string[] {
  const edited = paragraphs.map((p) => p.split(' ').map((w) => (r() < 0.03 ? `${w}s` : w)).join(' '));
  return ['Advertisement', ...edited, 'Reporting by the wire desk.'];
}

/** Queue `a` for the dedupe stage and wait for what it forwards to the sink. */
export async function through(q: Record<'dedupe' | 'sink', Queue>, a: EnrichedArticle): Promise<Article> {
  await q.dedupe.add('article', a, { jobId: a.pageId });
  const out = await eventually(() => q.sink.getJob(a.pageId), `article ${a.pageId} forwarded to sink`);
  return out.data as Article;
}
