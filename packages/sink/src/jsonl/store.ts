import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Article } from '@newsflow/contracts';
import { AppError } from '@newsflow/core';
import { WriteBatcher, type ItemResult } from '../batcher.js';
import { classifyDbError, isUnavailable } from '../db-errors.js';
import { diskRoom, probeStore, type ProbeOptions } from '../probe.js';
import { DEFAULT_PAGE, decodeCursor, encodeCursor } from '../filter.js';
import { decide, inputHashOf, cleanArticle, type CurrentRow } from '../row.js';
import { matchesSearch } from './search.js';
import type { ArticleFilter, ArticleStore, ArticleSummary, ArticleVersion, EntitySummary, StoredArticle, StoryFilter, StorySummary, WriteResult } from '../types.js';

export interface JsonlStoreOptions extends ProbeOptions {
  /** The file lines are appended to; its directory is created. */
  path: string;
  /** Most writes per append + fsync. @defaultValue 200 */
  batchSize?: number;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /** How long an append that failed (a full disk) is retried in place before its writes fail. @defaultValue 20000 */
  retryWindowMs?: number;
}

/** One line of the file: the stored article, with what the store needs to stay idempotent. */
type Line = StoredArticle & { stored: StoredArticle['stored'] & { inputHash: string; outcome: string } };

interface Loc {
  offset: number;
  length: number;
}

/** What the store keeps in memory per article: enough to decide, filter and sort without reading the file. */
interface Entry extends CurrentRow {
  summary: ArticleSummary;
  siteKey: string | null;
  entityKeys: Set<string>;
  entities: Array<{ key: string; name: string; type: string; lc: string }>;
  current: Loc;
  versions: Map<number, { loc: Loc; contentHash: string; info: ArticleVersion }>;
  storyLabel: string | null;
  /** Position of its latest line: the newest label of a story wins. */
  order: number;
}

/**
 * An append-only JSON Lines file, for piping into other tools: every write that changes something
 * appends one line (the stored article), and the last line of an id is its current state. The
 * index lives in memory and is rebuilt from the file at open; a torn last line from a crash is cut
 * off. One process writes a file at a time.
 */
