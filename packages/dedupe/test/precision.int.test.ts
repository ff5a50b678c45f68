import { describe, expect, it } from 'vitest';
import { useHarness } from '@newsflow/testing';
import { createDedupeIndex, createDedupeWorker, type DedupeDocument } from '@newsflow/dedupe';
import { STORIES, article, rng, syntheticStory, through, vocabulary } from './fixtures.js';
import { templatePair, TEMPLATE_FAMILIES } from '../src/eval/templates.js';
import { boilerplate, dateline, followUp } from '../src/eval/transform.js';

const h = useHarness();

const doc = (id: string, body: string, entities?: string[]): DedupeDocument => ({ id, title: '', body, ...(entities ? { entities: entities.map((key) => ({ key })) } : {}) });

const EARNINGS = (company: string, ticker: string, eps: string, prior: string, rev: string, est: string, day: string) =>
  `${company} (${ticker}) reported third-quarter earnings of $${eps} per share on ${day}, compared with $${prior} a year earlier. ` +
  `Revenue rose to $${rev} billion, beating analysts' estimates of $${est} billion. The company said it expects demand to remain strong through the end of the year.\n\n` +
  'Earnings per share figures exclude one-time items unless stated otherwise. Analyst estimates are compiled from a survey of brokers taken in the week before the release. ' +
  'This story was produced automatically from the company filing and checked by an editor before publication.';

describe('near-duplicate precision', () => {
  it('keeps two templated earnings briefs apart although they share most of their text, and still finds a syndicated copy of one', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    const a = EARNINGS('Norvale Holdings', 'NVH', '1.23', '0.98', '4.5', '4.2', 'Tuesday');
    const b = EARNINGS('Kestrel Foods', 'KSF', '0.41', '0.37', '1.9', '2.1', 'Wednesday');
    await index.claim(doc('brief-a', a));
    expect(await index.claim(doc('brief-b', b))).toMatchObject({ duplicateOf: null, clusterId: 'brief-b' });
    const copy = await index.claim(doc('brief-a-copy', `Share this article\n\nLONDON, March 3 (Example Wire) - ${a}\n\nReporting by the wire desk.`));
    expect(copy).toMatchObject({ duplicateOf: 'brief-a', duplicateKind: 'near' });
  });

  it('keeps generated briefs of every frame family distinct, and their copies duplicates', async () => {
    const t = h();
    const r = rng(11);
    for (const family of Object.keys(TEMPLATE_FAMILIES)) {
      for (let i = 0; i < 8; i++) {
        const index = createDedupeIndex({ redis: t.connection(), prefix: `${t.prefix}-${family}-${i}` });
        const [a, b] = templatePair(r, family);
        await index.claim(doc('a', a));
        expect((await index.classify(doc('b', b))).duplicateOf, `${family}: ${a}\n---\n${b}`).toBeNull();
        expect((await index.classify(doc('c', boilerplate(r, dateline(r, a))))).duplicateOf, `${family} copy`).toBe('a');
      }
    }
  });

  it('compares the entity stage keys when given: the same frame about other entities is another article', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    // The texts differ in one figure only; the entities say they are about other companies and people.
    const text = (n: string) => `${STORIES[0]!.join('\n\n')} The figure given was ${n}.`;
    await index.claim(doc('ent-a', text('12'), ['ORG:norvale holdings', 'PER:ada brennan', 'LOC:northhaven']));
    expect((await index.classify(doc('ent-b', text('13'), ['ORG:kestrel foods', 'PER:tomas ekdahl', 'LOC:marrow']))).duplicateOf).toBeNull();
    expect((await index.classify(doc('ent-c', text('13'), ['ORG:norvale holdings', 'PER:ada brennan', 'LOC:northhaven']))).duplicateOf).toBe('ent-a');
  });

  it('reports a follow-up (new lead over the background) and an update written on top as related, not duplicates', async () => {
    const t = h();
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    const original = STORIES[1]!.join('\n\n');
    await index.claim(doc('orig', original));
    const lead = 'The Valley Institute said on Friday that 3 more companies had asked for licences, and that a pilot plant for 40 tonnes a year would open in 2027.';
    const followUps = { 'new-lead': [lead, ...STORIES[1]!.slice(1)], 'on-top': [lead, ...STORIES[1]!] };
    for (const [name, paragraphs] of Object.entries(followUps)) {
      const info = await index.classify(doc(name, paragraphs.join('\n\n')));
      expect(info, name).toMatchObject({ duplicateOf: null, duplicateKind: null, clusterId: name, relatedTo: { articleId: 'orig', kind: 'follow-up' } });
      expect(info.relatedTo!.similarity).toBeGreaterThan(0.6);
    }
    // The generated follow-ups of eval dedupe, on a longer story.
    const r = rng(5);
    const long = syntheticStory(r, vocabulary(r), 8, 30).join('\n\n');
    await index.claim(doc('long', long));
    for (const keepLead of [false, true]) {
      expect(await index.classify(doc(`f${keepLead}`, followUp(r, long, keepLead)!)), `keepLead ${keepLead}`).toMatchObject({ duplicateOf: null, relatedTo: { articleId: 'long' } });
    }
    // A copy that cut the end of the lead sentence and swapped two paragraphs is still a copy.
    const [first, ...rest] = STORIES[1]!;
    const dropped = [first!.split(' ').slice(0, -3).join(' '), rest[1]!, rest[0]!, ...rest.slice(2)].join('\n\n');
    expect(await index.classify(doc('reordered', dropped))).toMatchObject({ duplicateOf: 'orig', duplicateKind: 'near' });
    expect((await index.classify(doc('reordered', dropped))).relatedTo).toBeUndefined();
  });
});

describe('dedupe worker on follow-ups', () => {
  it('forwards relatedTo for a follow-up, keeps its own cluster, and answers a re-delivery the same', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const first = await through(q, article({ url: 'https://a.example/flood', paragraphs: STORIES[2]! }));
    const lead = 'Marrow council said on Thursday that 14 more families had been moved to the sports hall, and that repairs to the river wall would cost 3 million.';
    const next = article({ url: 'https://a.example/flood-day-two', paragraphs: [lead, ...STORIES[2]!.slice(1)] });
    const follow = await through(q, next);
    // A follow-up is a copy of nothing but reports the same story.
    expect(follow.dedupe).toMatchObject({ duplicateOf: null, clusterId: follow.id, relatedTo: { articleId: first.id, kind: 'follow-up' }, storyId: first.dedupe.storyId });
    const index = createDedupeIndex({ redis: t.connection(), prefix: t.prefix });
    // The duplicate verdict is replayed as it was; the story is the worker's second step.
    const { storyId: _s, storyLabel: _l, storyMerged: _m, ...verdict } = follow.dedupe;
    expect(await index.claim(next, next.pageId)).toEqual(verdict);
    await w.close();
  });
});
