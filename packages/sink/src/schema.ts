/** Column types that differ between the two SQL stores; everything else in the schema is shared. */
interface Types {
  /** The row-order key full-text search and inserts use. */
  seq: string;
  id: string;
  ts: string;
  json: string;
  real: string;
  float: string;
}

const SQLITE: Types = {
  seq: 'seq INTEGER PRIMARY KEY',
  id: 'id TEXT NOT NULL UNIQUE',
  ts: 'TEXT',
  json: 'TEXT',
  real: 'REAL',
  float: 'REAL',
};

const POSTGRES: Types = {
  seq: 'seq BIGSERIAL UNIQUE',
  id: 'id TEXT PRIMARY KEY',
  ts: 'TIMESTAMPTZ',
  json: 'JSONB',
  real: 'REAL',
  float: 'DOUBLE PRECISION',
};

/** Version 1: articles, versions, entities and mentions (joinable by entity key), the trace, indexes. */
function coreTables(t: Types, extraArticleColumns: string): string {
  return `
CREATE TABLE articles (
  ${t.seq},
  ${t.id} CHECK (length(id) BETWEEN 8 AND 64),
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  title TEXT NOT NULL,
  authors ${t.json} NOT NULL,
  published_at ${t.ts},
  modified_at ${t.ts},
  fetched_at ${t.ts} NOT NULL,
  sort_at ${t.ts} NOT NULL,
  language TEXT,
  site TEXT,
  site_key TEXT,
  source TEXT,
  body TEXT NOT NULL,
  paragraphs ${t.json} NOT NULL,
  corrections ${t.json} NOT NULL,
  content_hash TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  duplicate_of TEXT,
  cluster_id TEXT NOT NULL,
  word_count INTEGER NOT NULL,
  doc ${t.json} NOT NULL,
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL,${extraArticleColumns}
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
  modified_at ${t.ts},
  word_count INTEGER NOT NULL,
  changes ${t.json},
  corrections ${t.json} NOT NULL,
  doc ${t.json} NOT NULL,
  created_at ${t.ts} NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE INDEX article_versions_hash ON article_versions (article_id, content_hash);

CREATE TABLE entities (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  type TEXT NOT NULL,
  first_seen_at ${t.ts} NOT NULL
);
CREATE INDEX entities_name ON entities (name_lc);

CREATE TABLE mentions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  entity_key TEXT NOT NULL REFERENCES entities (key),
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  type TEXT NOT NULL,
  count INTEGER NOT NULL,
  salience ${t.real} NOT NULL,
  first_position INTEGER NOT NULL,
  aliases ${t.json} NOT NULL,
  mentions ${t.json} NOT NULL,
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
  started_at ${t.ts} NOT NULL,
  finished_at ${t.ts} NOT NULL,
  duration_ms ${t.float} NOT NULL,
  PRIMARY KEY (article_id, seq)
);
`;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const V1_NAME = 'articles, versions, entities, mentions, trace, full-text index';

/** Version 2: one row `probe()` rewrites in place to test that the store can write, without growing it. */
const V2 = (ts: string): Migration => ({
  version: 2,
  name: 'sink_probe: the row probe() rewrites',
  sql: `CREATE TABLE sink_probe (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at ${ts} NOT NULL);`,
});

/**
 * Version 3: the story each article reports (issue 14). Added columns, so it applies to databases
 * holding articles already; their story is read back from the stored document where it has one.
 */
const V3 = (docStory: string, docLabel: string): Migration => ({
  version: 3,
  name: 'articles.story_id, story_label: story clusters',
  sql: `ALTER TABLE articles ADD COLUMN story_id TEXT;
ALTER TABLE articles ADD COLUMN story_label TEXT;
UPDATE articles SET story_id = ${docStory}, story_label = ${docLabel} WHERE ${docStory} IS NOT NULL;
CREATE INDEX articles_story ON articles (story_id, sort_at);`,
});

/**
 * Version 4: every name an article's entity goes by (its canonical name and its aliases, lower
 * case), so a query by any of them finds the entity (issue 15). Filled from the stored mentions;
 * aliases of rows written before it are lower-cased by the database (ASCII letters only in SQLite).
 * (`WHERE true`: SQLite would read `ON CONFLICT` after `FROM` as a join constraint.)
 */
const V4 = (aliasesOf: string): Migration => ({
  version: 4,
  name: 'entity_names: canonical names and aliases, for entity queries by any name',
  sql: `CREATE TABLE entity_names (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  entity_key TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  PRIMARY KEY (article_id, entity_key, name_lc)
);
CREATE INDEX entity_names_name ON entity_names (name_lc);
CREATE INDEX entity_names_key ON entity_names (entity_key);
INSERT INTO entity_names (article_id, entity_key, name_lc) SELECT article_id, entity_key, name_lc FROM mentions WHERE true ON CONFLICT DO NOTHING;
INSERT INTO entity_names (article_id, entity_key, name_lc) SELECT m.article_id, m.entity_key, lower(j.value) FROM mentions m, ${aliasesOf} WHERE true ON CONFLICT DO NOTHING;`,
});

/**
 * SQLite schema as versioned migrations, applied in order at open. Never edit a shipped migration:
 * add the next one. Timestamps are UTC ISO strings, so they sort as text. Full text is an FTS5
 * index kept in step with `articles` by triggers.
 */
export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: V1_NAME,
    sql: `${coreTables(SQLITE, '')}
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, content = 'articles', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
  INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
`,
  },
  V2(SQLITE.ts),
  V3("json_extract(doc, '$.dedupe.storyId')", "json_extract(doc, '$.dedupe.storyLabel')"),
  V4('json_each(m.aliases) j'),
];

/**
 * PostgreSQL schema as versioned migrations (applied under an advisory lock, so sinks starting
 * together apply each once). Full text is a generated tsvector with a GIN index; 'simple' does
 * no stemming, so search behaves alike in every language and like SQLite's FTS5. The body is
 * capped because a tsvector cannot exceed 1 MB.
 */
export const POSTGRES_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: V1_NAME,
    sql: `${coreTables(
      POSTGRES,
      `
  search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, left(body, 200000)), 'B')
  ) STORED,`,
    )}
CREATE INDEX articles_search ON articles USING GIN (search);
`,
  },
  V2(POSTGRES.ts),
  V3("doc->'dedupe'->>'storyId'", "doc->'dedupe'->>'storyLabel'"),
  V4('jsonb_array_elements_text(m.aliases) AS j(value)'),
];
