import { describe, expect, it } from 'vitest';
import { eventually, useHarness } from '@newsflow/testing';
import { createDedupeWorker } from '@newsflow/dedupe';
import { STORIES, article, through } from './fixtures.js';

const h = useHarness();

describe('dedupe worker', () => {
  it('links an exact copy on another site to the first article, ignoring typography and spacing', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const first = await through(q, article({ url: 'https://a.example/harbour-bridge', paragraphs: STORIES[0]! }));
    const retyped = STORIES[0]!.map((p) => p.replace(/'/g, '\u2019').replace(/ /g, '  '));
    const copy = await through(q, article({ url: 'https://b.example/news/bridge', paragraphs: retyped }));
    expect(first.dedupe).toMatchObject({ duplicateOf: null, duplicateKind: null, version: 1, unchanged: false, clusterId: first.id });
    expect(copy.dedupe).toMatchObject({ duplicateOf: first.id, duplicateKind: 'exact', similarity: 1, clusterId: first.id, version: 1 });
    expect(copy.trace.at(-1)).toMatchObject({ stage: 'dedupe' });
    await w.close();
  });

  it('makes changed content under the same URL version 2 with the correction recorded; the old content again is no new version', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const url = 'https://a.example/lithium';
    const v1 = await through(q, article({ url, paragraphs: STORIES[1]! }));
    const fix = 'Correction: An earlier version of this article misstated the recovery rate. It is ninety percent, not ninety-five.';
    const v2 = await through(q, article({ url, paragraphs: [...STORIES[1]!, fix] }));
    const again = await through(q, article({ url, paragraphs: STORIES[1]! }));
    expect(v2.id).toBe(v1.id);
    expect(v1.dedupe).toMatchObject({ version: 1, unchanged: false, duplicateOf: null });
    expect(v2.dedupe).toMatchObject({ version: 2, unchanged: false, duplicateOf: null, clusterId: v1.id });
    expect(v2.dedupe.changes).toEqual({ paragraphsAdded: 1, paragraphsRemoved: 0, correctionsAdded: [fix], titleChanged: false });
    expect(again.dedupe).toMatchObject({ version: 1, unchanged: true });
    expect(again.dedupe.changes).toBeUndefined();
    await w.close();
  });

  it('makes a correction notice added to an unchanged body (as parse delivers it) version 2, and an exact copy elsewhere still exact', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const url = 'https://a.example/harbour-levy';
    const fix = 'Correction: An earlier version of this article gave the wrong date for the vote.';
    const v1 = await through(q, article({ url, paragraphs: STORIES[2]! }));
    const v2 = await through(q, article({ url, paragraphs: STORIES[2]!, corrections: [fix] }));
    const v2again = await through(q, article({ url, paragraphs: STORIES[2]!, corrections: [fix] }));
    const copy = await through(q, article({ url: 'https://b.example/levy', paragraphs: STORIES[2]! }));
    expect(v2.dedupe).toMatchObject({ version: 2, unchanged: false, duplicateOf: null });
    expect(v2.dedupe.changes).toMatchObject({ paragraphsAdded: 0, paragraphsRemoved: 0, correctionsAdded: [fix] });
    expect(v2.dedupe.contentHash).not.toBe(v1.dedupe.contentHash);
    expect(v2again.dedupe).toMatchObject({ version: 2, unchanged: true });
    expect(copy.dedupe).toMatchObject({ duplicateOf: v1.id, duplicateKind: 'exact' });
    await w.close();
  });

  it('answers a re-delivered job exactly as the first time', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const url = 'https://a.example/flood';
    await through(q, article({ url, paragraphs: STORIES[2]! }));
    const edited = article({ url, paragraphs: [...STORIES[2]!.slice(0, 4), 'Update: the water has started to recede.'] });
    const first = await through(q, edited);
    // Simulate at-least-once redelivery: the finished records are gone, the same job arrives again.
    await eventually(async () => (await q.dedupe.getJobState(edited.pageId)) === 'completed', 'first delivery completed');
    await (await q.dedupe.getJob(edited.pageId))!.remove();
    await (await q.sink.getJob(edited.pageId))!.remove();
    const replay = await through(q, edited);
    expect(first.dedupe).toMatchObject({ version: 2, unchanged: false });
    expect(replay.dedupe).toEqual(first.dedupe);
    await w.close();
  });

  it('rejects an article without a body field, naming the field, without retrying', async () => {
    const t = h();
    const q = t.queues();
    const w = t.worker(createDedupeWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
    const { body: _b, ...bad } = article({ url: 'https://a.example/x', paragraphs: STORIES[0]! });
    await q.dedupe.add('article', bad, { jobId: 'bad', attempts: 3 });
    const failed = await eventually(async () => ((await q.dedupe.getJobState('bad')) === 'failed' ? q.dedupe.getJob('bad') : null), 'job failed');
    expect(failed!.failedReason).toMatch(/VALIDATION_FAILED.*body/);
    expect(failed!.attemptsMade).toBe(1);
    await w.close();
  });
});
