/**
 * PostgreSQL schema, as versioned migrations applied in order at open (under an advisory lock, so
 * sinks starting together apply each once). Never edit a shipped migration: add the next one.
 */
export const POSTGRES_MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'articles, versions, entities, mentions, trace, full-text index',
    sql: `
CREATE TABLE articles (
  seq BIGSERIAL UNIQUE,
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 64),
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  title TEXT NOT NULL,
  authors JSONB NOT NULL,
  published_at TIMESTAMPTZ,
  modified_at TIMESTAMPTZ,
  fetched_at TIMESTAMPTZ NOT NULL,
  sort_at TIMESTAMPTZ NOT NULL,
  language TEXT,
  site TEXT,
  site_key TEXT,
  source TEXT,
  body TEXT NOT NULL,
  paragraphs JSONB NOT NULL,
  corrections JSONB NOT NULL,
  content_hash TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  duplicate_of TEXT,
  cluster_id TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  doc JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  -- 'simple': no stemming, so search behaves the same in every language (and as in SQLite FTS5).
  -- The body is capped because a tsvector cannot exceed 1 MB.
  search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, left(body, 200000)), 'B')
  ) STORED,
  CONSTRAINT articles_not_own_duplicate CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX articles_canonical_url ON articles (canonical_url);
CREATE INDEX articles_cluster ON articles (cluster_id);
CREATE INDEX articles_site ON articles (site_key, sort_at);
CREATE INDEX articles_sort ON articles (sort_at, id);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE article_versions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  content_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  modified_at TIMESTAMPTZ,
  word_count INTEGER NOT NULL,
  changes JSONB,
  corrections JSONB NOT NULL,
  doc JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE INDEX article_versions_hash ON article_versions (article_id, content_hash);

CREATE TABLE entities (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  type TEXT NOT NULL,
  first_seen_at TIMESTAMPTZ NOT NULL
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
  aliases JSONB NOT NULL,
  mentions JSONB NOT NULL,
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
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (article_id, seq)
);
`,
  },
];
