import { createHash } from 'node:crypto';
import type { Article } from '@newsflow/contracts';
import type { WriteOutcome } from './types.js';

/** What the store holds for an article id before a write. */
export interface CurrentRow {
  version: number;
  contentHash: string;
  inputHash: string;
}

export interface Decision {
  /** `write-new`: insert the row; `append`: new version; `refresh`: same content, new enrichment; `skip`: nothing. */
  action: 'write-new' | 'append' | 'refresh' | 'skip';
  version: number;
  outcome: WriteOutcome;
}

/** A lone UTF-16 surrogate, as JSON.stringify escapes it (paired ones it writes as the character). */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// String.prototype.toWellFormed does the same on Node 20+, but is not in the ES2023 lib we compile against.
const cleanString = (s: string): string => s.replaceAll('\0', '').replace(LONE_SURROGATE, '\uFFFD');

function cleanValue(v: unknown): unknown {
  if (typeof v === 'string') return cleanString(v);
  if (Array.isArray(v)) return v.map(cleanValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanString(k), cleanValue(x)]));
  return v;
}

/**
 * The article with every string, object keys included (scraper `metadata`), valid for every
 * store: NUL characters dropped (they carry no meaning in text, and PostgreSQL cannot store them
 * in text or jsonb) and lone UTF-16 surrogates replaced by U+FFFD (jsonb refuses them as invalid
 * JSON; SQLite would store them). One place for all stores, so an article is stored alike by each
 * and never fails over one character. Returns the same object when there is nothing to clean.
 */
export function cleanArticle(article: Article): Article {
  return cleaned(article).article;
}

/** `cleanArticle` and its JSON (the one its check made already, when there was nothing to clean). */
export function cleanArticleWithJson(article: Article): { article: Article; json: string } {
  const c = cleaned(article);
  return { article: c.article, json: c.json ?? JSON.stringify(c.article) };
}

function cleaned(article: Article): { article: Article; json?: string } {
  const json = JSON.stringify(article);
  if (!json.includes('\\u0000') && !LONE_SURROGATE_ESCAPE.test(json)) return { article, json };
  return { article: cleanValue(article) as Article };
}

/**
 * Fingerprint of what the sink received: the article without the sink's own trace entries, which
 * differ on every delivery. The same job delivered twice has the same fingerprint.
 */
export function inputHashOf(article: Article): string {
  // node:crypto rather than core's sha256Hex: the SQLite writer thread imports this module, and
  // @newsflow/core would load BullMQ and ioredis into it.
  const json = JSON.stringify({ ...article, trace: article.trace.filter((t) => t.stage !== 'sink') });
  return createHash('sha256').update(json).digest('hex');
}

/** What `decide` reads of the incoming article. */
export type DecisionInput = { dedupe: Pick<Article['dedupe'], 'version' | 'contentHash' | 'duplicateOf'> };

/**
 * The exactly-once rule, shared by every store. Versions follow dedupe's numbering (assigned
 * atomically in Redis); the store only guards against redelivery, late delivery of an older
 * version, and a dedupe whose state was lost (same number, other content: the store appends).
 * `hashVersion` is the stored version holding the incoming content hash, if any.
 */
export function decide(current: CurrentRow | null, article: DecisionInput, inputHash: string, hashVersion: number | null): Decision {
  const incoming = article.dedupe.version;
  if (!current) {
    return { action: 'write-new', version: incoming, outcome: article.dedupe.duplicateOf ? 'duplicate' : 'inserted' };
  }
  if (article.dedupe.contentHash === current.contentHash) {
    if (inputHash === current.inputHash) return { action: 'skip', version: current.version, outcome: 'unchanged' };
    return { action: 'refresh', version: current.version, outcome: 'reprocessed' };
  }
  if (incoming > current.version) return { action: 'append', version: incoming, outcome: 'new-version' };
  if (hashVersion !== null) return { action: 'skip', version: hashVersion, outcome: 'stale' };
  return { action: 'append', version: current.version + 1, outcome: 'new-version' };
}

/**
 * The `articles` columns `articleRow` fills, with their PostgreSQL types (JSON columns are sent as
 * text and cast). Both SQL stores build their statements from this one list.
 */
