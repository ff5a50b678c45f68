import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '@newsflow/core';
import { createDedupeIndex } from './dedupe-index.js';
import { createStoryIndex } from './story/story-index.js';
import { words } from './normalize.js';
import type { DedupeOptions } from './options.js';
import { rng } from './eval/transform.js';

export interface BenchOptions {
  redis: RedisConnection;
  /** Articles to index. @defaultValue 100000 */
  articles?: number;
  /** Words per article. @defaultValue 400 */
  wordsPerArticle?: number;
  /** Share of articles that are edited copies of an earlier one. @defaultValue 0.1 */
  dupRate?: number;
  /**
   * Texts whose words (with their frequencies) the synthetic articles are drawn from, so common
   * phrases collide in LSH bands as in real news. @defaultValue a synthetic Zipf vocabulary
   */
  corpus?: string[];
  options?: DedupeOptions;
  /** @defaultValue 1 */
  seed?: number;
  /** Redis memory samples taken over the run (for a flat-memory check past `maxEntries`). @defaultValue 10 */
  samples?: number;
  onProgress?: (done: number, total: number) => void;
  /** Also assign every article to a story, as the worker does. @defaultValue true */
  stories?: boolean;
  /**
   * Share of articles that are another outlet's report of an earlier article's story: half its
   * words drawn from that article, reordered, the rest fresh. @defaultValue 0.1
   */
  storyRate?: number;
}

export interface StoryBenchFigures {
  /** Follow-up reports planted / how many joined the story of the article they were drawn from. */
  planted: number;
  joined: number;
  /** The story assignment per article: features, candidate read, scoring, atomic commit. */
  assignMs: Percentiles;
  assignLastTenthMs: Percentiles;
  /** p99 of the assignment in each tenth of the run (index growing from 0 to `articles`): where the tail comes from. */
  assignP99ByTenthMs: number[];
  /** Dedupe claim + story assignment per article. */
  perArticleMs: Percentiles;
  /** Worker CPU (user + system) per assignment: features, scoring, client work; robust to a loaded machine. */
  assignCpuMs: Percentiles;
  /** Commits refused because a related article was indexed meanwhile (none when run one at a time). */
  retries: number;
  /** Bytes of the story keys (records, postings, stories, outlets, frequencies) per article, by MEMORY USAGE. */
  redisBytesPerArticle: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
  mean: number;
}

export interface BenchReport {
  articles: number;
  wordsPerArticle: number;
  /** Copies planted / copies the index linked to their original. */
  planted: number;
  found: number;
  /** MinHash + bands in the worker process (CPU). */
  fingerprintMs: Percentiles;
  /** The atomic lookup+insert in Redis, one call at a time, over all articles. */
  lookupInsertMs: Percentiles;
  /** The same over the last tenth, when the index is nearly full. */
  lookupInsertLastTenthMs: Percentiles;
  /** Server-side time per script call (`INFO commandstats`), without network or client; with stories on, their two calls per article count too. */
  redisScriptUsPerCall: number;
  /** Server-side script time per article (all its script calls). */
  redisScriptUsPerArticle: number;
  /** Redis `used_memory` growth divided by the articles the index holds at the end (at most maxEntries). */
  redisBytesPerArticle: number;
  redisUsedMemoryBytes: number;
  /** The count bound in force. */
  maxEntries: number;
  /** `used_memory` growth since the start, after each share of the run. */
  memory: Array<{ indexed: number; bytes: number }>;
  wallSeconds: number;
  /** Story assignment figures, when `stories` is on. */
  stories?: StoryBenchFigures;
}

function percentiles(xs: number[]): Percentiles {
  if (!xs.length) return { p50: 0, p99: 0, mean: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r3(at(0.5)), p99: r3(at(0.99)), mean: r3(s.reduce((a, b) => a + b, 0) / s.length) };
}

async function usedMemory(redis: RedisConnection): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function scriptStats(redis: RedisConnection): Promise<{ calls: number; usec: number }> {
  const info = await redis.info('commandstats');
  let calls = 0;
  let usec = 0;
  for (const m of info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+),usec=(\d+)/g)) {
    calls += Number(m[1]);
    usec += Number(m[2]);
  }
  return { calls, usec };
}

function zipfVocabulary(r: () => number): string[] {
  // 50,000 made-up words; a draw skewed to low ranks gives a Zipf-like frequency table.
  const vocab = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
  return Array.from({ length: 500_000 }, () => vocab[Math.floor(vocab.length * r() ** 4)]!);
}

/**
 * Index `articles` synthetic articles one at a time and time each lookup+insert. A share of them
 * are copies of an earlier article (a header added, 2% of words edited), to check that the index
 * still finds copies when full.
 */
