import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Article } from '@newsflow/contracts';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { classifyDbError, isUnavailable } from '../db-errors.js';
import { diskRoom, probeStore, type ProbeOptions } from '../probe.js';
import { ARTICLE_TYPES, articleRow, decide, inputHashOf, mentionRows, versionRow, cleanArticle, type CurrentRow } from '../row.js';
import { DOC_COLUMNS, entitiesQuery, toEntitySummary, iterateDocs, storedFrom, listQuery, sqliteDialect, toPage, toVersion, whereFor } from '../sql.js';
import type { ArticleFilter, ArticleStore, StoredArticle, WriteResult } from '../types.js';
import { SQLITE_MIGRATIONS } from '../schema.js';

export interface SqliteStoreOptions extends ProbeOptions {
  /** Database file; `:memory:` for a throwaway store. Its directory is created. */
  path: string;
  /** Most writes per transaction. @defaultValue 200 */
  batchSize?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /**
   * How long SQLite waits for another connection's write lock before SQLITE_BUSY. better-sqlite3
   * waits by spinning on the event loop (no job lock renewed, no request served meanwhile), so
   * this stays short; a busy batch is retried in place with backoff, the loop free in between.
   * @defaultValue 500
   */
  busyTimeoutMs?: number;
  /** How long a busy, full or failing batch is retried in place before its writes fail. @defaultValue 20000 */
  retryWindowMs?: number;
}

const ARTICLE_COLUMNS = Object.keys(ARTICLE_TYPES);

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  // IMMEDIATE: two processes opening a fresh file at once must not both apply a migration.
  const apply = db.transaction(() => {
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
    for (const m of SQLITE_MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
  });
  apply.immediate();
}

function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // FULL: a committed article survives power loss too, since its job is acknowledged right after.
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw classifyDbError(err);
  }
}

