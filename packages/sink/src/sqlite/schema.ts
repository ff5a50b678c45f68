/**
 * SQLite schema, as versioned migrations applied in order at open. Never edit a shipped
 * migration: add the next one. Timestamps are UTC ISO strings, so they sort as text.
 */
export const SQLITE_MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'articles, versions, entities, mentions, trace, full-text index',
    sql: `
CREATE TABLE articles (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 8 AND 64),
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  title TEXT NOT NULL,
  authors TEXT NOT NULL,
  published_at TEXT,
  modified_at TEXT,
  fetched_at TEXT NOT NULL,
  sort_at TEXT NOT NULL,
  language TEXT,
  site TEXT,
  site_key TEXT,
  source TEXT,
  body TEXT NOT NULL,
  paragraphs TEXT NOT NULL,
  corrections TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  duplicate_of TEXT,
  cluster_id TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT articles_not_own_duplicate CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX articles_canonical_url ON articles (canonical_url);
CREATE INDEX articles_cluster ON articles (cluster_id);
CREATE INDEX articles_site ON articles (site_key, sort_at);
CREATE INDEX articles_sort ON articles (sort_at, id);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE article_versions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  content_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  modified_at TEXT,
  word_count INTEGER NOT NULL,
  changes TEXT,
  corrections TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE INDEX article_versions_hash ON article_versions (article_id, content_hash);

CREATE TABLE entities (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  type TEXT NOT NULL,
  first_seen_at TEXT NOT NULL
);
CREATE INDEX entities_name ON entities (name_lc);

CREATE TABLE mentions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  entity_key TEXT NOT NULL REFERENCES entities (key),
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  type TEXT NOT NULL,
  count INTEGER NOT NULL,
  salience REAL NOT NULL,
  first_position INTEGER NOT NULL,
  aliases TEXT NOT NULL,
  mentions TEXT NOT NULL,
  PRIMARY KEY (article_id, entity_key)
);
CREATE INDEX mentions_entity ON mentions (entity_key);
CREATE INDEX mentions_name ON mentions (name_lc);

CREATE TABLE article_trace (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  stage TEXT NOT NULL,
  version TEXT NOT NULL,
  worker_id TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  PRIMARY KEY (article_id, seq)
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, content = 'articles', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
  INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
`,
  },
];
