import type pg from 'pg';
import type { Article } from '@newsflow/contracts';
import { TransientError } from '@newsflow/core';
import { classifyDbError, isUnavailable } from '../db-errors.js';
import { ARTICLE_TYPES, articleRow, decide, inputHashOf, entityNameRows, mentionRows, versionRow, type CurrentRow } from '../row.js';
import type { ItemResult } from '../batcher.js';
import type { WriteResult } from '../types.js';

const COLS = Object.keys(ARTICLE_TYPES);
const recordType = (types: Record<string, string>) => Object.entries(types).map(([c, t]) => `${c} ${t === 'jsonb' ? 'text' : t}`).join(', ');
const value = (types: Record<string, string>, c: string) => (types[c] === 'jsonb' ? `x.${c}::jsonb` : `x.${c}`);
const ROW_TYPE = `${recordType(ARTICLE_TYPES)}, now timestamptz`;

const INSERT_ARTICLES = `INSERT INTO articles (${COLS.join(', ')}, created_at, updated_at)
  SELECT ${COLS.map((c) => value(ARTICLE_TYPES, c)).join(', ')}, x.now, x.now FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_TYPE})
  ON CONFLICT (id) DO NOTHING RETURNING id`;
const UPDATE_ARTICLES = `UPDATE articles a SET ${COLS.slice(1).map((c) => `${c} = ${value(ARTICLE_TYPES, c)}`).join(', ')}, updated_at = x.now
  FROM jsonb_to_recordset($1::jsonb) AS x(${ROW_TYPE}) WHERE a.id = x.id`;
const INSERT_VERSIONS = `INSERT INTO article_versions (article_id, version, content_hash, title, modified_at, word_count, changes, corrections, doc, created_at)
  SELECT article_id, version, content_hash, title, modified_at, word_count, changes::jsonb, corrections::jsonb, doc::jsonb, created_at
  FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, version int, content_hash text, title text, modified_at timestamptz, word_count int, changes text, corrections text, doc text, created_at timestamptz)
  ON CONFLICT (article_id, version) DO NOTHING`;
const INSERT_ENTITIES = `INSERT INTO entities (key, name, name_lc, type, first_seen_at)
  SELECT DISTINCT ON (entity_key) entity_key, name, name_lc, type, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, name text, name_lc text, type text)
  ORDER BY entity_key ON CONFLICT (key) DO NOTHING`;
const INSERT_NAMES = `INSERT INTO entity_names (article_id, entity_key, name_lc)
  SELECT article_id, entity_key, name_lc FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, entity_key text, name_lc text) ON CONFLICT DO NOTHING`;
const INSERT_MENTIONS = `INSERT INTO mentions (article_id, entity_key, name, name_lc, type, count, salience, first_position, aliases, mentions)
  SELECT article_id, entity_key, name, name_lc, type, count, salience, first_position, aliases::jsonb, mentions::jsonb
  FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, entity_key text, name text, name_lc text, type text, count int, salience real, first_position int, aliases text, mentions text)`;
const INSERT_TRACE = `INSERT INTO article_trace (article_id, seq, stage, version, worker_id, attempts, started_at, finished_at, duration_ms)
  SELECT article_id, seq, stage, version, "workerId", attempts, "startedAt", "finishedAt", "durationMs"
  FROM jsonb_to_recordset($1::jsonb) AS x(article_id text, seq int, stage text, version text, "workerId" text, attempts int, "startedAt" timestamptz, "finishedAt" timestamptz, "durationMs" float8)`;

/** Another sink inserted one of these ids after our SELECT … FOR UPDATE saw nothing. */
class ConcurrentInsert extends Error {}

/**
 * Write articles with distinct ids in a constant number of statements, whatever their count: lock
 * and read the current rows, decide each in JS (the shared exactly-once rule), then insert/update
 * all rows, versions, mentions and traces set-wise. Any failure fails the whole set; the caller
 * then retries row by row to isolate the bad one.
 */
