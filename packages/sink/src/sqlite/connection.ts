import Database from 'better-sqlite3';
import type { Article } from '@newsflow/contracts';
import { ARTICLE_TYPES, articleRow, decide, entityNameRows, mentionRows, versionRow, type CurrentRow, type DecisionInput } from '../row.js';
import { SQLITE_MIGRATIONS } from '../schema.js';
import type { WriteResult } from '../types.js';
import { SQLITE_UNAVAILABLE, toWire, type WireError } from './codes.js';

/*
 * The synchronous half of the SQLite store: one better-sqlite3 connection and what runs on it.
 * Only the store's threads use it (thread.ts), so a busy wait, an fsync or a long query blocks
 * that thread and never the event loop serving HTTP. No @newsflow/core here: it would load BullMQ
 * into every thread.
 */

export type Role = 'writer' | 'reader';

export interface ConnectionOptions {
  path: string;
  role: Role;
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/**
 * One article to write: what deciding needs, worked out by the store before the hop, and the
 * article as JSON, parsed here only when there is something to write (a redelivery is not).
 */
export interface WriteItem extends DecisionInput {
  id: string;
  inputHash: string;
  json: string;
}

/** One item of a write batch, as the thread answers it: row errors travel as plain data. */
export type WireItemResult = { ok: true; value: WriteResult } | { ok: false; error: WireError };

const ARTICLE_COLUMNS = Object.keys(ARTICLE_TYPES);
/** Distinct read queries kept prepared; listings with other filters are prepared again. */
const MAX_CACHED_STATEMENTS = 200;

const isUnavailable = (err: unknown) => SQLITE_UNAVAILABLE.test(String((err as { code?: unknown })?.code ?? ''));

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = () => new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  // Nothing to apply (every open but the first): no write lock taken, so a thread restarted while
  // another process holds the lock opens at once.
  if (SQLITE_MIGRATIONS.every((m) => applied().has(m.version))) return;
  // IMMEDIATE: two processes opening a fresh file at once must not both apply a migration.
  const apply = db.transaction(() => {
    const done = applied();
    for (const m of SQLITE_MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
  });
  apply.immediate();
}

function openDatabase(o: ConnectionOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (o.role === 'reader') {
      // The writer opened (and migrated) the file first.
      db = new Database(o.path, { readonly: true, fileMustExist: true });
      db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
      return db;
    }
    db = new Database(o.path);
    db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    // FULL: a committed article survives power loss too, since its job is acknowledged right after.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw err;
  }
}

export class SqliteConnection {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();
  private st: ReturnType<typeof writeStatements> | null = null;

  constructor(private readonly o: ConnectionOptions) {
    this.db = openDatabase(o);
  }

  /** Rows of a read query (statements are kept prepared by their SQL). */
  all(sql: string, params: unknown[]): unknown[] {
    return this.statement(sql).all(...params);
  }

  /**
   * One IMMEDIATE transaction for the batch, each row in its own savepoint so a bad row rolls
   * back alone. Busy, full or I/O errors are not a row's fault: they throw, failing the batch.
   */
  write(items: WriteItem[], now: string): WireItemResult[] {
    const db = this.db;
    const results: WireItemResult[] = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const a of items) {
        db.exec('SAVEPOINT row');
        try {
          results.push({ ok: true, value: this.writeOne(a, now) });
          db.exec('RELEASE row');
        } catch (err) {
          if (isUnavailable(err)) throw err;
          db.exec('ROLLBACK TO row');
          db.exec('RELEASE row');
          results.push({ ok: false, error: toWire(err) });
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
      throw err;
    }
    return results;
  }

  /** Rewrites the one probe row without waiting for a lock. */
  testWrite(now: string): void {
    const db = this.db;
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        this.statements().probe.run(now);
        db.exec('COMMIT');
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    } finally {
      db.pragma(`busy_timeout = ${this.o.busyTimeoutMs}`);
    }
  }

  /** Bytes `max_page_count` still allows (this connection's limit, so the writer's). */
  roomBytes(): number {
    const n = (p: string) => this.db.pragma(p, { simple: true }) as number;
    return (n('max_page_count') - n('page_count') + n('freelist_count')) * n('page_size');
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size >= MAX_CACHED_STATEMENTS) this.cache.clear();
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  private statements(): ReturnType<typeof writeStatements> {
    return (this.st ??= writeStatements(this.db));
  }

  private writeOne(item: WriteItem, now: string): WriteResult {
    const st = this.statements();
    const { id, inputHash } = item;
    const cur = (st.current.get(id) as CurrentRow | undefined) ?? null;
    const byHash = cur && cur.contentHash !== item.dedupe.contentHash ? (st.versionByHash.get(id, item.dedupe.contentHash) as { version: number } | undefined) : undefined;
    const d = decide(cur, item, inputHash, byHash?.version ?? null);
    if (d.action !== 'skip') {
      const a = JSON.parse(item.json) as Article;
      const row = articleRow(a, d.version, inputHash, now, item.json);
      if (d.action === 'write-new') st.insert.run(row);
      else st.update.run(row);
      if (d.action !== 'refresh') st.insertVersion.run(versionRow(a, d.version, now, row.doc));
      st.deleteMentions.run(id);
      for (const m of mentionRows(a)) {
        st.insertEntity.run(m.entity_key, m.name, m.name_lc, m.type, now);
        st.insertMention.run({ article_id: id, ...m });
      }
      st.deleteNames.run(id);
      for (const n of entityNameRows(a)) st.insertName.run(id, n.entity_key, n.name_lc);
      // Stories this article bridged now belong to its story: re-point their stored articles.
      for (const old of a.dedupe.storyMerged ?? []) st.repointStory.run({ story: a.dedupe.storyId, old });
      st.deleteTrace.run(id);
      a.trace.forEach((t, i) => st.insertTrace.run(id, i, t.stage, t.version, t.workerId, t.attempts, t.startedAt, t.finishedAt, t.durationMs));
    }
    return { articleId: id, version: d.version, outcome: d.outcome };
  }
}

function writeStatements(db: Database.Database) {
  return {
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
    deleteNames: db.prepare('DELETE FROM entity_names WHERE article_id = ?'),
    insertName: db.prepare('INSERT INTO entity_names (article_id, entity_key, name_lc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    repointStory: db.prepare(`UPDATE articles SET story_id = @story, doc = json_set(doc, '$.dedupe.storyId', @story) WHERE story_id = @old`),
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
    probe: db.prepare('INSERT INTO sink_probe (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at'),
  };
}