export async function openJsonlStore(opts: JsonlStoreOptions): Promise<ArticleStore> {
  const clock = opts.clock ?? (() => new Date());
  const path = resolve(opts.path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fh: FileHandle = await open(path, 'a+', 0o600);
  await fh.chmod(0o600);
  const index = new Map<string, Entry>();
  // Stories merged into another (an article bridged them): lines are never rewritten, so reads follow this.
  const storyAlias = new Map<string, string>();
  // Every name (canonical or alias, lower case) an entity key goes by in the file, and back: what
  // the SQL stores keep in entity_names. Names are only added, never dropped on a rewrite.
  const keysByName = new Map<string, Set<string>>();
  const namesByKey = new Map<string, Set<string>>();
  let lineNo = 0;
  const storyOf = (id: string | null): string | null => {
    let s = id;
    for (let i = 0; s && i < 64 && storyAlias.has(s); i++) s = storyAlias.get(s)!;
    return s;
  };
  const summaryOf = (e: Entry): ArticleSummary => ({ ...e.summary, storyId: storyOf(e.summary.storyId) });
  let size = await load();

  async function load(): Promise<number> {
    const buf = await fh.readFile();
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; start = nl + 1, nl = buf.indexOf(10, start)) {
      const line = JSON.parse(buf.subarray(start, nl).toString('utf8')) as Line;
      apply(line, { offset: start, length: nl - start });
    }
    if (start < buf.length) await fh.truncate(start); // a line torn by a crash: its write was never acknowledged
    return start;
  }

  function apply(line: Line, loc: Loc): void {
    const s = line.stored;
    const summary: ArticleSummary = {
      id: line.id, title: line.title, canonicalUrl: line.canonicalUrl, siteName: line.siteName ?? null, language: line.language ?? null,
      publishedAt: line.publishedAt ? new Date(line.publishedAt).toISOString() : null, sortAt: new Date(line.publishedAt ?? line.fetchedAt).toISOString(),
      version: s.version, clusterId: line.dedupe.clusterId, storyId: line.dedupe.storyId ?? null, duplicateOf: line.dedupe.duplicateOf, wordCount: line.wordCount,
      createdAt: s.createdAt, updatedAt: s.updatedAt,
    };
    const prev = index.get(line.id);
    const versions = prev?.versions ?? new Map();
    if (!versions.has(s.version)) {
      versions.set(s.version, {
        loc, contentHash: line.dedupe.contentHash,
        info: { version: s.version, contentHash: line.dedupe.contentHash, title: line.title, modifiedAt: line.modifiedAt ?? null, wordCount: line.wordCount, changes: line.dedupe.changes ?? null, corrections: line.corrections, createdAt: s.updatedAt },
      });
    }
    if (line.dedupe.storyId) for (const old of line.dedupe.storyMerged ?? []) if (old !== line.dedupe.storyId) storyAlias.set(old, line.dedupe.storyId);
    const names = line.entities.flatMap((e) => [e.key, e.name.toLowerCase()]);
    for (const e of line.entities)
      for (const n of [e.name, ...e.aliases]) {
        const lc = n.toLowerCase();
        const ks = keysByName.get(lc) ?? new Set<string>();
        ks.add(e.key);
        keysByName.set(lc, ks);
        const ns = namesByKey.get(e.key) ?? new Set<string>();
        ns.add(lc);
        namesByKey.set(e.key, ns);
      }
    index.set(line.id, {
      version: s.version, contentHash: line.dedupe.contentHash, inputHash: s.inputHash, summary, siteKey: line.siteName?.toLowerCase() ?? null,
      entityKeys: new Set(names), current: loc, versions,
      entities: line.entities.map((e) => ({ key: e.key, name: e.name, type: e.type, lc: e.name.toLowerCase() })),
      storyLabel: line.dedupe.storyLabel ?? null, order: lineNo++,
    });
  }

  async function readAt(loc: Loc): Promise<Line> {
    const buf = Buffer.alloc(loc.length);
    await fh.read(buf, 0, loc.length, loc.offset);
    return JSON.parse(buf.toString('utf8')) as Line;
  }

  async function runBatch(items: Article[]): Promise<Array<ItemResult<WriteResult>>> {
    const results: Array<ItemResult<WriteResult>> = [];
    const lines: Line[] = [];
    const pending = new Map<string, CurrentRow & { hashes: Map<string, number> }>();
    for (const a of items) {
      if (a.dedupe.duplicateOf === a.id) {
        results.push({ ok: false, error: new AppError('CONSTRAINT_VIOLATION', `article ${a.id}: an article cannot duplicate itself (constraint articles_not_own_duplicate)`) });
        continue;
      }
      const known = index.get(a.id);
      const cur = pending.get(a.id) ?? (known ? { ...known, hashes: new Map([...known.versions].map(([v, x]) => [x.contentHash, v])) } : null);
      const inputHash = inputHashOf(a);
      const d = decide(cur, a, inputHash, cur?.hashes.get(a.dedupe.contentHash) ?? null);
      results.push({ ok: true, value: { articleId: a.id, version: d.version, outcome: d.outcome } });
      if (d.action === 'skip') continue;
      const now = clock().toISOString();
      const createdAt = known?.summary.createdAt ?? lines.find((l) => l.id === a.id)?.stored.createdAt ?? now;
      lines.push({ ...a, dedupe: { ...a.dedupe, version: d.version }, stored: { version: d.version, createdAt, updatedAt: now, inputHash, outcome: d.outcome } });
      const hashes = cur?.hashes ?? new Map<string, number>();
      hashes.set(a.dedupe.contentHash, d.version);
      pending.set(a.id, { version: d.version, contentHash: a.dedupe.contentHash, inputHash, hashes });
    }
    if (lines.length) {
      const encoded = lines.map((l) => Buffer.from(`${JSON.stringify(l)}\n`));
      try {
        await fh.appendFile(Buffer.concat(encoded));
        await fh.sync();
      } catch (err) {
        await fh.truncate(size).catch(() => undefined);
        throw classifyDbError(err);
      }
      lines.forEach((l, i) => {
        apply(l, { offset: size, length: encoded[i]!.length - 1 });
        size += encoded[i]!.length;
      });
    }
    return results;
  }

  function select(filter: ArticleFilter, withCursor: boolean): Entry[] {
    const cursor = withCursor && filter.cursor ? decodeCursor(filter.cursor) : null;
    const site = filter.site?.toLowerCase();
    const ent = filter.entity;
    // As in the SQL stores: the key itself, or every name of the entities that go by this name.
    const entNames = new Set<string>();
    if (ent) {
      entNames.add(ent.toLowerCase());
      for (const k of keysByName.get(ent.toLowerCase()) ?? []) for (const n of namesByKey.get(k) ?? []) entNames.add(n);
    }
    const ids = filter.ids ? new Set(filter.ids) : null;
    const out: Entry[] = [];
    for (const e of index.values()) {
      const s = e.summary;
      if (filter.since && s.sortAt < filter.since) continue;
      if (filter.until && s.sortAt >= filter.until) continue;
      if (site && e.siteKey !== site) continue;
      if (filter.cluster && s.clusterId !== filter.cluster) continue;
      if (filter.story && storyOf(s.storyId) !== filter.story) continue;
      if (ent && !e.entityKeys.has(ent) && !e.entities.some((x) => entNames.has(x.lc))) continue;
      if (filter.canonicalOnly && s.duplicateOf) continue;
      if (ids && !ids.has(s.id)) continue;
      if (cursor && (s.sortAt > cursor.sortAt || (s.sortAt === cursor.sortAt && s.id >= cursor.id))) continue;
      out.push(e);
    }
    return out.sort((x, y) => (x.summary.sortAt === y.summary.sortAt ? (x.summary.id < y.summary.id ? 1 : -1) : x.summary.sortAt < y.summary.sortAt ? 1 : -1));
  }

  /** Matching entries in order, the full-text condition checked against the stored text. */
  async function* matching(filter: ArticleFilter, withCursor = true): AsyncGenerator<{ e: Entry; line?: Line }> {
    for (const e of select(filter, withCursor)) {
      if (!filter.q) {
        yield { e };
        continue;
      }
      const line = await readAt(e.current);
      if (matchesSearch(`${line.title}\n${line.body}`, filter.q)) yield { e, line };
    }
  }

  function aggregateStories(filter: StoryFilter, only?: string): StorySummary[] {
    const agg = new Map<string, { s: StorySummary; sites: Set<string>; clusters: Set<string>; order: number }>();
    for (const e of index.values()) {
      const id = storyOf(e.summary.storyId);
      const at = e.summary.sortAt;
      if (!id || (only && id !== only) || (filter.since && at < filter.since) || (filter.until && at >= filter.until)) continue;
      let a = agg.get(id);
      if (!a) agg.set(id, (a = { s: { id, label: '', articles: 0, outlets: 0, clusters: 0, firstSeen: at, lastSeen: at }, sites: new Set(), clusters: new Set(), order: -1 }));
      a.s.articles++;
      a.sites.add(e.siteKey ?? `#${e.summary.id}`);
      a.clusters.add(e.summary.clusterId);
      if (at < a.s.firstSeen) a.s.firstSeen = at;
      if (at > a.s.lastSeen) a.s.lastSeen = at;
      if (e.order > a.order) {
        a.order = e.order;
        a.s.label = e.storyLabel ?? e.summary.title;
      }
    }
    return [...agg.values()]
      .map((a) => ({ ...a.s, outlets: a.sites.size, clusters: a.clusters.size }))
      .filter((s) => s.articles >= (filter.minArticles ?? 1))
      .sort((x, y) => (x.lastSeen === y.lastSeen ? (x.id < y.id ? -1 : 1) : x.lastSeen < y.lastSeen ? 1 : -1))
      .slice(0, filter.limit ?? DEFAULT_PAGE);
  }

  const toStored = (l: Line): StoredArticle => {
    const { inputHash: _i, outcome: _o, ...stored } = l.stored;
    const story = storyOf(l.dedupe.storyId ?? null);
    return { ...l, ...(story && story !== l.dedupe.storyId ? { dedupe: { ...l.dedupe, storyId: story } } : {}), stored };
  };
  const batcher = new WriteBatcher<Article, WriteResult>({ run: runBatch, maxBatch: opts.batchSize ?? 200, retryable: isUnavailable, retryWindowMs: opts.retryWindowMs });
  let closed = false;

  return {
    kind: 'jsonl',
    write: (article) => (closed ? Promise.reject(new Error('store is closed')) : batcher.submit(cleanArticle(article))),
    async get(id) {
      const e = index.get(id);
      return e ? toStored(await readAt(e.current)) : null;
    },
    async list(filter = {}) {
      const limit = filter.limit ?? DEFAULT_PAGE;
      const items: ArticleSummary[] = [];
      let more = false;
      for await (const { e } of matching(filter)) {
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push(summaryOf(e));
      }
      const last = items[items.length - 1];
      return { items, nextCursor: more && last ? encodeCursor({ sortAt: last.sortAt, id: last.id }) : null };
    },
    async *iterate(filter = {}) {
      let n = 0;
      for await (const { e, line } of matching(filter)) {
        if (filter.limit !== undefined && n++ >= filter.limit) return;
        yield toStored(line ?? (await readAt(e.current)));
      }
    },
    async versions(id) {
      return [...(index.get(id)?.versions.values() ?? [])].map((v) => v.info).sort((a, b) => a.version - b.version);
    },
    async getVersion(id, version) {
      const v = index.get(id)?.versions.get(version);
      if (!v) return null;
      return toStored(await readAt(v.loc));
    },
    async count(filter = {}) {
      let n = 0;
      for await (const _ of matching(filter, false)) n++;
      return n;
    },
    async entities(filter = {}) {
      const q = filter.q?.toLowerCase();
      const agg = new Map<string, EntitySummary>();
      for (const e of index.values()) {
        for (const key of new Set(e.entities.filter((x) => (!q || x.lc.includes(q)) && (!filter.type || x.type === filter.type)).map((x) => x.key))) {
          const first = e.entities.find((x) => x.key === key)!;
          const s = agg.get(key) ?? { key, name: first.name, type: first.type, articles: 0 };
          s.articles += 1;
          agg.set(key, s);
        }
      }
      return [...agg.values()].sort((a, b) => b.articles - a.articles || (a.key < b.key ? -1 : 1)).slice(0, filter.limit ?? DEFAULT_PAGE);
    },
    async stories(filter = {}) {
      return aggregateStories(filter);
    },
    async story(id) {
      return aggregateStories({ limit: Number.MAX_SAFE_INTEGER }, id)[0] ?? null;
    },
    // No test write: an append-only file cannot take one without growing, so the next real write decides.
    probe: () => probeStore({ ...opts, batcher, closed: () => closed, connect: async () => void (await fh.stat()), capacity: (min) => diskRoom(dirname(path), min) }),
    async migrations() {
      return [{ version: 1, name: 'jsonl: one stored article per line' }];
    },
    async close() {
      if (closed) return;
      closed = true;
      await batcher.close();
      await fh.close();
    },
  };
}
