import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoredRow } from './report.js';

/**
 * The store's rows, read the way an auditor would: straight from the tables, not through newsflow.
 * One entry per `articles` row, plus one per extra `article_versions` row of that article (the same
 * page stored as version 2 is a duplicate too).
 */
const ROWS_SQL = {
  sqlite: `SELECT json_extract(a.doc, '$.pageId') AS pageId, a.id AS articleId,
             (SELECT COUNT(*) FROM article_versions v WHERE v.article_id = a.id) AS versions FROM articles a`,
  postgres: `SELECT a.doc->>'pageId' AS "pageId", a.id AS "articleId",
             (SELECT COUNT(*)::int FROM article_versions v WHERE v.article_id = a.id) AS versions FROM articles a`,
};

export function sqliteRows(path: string): StoredRow[] {
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    return db.prepare(ROWS_SQL.sqlite).all() as StoredRow[];
  } finally {
    db.close();
  }
}

export async function postgresRows(url: string): Promise<StoredRow[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const exists = await c.query(`SELECT to_regclass('articles') AS t`);
    if (!exists.rows[0]?.t) return [];
    return (await c.query(ROWS_SQL.postgres)).rows as StoredRow[];
  } finally {
    await c.end();
  }
}