/**
 * The default store: one SQLite file in WAL mode. Writes from concurrent jobs are batched into one
 * IMMEDIATE transaction, each row inside its own savepoint so a bad row rolls back alone.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<ArticleStore> {
  const clock = opts.clock ?? (() => new Date());
  if (opts.path !== ':memory:') {
    // The articles are the user's data: a new directory is 0700 and the file 0600; SQLite gives its
    // -wal and -shm files the database file's mode.
    mkdirSync(dirname(resolve(opts.path)), { recursive: true, mode: 0o700 });
    closeSync(openSync(opts.path, 'a', 0o600));
    chmodSync(opts.path, 0o600);
  }
  const busyTimeoutMs = opts.busyTimeoutMs ?? 500;
  const db = openDatabase(opts.path, busyTimeoutMs);

  const st = {
    current: db.prepare('SELECT version, content_hash AS contentHash, input_hash AS inputHash FROM articles WHERE id = ?'),
    versionByHash: db.prepare('SELECT version FROM article_versions WHERE article_id = ? AND content_hash = ? ORDER BY version DESC LIMIT 1'),
    insert: db.prepare(
      `INSERT INTO articles (${ARTICLE_COLUMNS.join(', ')}, created_at, updated_at) VALUES (${ARTICLE_COLUMNS.map((c) => `@${c}`).join(', ')}, @now, @now)`,
    ),
    update: db.prepare(`UPDATE articles SET ${ARTICLE_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`),
    insertVersion: db.prepare(
      `INSERT INTO article_versions (article_id, version, content_hash, title, modified_at, word_count, changes, corrections, doc, created_at)
       VALUES (@article_id, @version, @content_hash, @title, @modified_at, @word_count, @changes, @corrections, @doc, @created_at)
       ON CONFLICT (article_id, version) DO NOTHING`,
    ),
    deleteMentions: db.prepare('DELETE FROM mentions WHERE article_id = ?'),
    insertEntity: db.prepare('INSERT INTO entities (key, name, name_lc, type, first_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING'),
    insertMention: db.prepare(
      `INSERT INTO mentions (article_id, entity_key, name, name_lc, type, count, salience, first_position, aliases, mentions)
       VALUES (@article_id, @entity_key, @name, @name_lc, @type, @count, @salience, @first_position, @aliases, @mentions)`,
    ),
    deleteTrace: db.prepare('DELETE FROM article_trace WHERE article_id = ?'),
    insertTrace: db.prepare(
      `INSERT INTO article_trace (article_id, seq, stage, version, worker_id, attempts, started_at, finished_at, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare('SELECT doc, version, created_at, updated_at FROM articles WHERE id = ?'),
    versions: db.prepare('SELECT * FROM article_versions WHERE article_id = ? ORDER BY version'),
    getVersion: db.prepare('SELECT doc, version, created_at, created_at AS updated_at FROM article_versions WHERE article_id = ? AND version = ?'),
    ping: db.prepare('SELECT 1'),
    probe: db.prepare('INSERT INTO sink_probe (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at'),
  };

  function writeOne(a: Article): WriteResult {
    const inputHash = inputHashOf(a);
    const cur = (st.current.get(a.id) as CurrentRow | undefined) ?? null;
    const byHash = cur && cur.contentHash !== a.dedupe.contentHash ? (st.versionByHash.get(a.id, a.dedupe.contentHash) as { version: number } | undefined) : undefined;
    const d = decide(cur, a, inputHash, byHash?.version ?? null);
    if (d.action !== 'skip') {
      const now = clock().toISOString();
      const row = articleRow(a, d.version, inputHash, now);
      if (d.action === 'write-new') st.insert.run(row);
      else st.update.run(row);
      if (d.action !== 'refresh') st.insertVersion.run(versionRow(a, d.version, now, row.doc));
      st.deleteMentions.run(a.id);
      for (const m of mentionRows(a)) {
        st.insertEntity.run(m.entity_key, m.name, m.name_lc, m.type, now);
        st.insertMention.run({ article_id: a.id, ...m });
      }
      st.deleteTrace.run(a.id);
      a.trace.forEach((t, i) => st.insertTrace.run(a.id, i, t.stage, t.version, t.workerId, t.attempts, t.startedAt, t.finishedAt, t.durationMs));
    }
    return { articleId: a.id, version: d.version, outcome: d.outcome };
  }

  async function runBatch(items: Article[]): Promise<Array<ItemResult<WriteResult>>> {
    const results: Array<ItemResult<WriteResult>> = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const a of items) {
        db.exec('SAVEPOINT row');
        try {
          results.push({ ok: true, value: writeOne(a) });
          db.exec('RELEASE row');
        } catch (err) {
          // Busy, full or I/O: not this row's fault, the whole batch is retried.
          if (isUnavailable(err)) throw err;
          db.exec('ROLLBACK TO row');
          db.exec('RELEASE row');
          results.push({ ok: false, error: classifyDbError(err, a.id) });
        }
      }
      db.exec('COMMIT');
    } catch (err) {
      // SQLite may have rolled back already (SQLITE_FULL, I/O errors do); a failing ROLLBACK says no more.
      if (db.inTransaction) {
        try {
          db.exec('ROLLBACK');
        } catch {
          // the batch's own error is the one to report
        }
      }
      throw classifyDbError(err);
    }
    return results;
  }

  const batcher = new WriteBatcher<Article, WriteResult>({ run: runBatch, maxBatch: opts.batchSize ?? 200, retryable: isUnavailable, retryWindowMs: opts.retryWindowMs });
  const dir = opts.path === ':memory:' ? null : dirname(resolve(opts.path));

  /** Room left: the filesystem's free space and what `max_page_count` still allows. */
  async function capacity(min: number): Promise<string | null> {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = (db.pragma('max_page_count', { simple: true }) as number) - (db.pragma('page_count', { simple: true }) as number) + (db.pragma('freelist_count', { simple: true }) as number);
    if (pages * pageSize < min) return `SQLITE_FULL: the database is at its max_page_count (${pages} pages free)`;
    return dir ? diskRoom(dir, min) : null;
  }

  /** Rewrites the one probe row without waiting for a lock: a probe must not spin the event loop. */
  async function testWrite(): Promise<void> {
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        st.probe.run(clock().toISOString());
        db.exec('COMMIT');
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    } finally {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  }
  const rows = (sql: string, params: unknown[]) => db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
  let closed = false;

  return {
    kind: 'sqlite',
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(cleanArticle(article))),
    async get(id): Promise<StoredArticle | null> {
      const r = st.get.get(id) as { doc: string; version: number; created_at: string; updated_at: string } | undefined;
      return r ? storedFrom(JSON.parse(r.doc) as Article, r) : null;
    },
    async list(filter: ArticleFilter = {}) {
      const q = listQuery(filter, sqliteDialect);
      return toPage(rows(q.sql, q.params), q.limit);
    },
    iterate(filter: ArticleFilter = {}) {
      return iterateDocs(filter, async (f) => {
        const q = listQuery(f, sqliteDialect, DOC_COLUMNS);
        return rows(q.sql, q.params);
      });
    },
    async versions(id) {
      return (st.versions.all(id) as Array<Record<string, unknown>>).map(toVersion);
    },
    async getVersion(id, version) {
      const r = st.getVersion.get(id, version) as { doc: string } | undefined;
      return r ? storedFrom(JSON.parse(r.doc) as Article, r) : null;
    },
    async count(filter = {}) {
      const w = whereFor(filter, sqliteDialect, false);
      return Number((db.prepare(`SELECT count(*) AS n FROM articles a ${w.sql}`).get(...w.params) as { n: number }).n);
    },
    async entities(filter = {}) {
      const q = entitiesQuery(filter, sqliteDialect);
      return rows(q.sql, q.params).map(toEntitySummary);
    },
    probe: () => probeStore({ ...opts, batcher, closed: () => closed, connect: async () => void st.ping.get(), capacity, testWrite }),
    async migrations() {
      return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>;
    },
    async close() {
      if (closed) return;
      closed = true;
      await batcher.close();
      db.close();
    },
  };
}
