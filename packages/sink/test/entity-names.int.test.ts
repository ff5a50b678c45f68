import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article, Entity } from '@newsflow/contracts';
import { openStore, type StoreConfig } from '@newsflow/sink';
import { freshStoreConfig, tempDir } from './databases.js';
import { entity, makeArticle } from './fixtures.js';

const tmp = tempDir('sink-entity-names');
afterAll(() => tmp.remove());

const withAliases = (name: string, type: Entity['type'], aliases: string[]): Entity => ({ ...entity(name, type), aliases });

/** Write two articles, then take the store back to before migration 4: no entity_names table. */
async function storedBeforeV4(cfg: StoreConfig, undo: (sql: string) => Promise<void>): Promise<Article[]> {
  const store = await openStore(cfg);
  const articles = [makeArticle({ n: 1, entities: [withAliases('Volkswagen', 'ORG', ['VW'])] }), makeArticle({ n: 2, entities: [entity('VW', 'ORG')] })];
  try {
    for (const a of articles) await store.write(a);
  } finally {
    await store.close();
  }
  await undo('DROP TABLE entity_names');
  await undo('DELETE FROM schema_migrations WHERE version = 4');
  return articles;
}

describe('the entity-names migration on a database holding articles', () => {
  it.each(['sqlite', 'postgres'] as const)('%s: fills entity_names from the stored mentions, aliases included', async (kind) => {
    const cfg = await freshStoreConfig(kind, tmp.dir, `names-${kind}`);
    const undo =
      kind === 'sqlite'
        ? async (sql: string) => {
            const db = new Database((cfg as { path: string }).path);
            db.exec(sql);
            db.close();
          }
        : async (sql: string) => {
            const c = new pg.Client({ connectionString: (cfg as { url: string }).url });
            await c.connect();
            await c.query(sql);
            await c.end();
          };
    const [vw, vwOnly] = await storedBeforeV4(cfg, undo);
    const store = await openStore(cfg);
    try {
      expect((await store.migrations()).map((m) => m.version)).toEqual([1, 2, 3, 4]);
      const ids = async (name: string) => (await store.list({ entity: name })).items.map((i) => i.id).sort();
      expect(await ids('Volkswagen')).toEqual([vw!.id, vwOnly!.id].sort());
      expect(await ids('vw')).toEqual([vw!.id, vwOnly!.id].sort());
    } finally {
      await store.close();
    }
  });
});