export async function runDedupeBench(o: BenchOptions): Promise<BenchReport> {
  const n = o.articles ?? 100_000;
  const len = o.wordsPerArticle ?? 400;
  const r = rng(o.seed ?? 1);
  const pool = o.corpus?.length ? o.corpus.flatMap((t) => words(t)) : zipfVocabulary(r);
  const prefix = `{nfbench-${randomBytes(4).toString('hex')}}`;
  const index = createDedupeIndex({ redis: o.redis, prefix, options: o.options });
  const stories = o.stories === false ? null : createStoryIndex({ redis: o.redis, prefix, options: o.options });
  const storyMs: number[] = [];
  const storyCpuMs: number[] = [];
  const totalMs: number[] = [];
  let storyPlanted = 0;
  let storyJoined = 0;
  let retries = 0;
  const every = Math.max(1, Math.floor(n / (o.samples ?? 10)));
  const memory: BenchReport['memory'] = [];
  const before = await usedMemory(o.redis);
  const statsBefore = await scriptStats(o.redis);
  const keep: Array<{ id: string; body: string }> = [];
  const fpMs: number[] = [];
  const claimMs: number[] = [];
  let planted = 0;
  let found = 0;
  const storyOf = new Map<string, string>();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    let body: string;
    let copyOf: string | null = null;
    let reportOf: string | null = null;
    const roll = r();
    if (stories && keep.length && roll >= (o.dupRate ?? 0.1) && roll < (o.dupRate ?? 0.1) + (o.storyRate ?? 0.1)) {
      const k = Math.floor(r() * keep.length);
      reportOf = keep[k]!.id;
      const src = keep[k]!.body.split(' ');
      const parts: string[] = [];
      for (let w = 0; w < len; w++) parts.push(w % 2 ? src[Math.floor(r() * src.length)]! : pool[Math.floor(r() * pool.length)]!);
      body = parts.join(' ');
      storyPlanted++;
    } else if (keep.length && roll < (o.dupRate ?? 0.1)) {
      const k = Math.floor(r() * keep.length);
      copyOf = keep[k]!.id;
      body = `Advertisement ${keep[k]!.body.split(' ').map((w) => (r() < 0.02 ? `${w}x` : w)).join(' ')}`;
      planted++;
    } else {
      // Words drawn one by one with their corpus frequencies: common phrases recur as in news, texts differ.
      const parts: string[] = [];
      for (let w = 0; w < len; w++) parts.push(pool[Math.floor(r() * pool.length)]!);
      body = parts.slice(0, len).join(' ');
    }
    const id = `bench${i.toString(36).padStart(8, '0')}`;
    // The last 5000 originals: copies are of recent articles, which a count bound still holds.
    if (!copyOf && !reportOf) {
      if (keep.length < 5000) keep.push({ id, body });
      else keep[i % 5000] = { id, body };
    }
    const t0 = performance.now();
    const fp = index.fingerprint(body);
    const t1 = performance.now();
    // Under a job key, as the worker does, so the per-job answer kept for re-delivery is counted too.
    const info = await index.claim({ id, title: '', body }, `job-${id}`, fp);
    const t2 = performance.now();
    fpMs.push(t1 - t0);
    claimMs.push(t2 - t1);
    if (copyOf && info.duplicateOf === copyOf) found++;
    if (stories) {
      const cpu0 = process.cpuUsage();
      const a = await stories.assign({ id, title: '', body, outlet: `site${i % 50}` }, info.duplicateOf);
      const t3 = performance.now();
      const cpu = process.cpuUsage(cpu0);
      storyCpuMs.push((cpu.user + cpu.system) / 1000);
      storyMs.push(t3 - t2);
      totalMs.push(t3 - t0);
      retries += a.retries;
      if (reportOf) {
        storyOf.set(id, a.storyId);
        if (a.storyId === storyOf.get(reportOf)) storyJoined++;
      } else if (!copyOf) storyOf.set(id, a.storyId);
      if (storyOf.size > 6000) storyOf.delete(storyOf.keys().next().value!);
    }
    if ((i + 1) % 1000 === 0) o.onProgress?.(i + 1, n);
    if ((i + 1) % every === 0) memory.push({ indexed: i + 1, bytes: (await usedMemory(o.redis)) - before });
  }
  const wall = (performance.now() - started) / 1000;
  const storyBytes = stories ? await keyBytes(o.redis, `${index.keyBase}:Y:*`) : 0;
  const after = await usedMemory(o.redis);
  const statsAfter = await scriptStats(o.redis);
  const calls = statsAfter.calls - statsBefore.calls;
  return {
    articles: n,
    wordsPerArticle: len,
    planted,
    found,
    fingerprintMs: percentiles(fpMs),
    lookupInsertMs: percentiles(claimMs),
    lookupInsertLastTenthMs: percentiles(claimMs.slice(Math.floor(n * 0.9))),
    redisScriptUsPerCall: calls > 0 ? Math.round((statsAfter.usec - statsBefore.usec) / calls) : 0,
    redisScriptUsPerArticle: Math.round((statsAfter.usec - statsBefore.usec) / n),
    redisBytesPerArticle: Math.round((after - before) / Math.min(n, index.options.maxEntries)),
    redisUsedMemoryBytes: after,
    maxEntries: index.options.maxEntries,
    memory,
    wallSeconds: Math.round(wall * 10) / 10,
    ...(stories
      ? {
          stories: {
            planted: storyPlanted,
            joined: storyJoined,
            assignMs: percentiles(storyMs),
            assignLastTenthMs: percentiles(storyMs.slice(Math.floor(n * 0.9))),
            assignP99ByTenthMs: Array.from({ length: 10 }, (_, k) => percentiles(storyMs.slice(Math.floor((n * k) / 10), Math.floor((n * (k + 1)) / 10))).p99),
            perArticleMs: percentiles(totalMs),
            assignCpuMs: percentiles(storyCpuMs),
            retries,
            redisBytesPerArticle: Math.round(storyBytes / Math.min(n, stories.options.storyMaxArticles)),
          },
        }
      : {}),
  };
}

/** Sum of MEMORY USAGE over the keys matching `pattern` (the story index's share of Redis). */
async function keyBytes(redis: RedisConnection, pattern: string): Promise<number> {
  let cursor = '0';
  let total = 0;
  do {
    const [next, keys] = (await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)) as [string, string[]];
    cursor = next;
    if (keys.length) {
      const p = redis.pipeline();
      for (const k of keys) p.memory('USAGE', k, 'SAMPLES', '0');
      for (const [, v] of (await p.exec()) ?? []) total += Number(v ?? 0);
    }
  } while (cursor !== '0');
  return total;
}
