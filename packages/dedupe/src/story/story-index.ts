import { createHash } from 'node:crypto';
import { TransientError, coerceError, type RedisConnection } from '@newsflow/core';
import { indexKeyBase } from '../dedupe-index.js';
import { hashString } from '../minhash.js';
import { resolveOptions, type DedupeOptions, type ResolvedOptions } from '../options.js';
import { STORY, dfBucket, entityHash, storyFeatures, termCounts, type DocFrequencies, type StoryFeatures, type StoryInput } from './features.js';
import { decodeStoryRecord, encodeStoryRecord, postedHashes } from './record.js';
import { STORY_LUA } from './script.js';
import { storyScorer } from './similarity.js';

const SHA = createHash('sha1').update(STORY_LUA).digest('hex');
/** Snapshots refused because a related article was indexed meanwhile are rescored this often, then committed as they are. */
const MAX_RETRIES = 8;
const LIST_LIMIT = 16;
const DF_REFRESH_MS = 30_000;
const DF_FULL_DOCS = 5000;
const DF_SAMPLE = 8;

/** What the story index needs of an article. */
export interface StoryDocument extends StoryInput {
  id: string;
  /** Who published it (site name or host): stories count outlets. */
  outlet?: string;
  /** The headline a story is labelled with. */
  headline?: string;
}

export interface StoryAssignment {
  storyId: string;
  /** Stories this article bridged and that were merged into `storyId` (the oldest keeps its id). */
  merged: string[];
  /** The story's label: the headline of its most central article so far. */
  label: string;
  /** Best similarity to an earlier article of the story (0 when it opened the story). */
  similarity: number;
  /** Snapshots rescored because a related article was indexed meanwhile. */
  retries: number;
}

export interface StoryInfo {
  id: string;
  label: string;
  centralArticleId: string;
  firstSeen: string;
  lastSeen: string;
  articles: number;
  outlets: number;
  /** The story it was merged into, when it was. */
  mergedInto?: string;
}

export interface StoryIndexConfig {
  redis: RedisConnection;
  prefix?: string;
  options?: DedupeOptions;
  clock?: () => Date;
}

/** Posting buckets for a bound: about 100 fields each when full (compact Redis hashes), a power of two. */
function postingBuckets(maxArticles: number): number {
  return 2 ** Math.max(10, Math.min(24, Math.ceil(Math.log2(maxArticles * 0.2))));
}

/**
 * Online story assignment across outlets: an article joins the story of its most similar recent
 * articles (`storySimilarity` ≥ `storyThreshold`), or opens one. Scoring runs here, on a snapshot
 * of the candidates; the commit is atomic in Redis and refuses a stale snapshot, so any number of
 * dedupe workers produce the assignment some serial order would.
 */
export class StoryIndex {
  readonly options: ResolvedOptions;
  readonly keyBase: string;
  private readonly redis: RedisConnection;
  private readonly clock: () => Date;
  private readonly buckets: number;

  constructor(cfg: StoryIndexConfig) {
    this.redis = cfg.redis;
    this.options = resolveOptions(cfg.options);
    this.keyBase = indexKeyBase(cfg.prefix);
    this.clock = cfg.clock ?? (() => new Date());
    this.buckets = postingBuckets(this.options.storyMaxArticles);
  }

  /**
   * The document-frequency table as this worker last fetched it. Frequencies move slowly once the
   * index holds many articles, so a copy refreshed every `DF_REFRESH_MS` or after 5% more articles
   * is a bounded approximation that costs no round trip per article; on a young index (every
   * article a large share) it is fetched every time.
   */
  private df: { table: Buffer; docs: number; at: number; since: number } | null = null;

  private async frequencies(): Promise<{ table: Buffer; docs: number }> {
    const now = Date.now();
    const d = this.df;
    // `since`: articles this worker counted since the fetch (sampled ones, like `docs`).
    if (d && now - d.at < DF_REFRESH_MS && d.since < d.docs * 0.05) return d;
    const [table, docs] = await this.call(async () => {
      const [[e1, t], [e2, n]] = ((await this.redis.pipeline().getBuffer(`${this.keyBase}:Y:DF`).hget(`${this.keyBase}:Y:S`, 'n').exec()) ?? []) as Array<[Error | null, unknown]>;
      if (e1 || e2) throw e1 ?? e2;
      return [(t as Buffer | null) ?? Buffer.alloc(0), Number(n ?? 0)] as const;
    });
    this.df = { table, docs, at: now, since: 0 };
    return this.df;
  }

  /**
   * Count the article's terms in the frequency table. Not part of the atomic commit (a 250-term
   * BITFIELD inside the script cost ~320 µs of Redis time, as much as the rest of the assignment):
   * frequencies are an estimate whatever their order. Past `DF_FULL_DOCS` articles, one in
   * `DF_SAMPLE` (by article id, so a redelivered article is not counted twice as often) is counted,
   * `docs` with it, so df/docs stays unbiased. Sent without waiting; a lost update only blurs the estimate.
   */
  private countFrequencies(id: string, buckets: number[]): void {
    const docs = this.df?.docs ?? 0;
    if (docs >= DF_FULL_DOCS && hashString(`df:${id}`) % DF_SAMPLE !== 0) return;
    const ops = buckets.flatMap((b) => ['INCRBY', 'u16', `#${b}`, 1]);
    const p = this.redis.pipeline();
    if (ops.length) p.call('BITFIELD', `${this.keyBase}:Y:DF`, 'OVERFLOW', 'SAT', ...ops);
    p.hincrby(`${this.keyBase}:Y:S`, 'n', 1);
    void p.exec().catch(() => undefined);
    if (this.df) this.df.since++;
  }

