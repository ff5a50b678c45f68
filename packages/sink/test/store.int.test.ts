import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Article, Entity } from '@newsflow/contracts';
import { sha256Hex } from '@newsflow/core';
import { openStore, type ArticleStore, type StoreConfig } from '@newsflow/sink';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { entity, makeArticle, upstreamTrace } from './fixtures.js';

const tmp = tempDir('sink-store');
afterAll(() => tmp.remove());

const sinkEntry = (at: string) => ({ stage: 'sink' as const, version: '0.1.0', workerId: 'sink-1', attempts: 1, startedAt: at, finishedAt: at, durationMs: 2 });
/** What the sink worker hands the store: the article plus the sink's own trace entry. */
const delivered = (a: Article, at = '2026-11-28T10:00:01.000Z'): Article => ({ ...a, trace: [...a.trace, sinkEntry(at)] });

function newVersion(a: Article, body: string, version: number): Article {
  return { ...a, body, paragraphs: [{ kind: 'p', text: body }], dedupe: { ...a.dedupe, contentHash: sha256Hex(body), version } };
}

describe.each<StoreKind>(['sqlite', 'postgres', 'jsonl'])('%s article store', (kind) => {
  let store: ArticleStore | undefined;
  const open = async (label: string, cfg?: StoreConfig) => {
    const c = cfg ?? (await freshStoreConfig(kind, tmp.dir, label));
    store = await openStore(c);
    return { store, cfg: c };
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('applies its migrations once and keeps articles across reopening', async () => {
    const { store: s, cfg } = await open('reopen');
    expect((await s.migrations()).map((m) => m.version)).toEqual(kind === 'jsonl' ? [1] : [1, 2, 3, 4]);
    const a = makeArticle({ n: 1 });
    await s.write(delivered(a));
    await s.close();
    const { store: again } = await open('reopen', cfg);
    expect((await again.migrations()).map((m) => m.version)).toEqual(kind === 'jsonl' ? [1] : [1, 2, 3, 4]);
    expect((await again.get(a.id))?.title).toBe('Story 1');
  });

  it('writes a redelivered article once, whatever the sink trace entry says', async () => {
    const { store: s } = await open('idem');
    const a = makeArticle({ n: 2, entities: [entity('Sergei Lavrov', 'PER')] });
    expect(await s.write(delivered(a, '2026-11-28T10:00:01.000Z'))).toEqual({ articleId: a.id, version: 1, outcome: 'inserted' });
    expect(await s.write(delivered(a, '2026-11-28T10:05:00.000Z'))).toEqual({ articleId: a.id, version: 1, outcome: 'unchanged' });
    expect(await s.count()).toBe(1);
    expect(await s.versions(a.id)).toHaveLength(1);
    const stored = await s.get(a.id);
    expect(stored?.trace.at(-1)?.startedAt).toBe('2026-11-28T10:00:01.000Z');
    expect(stored?.stored.version).toBe(1);
  });

  it('appends a new version, keeps the old one readable, and searches only the current text', async () => {
    const { store: s } = await open('versions');
    const v1 = makeArticle({ n: 3, body: 'The minister resigned on Monday.' });
    const v2 = { ...newVersion(v1, 'The minister resigned on Monday. Correction: it was Tuesday.', 2) };
    v2.dedupe.changes = { paragraphsAdded: 1, paragraphsRemoved: 0, correctionsAdded: ['it was Tuesday'], titleChanged: false };
    await s.write(delivered(v1));
    expect(await s.write(delivered(v2))).toEqual({ articleId: v1.id, version: 2, outcome: 'new-version' });
    // v1 delivered late (a retry that lost the race): the current version stays v2.
    expect(await s.write(delivered(v1, '2026-11-28T11:00:00.000Z'))).toEqual({ articleId: v1.id, version: 1, outcome: 'stale' });
    expect((await s.get(v1.id))?.body).toContain('Tuesday');
    const versions = await s.versions(v1.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.changes?.correctionsAdded).toEqual(['it was Tuesday']);
    expect((await s.getVersion(v1.id, 1))?.body).toBe('The minister resigned on Monday.');
    expect((await s.list({ q: 'tuesday' })).items.map((i) => i.id)).toEqual([v1.id]);
    expect(await s.count()).toBe(1);
  });

  it('appends when dedupe lost its state and numbers changed content as the current version', async () => {
    const { store: s } = await open('lost');
    const v1 = makeArticle({ n: 4, body: 'First text.' });
    await s.write(delivered(v1));
    expect(await s.write(delivered(newVersion(v1, 'Second text.', 1)))).toEqual({ articleId: v1.id, version: 2, outcome: 'new-version' });
    expect((await s.get(v1.id))?.dedupe.version).toBe(2);
  });

  it('records a replay (same content, new enrichment and trace) without a new version', async () => {
    const { store: s } = await open('replay');
    const a = makeArticle({ n: 5, entities: [entity('Lavrov', 'PER')] });
    await s.write(delivered(a));
    const replayed: Article = { ...a, entities: [entity('Sergei Lavrov', 'PER')], trace: upstreamTrace('2026-11-29T08:00:00.000Z', 'replay-host:9') };
    expect(await s.write(delivered(replayed))).toEqual({ articleId: a.id, version: 1, outcome: 'reprocessed' });
    expect((await s.list({ entity: 'Sergei Lavrov' })).items).toHaveLength(1);
    expect((await s.list({ entity: 'Lavrov' })).items).toHaveLength(0);
    expect((await s.get(a.id))?.trace[1]?.workerId).toBe('replay-host:9');
    expect(await s.versions(a.id)).toHaveLength(1);
  });

  it('finds an entity by any of its names: "Trump" and "Donald Trump", "VW" and "Volkswagen"', async () => {
    const { store: s } = await open('aliases');
    const withAliases = (name: string, type: Entity['type'], aliases: string[]): Entity => ({ ...entity(name, type), aliases });
    const full = makeArticle({ n: 40, entities: [withAliases('Donald Trump', 'PER', ['Trump'])] });
    const surname = makeArticle({ n: 41, entities: [entity('Trump', 'PER')] });
    const vw = makeArticle({ n: 42, entities: [withAliases('Volkswagen', 'ORG', ['VW'])] });
    const vwOnly = makeArticle({ n: 43, entities: [entity('VW', 'ORG')] });
    const volkswagenOnly = makeArticle({ n: 44, entities: [entity('Volkswagen', 'ORG')] });
    for (const a of [full, surname, vw, vwOnly, volkswagenOnly]) await s.write(delivered(a));
    const ids = async (entityName: string) => (await s.list({ entity: entityName })).items.map((i) => i.id).sort();
    const sorted = (...as: Article[]) => as.map((a) => a.id).sort();
    expect(await ids('Trump')).toEqual(sorted(full, surname));
    expect(await ids('Donald Trump')).toEqual(sorted(full, surname));
    expect(await ids('donald trump')).toEqual(sorted(full, surname));
    expect(await ids('VW')).toEqual(sorted(vw, vwOnly, volkswagenOnly));
    expect(await ids('Volkswagen')).toEqual(sorted(vw, vwOnly, volkswagenOnly));
    expect(await s.count({ entity: 'Volkswagen' })).toBe(3);
    // A surname shared by two people: the bare surname finds both, the full name only its own.
    const melania = makeArticle({ n: 45, entities: [withAliases('Melania Trump', 'PER', ['Trump'])] });
    await s.write(delivered(melania));
    expect(await ids('Trump')).toEqual(sorted(full, surname, melania));
    expect(await ids('Donald Trump')).toEqual(sorted(full, surname));
    expect(await ids('Melania Trump')).toEqual(sorted(surname, melania));
  });

  it('fails a row that violates a constraint alone, with its reason, and commits the rest of the batch', async () => {
    const { store: s } = await open('poison');
    const good = Array.from({ length: 60 }, (_, i) => makeArticle({ n: 100 + i }));
    const poison = makeArticle({ n: 99 });
    poison.dedupe.duplicateOf = poison.id; // an article cannot duplicate itself
    const settled = await Promise.allSettled([...good.slice(0, 30), poison, ...good.slice(30)].map((a) => s.write(delivered(a))));
    const failed = settled.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    const reason = (failed[0] as PromiseRejectedResult).reason as { code: string; retryable: boolean; message: string };
    expect(reason.code).toBe('CONSTRAINT_VIOLATION');
    expect(reason.retryable).toBe(false);
    expect(reason.message).toMatch(new RegExp(`article ${poison.id}`));
    expect(reason.message).toMatch(/articles_not_own_duplicate/);
    expect(await s.count()).toBe(60);
    expect(await s.get(poison.id)).toBeNull();
  });

  it('lists with every filter, newest first, and pages through with a cursor', async () => {
    const { store: s } = await open('list');
    const lavrov = entity('Sergei Lavrov', 'PER');
    const rows: Article[] = [];
    for (let n = 1; n <= 25; n++) {
      rows.push(
        makeArticle({
          n,
          site: n % 2 ? 'Moscow Times' : 'Example News',
          body: n === 7 ? 'Talks in Lima on trade and the APEC summit.' : `Routine council report ${n} about bus fares.`,
          entities: n % 5 === 0 ? [lavrov] : [],
          clusterId: n <= 3 ? 'story-a' : `c-${n}`,
          duplicateOf: n === 2 ? makeArticle({ n: 1 }).id : null,
        }),
      );
    }
    await Promise.all(rows.map((a) => s.write(delivered(a))));
    expect(await s.count()).toBe(25);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.list({ limit: 10, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe(rows[24]!.id); // published latest
    const sorted = [...rows].sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!)).map((a) => a.id);
    expect(seen).toEqual(sorted);

    const ids = async (f: Parameters<ArticleStore['list']>[0]) => (await s.list({ limit: 100, ...f })).items.map((i) => i.id).sort();
    const idsOf = (ns: number[]) => ns.map((n) => rows[n - 1]!.id).sort();
    expect(await ids({ entity: 'sergei lavrov' })).toEqual(idsOf([5, 10, 15, 20, 25]));
    expect(await ids({ entity: 'PER:sergei lavrov' })).toEqual(idsOf([5, 10, 15, 20, 25]));
    expect(await ids({ site: 'moscow times', entity: 'Sergei Lavrov' })).toEqual(idsOf([5, 15, 25]));
    expect(await ids({ cluster: 'story-a' })).toEqual(idsOf([1, 2, 3]));
    expect(await ids({ cluster: 'story-a', canonicalOnly: true })).toEqual(idsOf([1, 3]));
    expect(await ids({ q: 'APEC' })).toEqual(idsOf([7]));
    expect(await ids({ q: '"apec summit"' })).toEqual(idsOf([7]));
    expect(await ids({ q: 'lima OR "report 9"' })).toEqual(idsOf([7, 9]));
    expect(await ids({ q: 'APEC OR' })).toEqual(idsOf([7]));
    expect(await ids({ q: 'apec (' })).toEqual(idsOf([7]));
    expect(await ids({ since: rows[20]!.publishedAt, until: rows[23]!.publishedAt })).toEqual(idsOf([21, 22, 23]));
    expect(await ids({ ids: [rows[0]!.id, rows[9]!.id, 'unknown-id-123'] })).toEqual(idsOf([1, 10]));
    expect(await s.count({ entity: 'Sergei Lavrov' })).toBe(5);

    const exported: string[] = [];
    for await (const a of s.iterate({ site: 'Example News' })) exported.push(a.id);
    expect(exported).toHaveLength(12);
    const capped: string[] = [];
    for await (const a of s.iterate({ limit: 3 })) capped.push(a.id);
    expect(capped).toEqual(sorted.slice(0, 3));
  });

  it('stores text with NUL characters, without them, rather than failing the article', async () => {
    const { store: s } = await open('nul');
    const a = makeArticle({ n: 50, title: 'Bad\u0000 bytes', body: 'Scraped text\u0000 with a NUL.' });
    expect((await s.write(delivered(a))).outcome).toBe('inserted');
    expect((await s.get(a.id))?.title).toBe('Bad bytes');
    expect((await s.list({ q: 'scraped' })).items).toHaveLength(1);
    expect((await s.write(delivered(a))).outcome).toBe('unchanged');
  });

  it('lists entities by how many articles mention them, by name part and type', async () => {
    const { store: s } = await open('entities');
    const lavrov = entity('Sergei Lavrov', 'PER');
    await Promise.all([
      s.write(delivered(makeArticle({ n: 60, entities: [lavrov, entity('Lima', 'LOC')] }))),
      s.write(delivered(makeArticle({ n: 61, entities: [lavrov] }))),
      s.write(delivered(makeArticle({ n: 62, entities: [entity('Lavrov_100%', 'MISC')] }))),
    ]);
    expect(await s.entities()).toEqual([
      { key: 'PER:sergei lavrov', name: 'Sergei Lavrov', type: 'PER', articles: 2 },
      { key: 'LOC:lima', name: 'Lima', type: 'LOC', articles: 1 },
      { key: 'MISC:lavrov_100%', name: 'Lavrov_100%', type: 'MISC', articles: 1 },
    ]);
    expect((await s.entities({ q: 'LAVROV' })).map((e) => e.key)).toEqual(['PER:sergei lavrov', 'MISC:lavrov_100%']);
    expect((await s.entities({ q: 'lavrov', type: 'PER' })).map((e) => e.key)).toEqual(['PER:sergei lavrov']);
    expect((await s.entities({ q: '_100%' })).map((e) => e.key)).toEqual(['MISC:lavrov_100%']);
    expect((await s.entities({ q: '0%' })).map((e) => e.key)).toEqual(['MISC:lavrov_100%']);
    expect(await s.entities({ q: 'la_rov' })).toEqual([]); // _ is a literal, not a LIKE wildcard
    expect(await s.entities({ limit: 1 })).toHaveLength(1);
  });

  it('says which duplicate it stored', async () => {
    const { store: s } = await open('dup');
    const original = makeArticle({ n: 40 });
    const copy = makeArticle({ n: 41, duplicateOf: original.id, clusterId: original.dedupe.clusterId });
    await s.write(delivered(original));
    expect(await s.write(delivered(copy))).toEqual({ articleId: copy.id, version: 1, outcome: 'duplicate' });
    expect((await s.list({ cluster: original.dedupe.clusterId })).items.map((i) => i.duplicateOf).sort()).toEqual([null, original.id].sort());
  });
});