export async function writeSet(c: pg.PoolClient, items: Article[], now: string): Promise<WriteResult[]> {
  const ids = items.map((a) => a.id);
  const cur = new Map<string, CurrentRow>();
  const locked = await c.query<CurrentRow & { id: string }>(
    'SELECT id, version, content_hash AS "contentHash", input_hash AS "inputHash" FROM articles WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  for (const r of locked.rows) cur.set(r.id, r);
  const changed = items.filter((a) => cur.has(a.id) && cur.get(a.id)!.contentHash !== a.dedupe.contentHash);
  const byHash = new Map<string, number>();
  if (changed.length) {
    const r = await c.query<{ article_id: string; content_hash: string; version: number }>(
      `SELECT article_id, content_hash, max(version) AS version FROM article_versions
       WHERE (article_id, content_hash) IN (SELECT * FROM unnest($1::text[], $2::text[])) GROUP BY article_id, content_hash`,
      [changed.map((a) => a.id), changed.map((a) => a.dedupe.contentHash)],
    );
    for (const x of r.rows) byHash.set(`${x.article_id}/${x.content_hash}`, Number(x.version));
  }
  const inserts: unknown[] = [];
  const updates: unknown[] = [];
  const versions: unknown[] = [];
  const mentions: unknown[] = [];
  const names: unknown[] = [];
  const trace: unknown[] = [];
  const touched: string[] = [];
  const results = items.map((a): WriteResult => {
    const inputHash = inputHashOf(a);
    const d = decide(cur.get(a.id) ?? null, a, inputHash, byHash.get(`${a.id}/${a.dedupe.contentHash}`) ?? null);
    if (d.action === 'skip') return { articleId: a.id, version: d.version, outcome: d.outcome };
    const row = articleRow(a, d.version, inputHash, now);
    (d.action === 'write-new' ? inserts : updates).push(row);
    if (d.action !== 'refresh') versions.push(versionRow(a, d.version, now, row.doc));
    for (const m of mentionRows(a)) mentions.push({ article_id: a.id, ...m });
    for (const n of entityNameRows(a)) names.push({ article_id: a.id, ...n });
    a.trace.forEach((t, seq) => trace.push({ article_id: a.id, seq, ...t }));
    touched.push(a.id);
    return { articleId: a.id, version: d.version, outcome: d.outcome };
  });
  if (inserts.length) {
    const r = await c.query(INSERT_ARTICLES, [JSON.stringify(inserts)]);
    if (r.rowCount !== inserts.length) throw new ConcurrentInsert();
  }
  if (updates.length) await c.query(UPDATE_ARTICLES, [JSON.stringify(updates)]);
  if (versions.length) await c.query(INSERT_VERSIONS, [JSON.stringify(versions)]);
  if (touched.length) {
    await c.query('DELETE FROM mentions WHERE article_id = ANY($1::text[])', [touched]);
    if (mentions.length) {
      const json = JSON.stringify(mentions);
      await c.query(INSERT_ENTITIES, [json, now]);
      await c.query(INSERT_MENTIONS, [json]);
    }
    await c.query('DELETE FROM entity_names WHERE article_id = ANY($1::text[])', [touched]);
    if (names.length) await c.query(INSERT_NAMES, [JSON.stringify(names)]);
    await c.query('DELETE FROM article_trace WHERE article_id = ANY($1::text[])', [touched]);
    await c.query(INSERT_TRACE, [JSON.stringify(trace)]);
  }
  // Stories these articles bridged now belong to their story: re-point their stored articles.
  const merges = items.flatMap((a) => (a.dedupe.storyId ? (a.dedupe.storyMerged ?? []).map((old) => [old, a.dedupe.storyId!]) : []));
  if (merges.length) {
    await c.query(
      `UPDATE articles a SET story_id = m.story, doc = jsonb_set(a.doc, '{dedupe,storyId}', to_jsonb(m.story))
       FROM unnest($1::text[], $2::text[]) AS m(old, story) WHERE a.story_id = m.old`,
      [merges.map((m) => m[0]), merges.map((m) => m[1])],
    );
  }
  return results;
}

async function inSavepoint<T>(c: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await c.query('SAVEPOINT w');
  try {
    const r = await fn();
    await c.query('RELEASE SAVEPOINT w');
    return r;
  } catch (err) {
    await c.query('ROLLBACK TO SAVEPOINT w');
    await c.query('RELEASE SAVEPOINT w');
    throw err;
  }
}

/**
 * One batch inside an open transaction. Fast path: the whole batch set-wise in one savepoint.
 * If that fails (a bad row, a concurrent insert, repeated ids), each row gets its own savepoint,
 * so only the bad row fails, with its reason. Rows go in id order so two sinks never deadlock.
 */
export async function writeBatch(c: pg.PoolClient, items: Article[], clock: () => Date): Promise<Array<ItemResult<WriteResult>>> {
  const order = items.map((_, i) => i).sort((x, y) => (items[x]!.id < items[y]!.id ? -1 : items[x]!.id > items[y]!.id ? 1 : x - y));
  const sorted = order.map((i) => items[i]!);
  const results = new Array<ItemResult<WriteResult>>(items.length);
  if (new Set(sorted.map((a) => a.id)).size === sorted.length) {
    try {
      const set = await inSavepoint(c, () => writeSet(c, sorted, clock().toISOString()));
      set.forEach((r, k) => (results[order[k]!] = { ok: true, value: r }));
      return results;
    } catch (err) {
      // The database went away: no row is at fault, the whole batch is retried.
      if (isUnavailable(err)) throw err;
      // otherwise fall through: find the row that failed
    }
  }
  for (const i of order) {
    const a = items[i]!;
    for (let attempt = 1; ; attempt++) {
      try {
        const [r] = await inSavepoint(c, () => writeSet(c, [a], clock().toISOString()));
        results[i] = { ok: true, value: r! };
      } catch (err) {
        if (err instanceof ConcurrentInsert && attempt < 3) continue;
        if (isUnavailable(err)) throw err;
        const e = err instanceof ConcurrentInsert ? new TransientError('CONCURRENT_WRITE', `article ${a.id} is being written by another sink`) : err;
        results[i] = { ok: false, error: classifyDbError(e, a.id) };
      }
      break;
    }
  }
  return results;
}