export const ARTICLE_TYPES: Record<string, string> = {
  id: 'text', url: 'text', canonical_url: 'text', title: 'text', authors: 'jsonb', published_at: 'timestamptz', modified_at: 'timestamptz',
  fetched_at: 'timestamptz', sort_at: 'timestamptz', language: 'text', site: 'text', site_key: 'text', source: 'text', body: 'text',
  paragraphs: 'jsonb', corrections: 'jsonb', content_hash: 'text', input_hash: 'text', version: 'int', duplicate_of: 'text',
  cluster_id: 'text', word_count: 'int', doc: 'jsonb', story_id: 'text', story_label: 'text',
};
const utc = (iso: string | undefined): string | null => (iso ? new Date(iso).toISOString() : null);

/**
 * Column values of the `articles` row, JSON columns serialised; both SQL stores bind these.
 * `json` is the article serialised already, used as the document when `version` is its own.
 */
export function articleRow(article: Article, version: number, inputHash: string, now: string, json?: string) {
  const doc = (): Article => ({ ...article, dedupe: { ...article.dedupe, version } });
  return {
    id: article.id,
    url: article.url,
    canonical_url: article.canonicalUrl,
    title: article.title,
    authors: JSON.stringify(article.authors),
    published_at: utc(article.publishedAt),
    modified_at: utc(article.modifiedAt),
    fetched_at: utc(article.fetchedAt)!,
    sort_at: utc(article.publishedAt ?? article.fetchedAt)!,
    language: article.language ?? null,
    site: article.siteName ?? null,
    site_key: article.siteName ? article.siteName.toLowerCase() : null,
    source: article.source ?? null,
    body: article.body,
    paragraphs: JSON.stringify(article.paragraphs),
    corrections: JSON.stringify(article.corrections),
    content_hash: article.dedupe.contentHash,
    input_hash: inputHash,
    version,
    duplicate_of: article.dedupe.duplicateOf,
    cluster_id: article.dedupe.clusterId,
    word_count: article.wordCount,
    doc: json !== undefined && version === article.dedupe.version ? json : JSON.stringify(doc()),
    story_id: article.dedupe.storyId ?? null,
    story_label: article.dedupe.storyLabel ?? null,
    now,
  };
}
export type ArticleRow = ReturnType<typeof articleRow>;

/** One row per entity of the article; repeated keys are merged so the (article, entity) key holds. */
export function mentionRows(article: Article) {
  const byKey = new Map<string, { entity_key: string; name: string; name_lc: string; type: string; count: number; salience: number; first_position: number; mentions: unknown[]; aliases: string[] }>();
  for (const e of article.entities) {
    const prev = byKey.get(e.key);
    if (prev) {
      prev.count += e.count;
      prev.salience = Math.max(prev.salience, e.salience);
      prev.mentions.push(...e.mentions);
      prev.aliases.push(...e.aliases);
      continue;
    }
    byKey.set(e.key, {
      entity_key: e.key,
      name: e.name,
      name_lc: e.name.toLowerCase(),
      type: e.type,
      count: e.count,
      salience: e.salience,
      first_position: e.firstPosition,
      mentions: [...e.mentions],
      aliases: [...e.aliases],
    });
  }
  return [...byKey.values()].map((m) => ({ ...m, mentions: JSON.stringify(m.mentions), aliases: JSON.stringify([...new Set(m.aliases)]) }));
}

/** One row per name an entity of the article goes by: its canonical name and its aliases, lower case. */
export function entityNameRows(article: Article): Array<{ entity_key: string; name_lc: string }> {
  const seen = new Set<string>();
  const out: Array<{ entity_key: string; name_lc: string }> = [];
  for (const e of article.entities)
    for (const n of [e.name, ...e.aliases]) {
      const name_lc = n.toLowerCase();
      const k = `${e.key}\u0000${name_lc}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ entity_key: e.key, name_lc });
    }
  return out;
}

/** The `article_versions` row; `doc` is the stored document when the caller has it serialised already. */
export function versionRow(article: Article, version: number, now: string, doc?: string) {
  return {
    article_id: article.id,
    version,
    content_hash: article.dedupe.contentHash,
    title: article.title,
    modified_at: utc(article.modifiedAt),
    word_count: article.wordCount,
    changes: article.dedupe.changes ? JSON.stringify(article.dedupe.changes) : null,
    corrections: JSON.stringify(article.corrections),
    doc: doc ?? JSON.stringify({ ...article, dedupe: { ...article.dedupe, version } }),
    created_at: now,
  };
}