  /** The article's features, with document frequencies as the index holds them (see `frequencies`). */
  async features(doc: StoryInput): Promise<{ features: StoryFeatures; buckets: number[] }> {
    const counts = termCounts(doc);
    const buckets = [...new Set([...counts.keys(), ...(doc.entities ?? []).filter((e) => e.key.trim()).map((e) => entityHash(e.key))].map(dfBucket))];
    const { table, docs } = await this.frequencies();
    // u16 counters, big-endian, as BITFIELD stores them; past the end of the string is 0. The article itself counts, as it will once committed.
    const df: DocFrequencies = { docs: docs + 1, df: (b) => (2 * b + 1 < table.length ? table.readUInt16BE(2 * b) : 0) + 1 };
    return { features: storyFeatures(doc, df, counts), buckets };
  }

  /** Assign `doc` to a story. `duplicateOf`: its canonical article, when dedupe found it a copy (it joins that story). */
  async assign(doc: StoryDocument, duplicateOf: string | null = null): Promise<StoryAssignment> {
    const o = this.options;
    const { features, buckets } = await this.features(doc);
    const now = this.clock().getTime();
    const record = encodeStoryRecord(doc.id, features, now);
    const probes = postedHashes(features).join(',');
    const score = storyScorer(features);
    for (let attempt = 0; ; attempt++) {
      let matched: string[] = [];
      let support = 0;
      let best = 0;
      let head = '0';
      if (!duplicateOf) {
        const res = (await this.eval(['read', now, o.storyWindowMs, o.storyCandidates, probes])) as Array<string | Buffer>;
        head = String(res[0]);
        for (let i = 1; i + 1 < res.length; i += 2) {
          const entry = decodeStoryRecord(res[i + 1] as Buffer);
          if (entry.id === doc.id) continue;
          const s = score(entry.features);
          if (s >= o.storyThreshold) {
            matched.push(String(res[i]));
            support += s;
            best = Math.max(best, s);
          }
        }
      }
      // A copy takes its canonical article's story: no snapshot to go stale.
      const force = duplicateOf || attempt >= MAX_RETRIES ? '1' : '0';
      const out = (await this.eval([
        'commit', now, o.storyWindowMs, doc.id, head, force, record, (doc.headline ?? doc.title).slice(0, 300), (doc.outlet ?? '').slice(0, 200),
        support, duplicateOf ?? '', matched.join(','), probes, '', o.storyMaxArticles, this.buckets, LIST_LIMIT,
      ])) as Array<string | Buffer>;
      if (String(out[0]) === 'retry') {
        matched = [];
        continue;
      }
      if (String(out[3]) === '1') this.countFrequencies(doc.id, buckets);
      const merged = String(out[1] ?? '');
      return { storyId: String(out[0]), merged: merged ? merged.split(',') : [], label: String(out[2] ?? ''), similarity: Math.round(best * 1000) / 1000, retries: attempt };
    }
  }

  /** A live story, merges followed; null when unknown or closed. */
  async get(storyId: string): Promise<StoryInfo | null> {
    return this.call(async () => {
      let id = storyId;
      let mergedFrom: string | undefined;
      for (let i = 0; i < 16; i++) {
        const g = await this.redis.hgetall(`${this.keyBase}:Y:G:${id}`);
        if (!g.l) return null;
        if (g.m) {
          mergedFrom ??= storyId;
          id = g.m;
          continue;
        }
        const outlets = await this.redis.scard(`${this.keyBase}:Y:O:${id}`);
        const info: StoryInfo = { id, label: g.t ?? '', centralArticleId: g.c ?? id, firstSeen: new Date(Number(g.f)).toISOString(), lastSeen: new Date(Number(g.l)).toISOString(), articles: Number(g.n ?? 0), outlets };
        if (mergedFrom) info.mergedInto = id;
        return info;
      }
      return null;
    });
  }

  private eval(args: Array<string | number | Buffer>): Promise<unknown> {
    return this.call(async () => {
      try {
        return await this.redis.callBuffer('EVALSHA', SHA, 1, this.keyBase, ...args);
      } catch (err) {
        if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
        return await this.redis.callBuffer('EVAL', STORY_LUA, 1, this.keyBase, ...args);
      }
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = coerceError(err);
      throw new TransientError(e.code === 'INTERNAL' ? 'REDIS_STORY' : e.code, `story index: ${e.message}`, err);
    }
  }
}

export function createStoryIndex(cfg: StoryIndexConfig): StoryIndex {
  return new StoryIndex(cfg);
}

export { STORY };
