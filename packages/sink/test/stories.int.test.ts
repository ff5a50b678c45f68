import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Article } from '@newsflow/contracts';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../src/schema.js';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { makeArticle } from './fixtures.js';

const tmp = tempDir('sink-stories');
afterAll(() => tmp.remove());

function inStory(a: Article, storyId: string, storyLabel: string, extra: Partial<Article['dedupe']> = {}): Article {
  return { ...a, dedupe: { ...a.dedupe, storyId, storyLabel, ...extra } };
}

describe.each<StoreKind>(['sqlite', 'postgres', 'jsonl'])('%s store: stories', (kind) => {
  let store: ArticleStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('lists stories with their label, article, outlet and cluster counts, filters articles by story, and re-points merged stories', async () => {
    store = await openStore(await freshStoreConfig(kind, tmp.dir, 'stories'));
    const a1 = makeArticle({ n: 1, site: 'Harbour Post', title: 'Bridge to close' });
    const a2 = makeArticle({ n: 2, site: 'Coast Daily', title: 'Councillors shut bridge' });
    const copy = makeArticle({ n: 3, site: 'Wire Mirror', title: 'Bridge to close', duplicateOf: a1.id, clusterId: a1.dedupe.clusterId });
    const other = makeArticle({ n: 4, site: 'Valley News', title: 'Floods near Caldmoor' });
    await store.write(inStory(a1, a1.id, 'Bridge to close'));
    await store.write(inStory(a2, a1.id, 'Councillors shut bridge'));
    await store.write(inStory(copy, a1.id, 'Councillors shut bridge'));
    await store.write(inStory(other, other.id, 'Floods near Caldmoor'));
    const stories = await store.stories();
    expect(stories.map((s) => [s.id, s.articles, s.outlets, s.clusters, s.label])).toEqual([
      [other.id, 1, 1, 1, 'Floods near Caldmoor'],
      [a1.id, 3, 3, 2, 'Councillors shut bridge'],
    ]);
    expect(await store.stories({ minArticles: 2 })).toHaveLength(1);
    expect((await store.story(a1.id))?.firstSeen).toBe(new Date(a1.publishedAt!).toISOString());
    expect(await store.story('nosuchstory')).toBeNull();
    const page = await store.list({ story: a1.id });
    expect(page.items.map((i) => i.id).sort()).toEqual([a1.id, a2.id, copy.id].sort());
    expect(page.items.every((i) => i.storyId === a1.id)).toBe(true);
    // A bridging article merges the flood story into the bridge story.
    const bridge = makeArticle({ n: 5, site: 'Regional Times', title: 'Floods close the bridge' });
    await store.write(inStory(bridge, a1.id, 'Councillors shut bridge', { storyMerged: [other.id] }));
    expect(await store.story(other.id)).toBeNull();
    expect((await store.story(a1.id))?.articles).toBe(5);
    expect((await store.get(other.id))?.dedupe.storyId).toBe(a1.id);
    expect(await store.count({ story: a1.id })).toBe(5);
  });
});

describe('the story migration on a database holding articles', () => {
  const v2 = makeArticle({ n: 7, title: 'Written by a pipeline with stories, stored before the column existed' });
  const doc = { ...v2, dedupe: { ...v2.dedupe, storyId: 'storyold7', storyLabel: 'Old label' } };
  const row = [v2.id, v2.url, v2.canonicalUrl, v2.title, '[]', v2.fetchedAt, v2.fetchedAt, v2.body, '[]', '[]', v2.dedupe.contentHash, 'x', 1, v2.dedupe.clusterId, 5, JSON.stringify(doc), v2.fetchedAt, v2.fetchedAt];
  const insert = (ph: (i: number) => string) =>
    `INSERT INTO articles (id, url, canonical_url, title, authors, fetched_at, sort_at, body, paragraphs, corrections, content_hash, input_hash, version, cluster_id, word_count, doc, created_at, updated_at) VALUES (${row.map((_, i) => ph(i + 1)).join(', ')})`;

  it('adds story_id to an existing SQLite file and reads the stories stored documents carry', async () => {
    const path = `${tmp.dir}/v2.db`;
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.slice(0, 2)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
    db.prepare(insert(() => '?')).run(...row);
    db.close();
    const store = await openStore({ kind: 'sqlite', path });
    try {
      expect((await store.migrations()).map((m) => m.version)).toEqual([1, 2, 3, 4]);
      expect((await store.list({ story: 'storyold7' })).items.map((i) => i.id)).toEqual([v2.id]);
      expect((await store.story('storyold7'))?.label).toBe('Old label');
    } finally {
      await store.close();
    }
  });

  it('adds story_id to an existing PostgreSQL database', async () => {
    const cfg = await freshStoreConfig('postgres', tmp.dir, 'v2');
    const c = new pg.Client({ connectionString: (cfg as { url: string }).url });
    await c.connect();
    try {
      await c.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const m of POSTGRES_MIGRATIONS.slice(0, 2)) {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await c.query(insert((i) => `$${i}`), row);
    } finally {
      await c.end();
    }
    const store = await openStore(cfg);
    try {
      expect((await store.migrations()).map((m) => m.version)).toEqual([1, 2, 3, 4]);
      expect((await store.story('storyold7'))).toMatchObject({ id: 'storyold7', articles: 1, label: 'Old label' });
    } finally {
      await store.close();
    }
  });
});
