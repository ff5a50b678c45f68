import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Article } from '@newsflow/contracts';
import { articleIdFor, createQueue, sha256Hex, type Logger, type RedisConnection } from '@newsflow/core';
import type { ArticleStore } from './types.js';
import { createSinkWorker } from './worker.js';

const WORDS = 'council minister said talks summit budget report city official vote plan union port energy court police market bank school health'.split(' ');
const PEOPLE = ['Amara Mensah', 'Bruno Kowalski', 'Chen Tanaka', 'Dalia Oliveira', 'Emil Haddad', 'Farah Lindgren', 'Goran Novak', 'Hana Reyes'];

/** A realistic-sized synthetic article for benchmarks: `words` of body, `entities` people. */
export function benchArticle(n: number, opts: { words?: number; entities?: number; runId?: string } = {}): Article {
  const words = opts.words ?? 400;
  const body = Array.from({ length: words }, (_, i) => WORDS[(n * 7 + i * 13) % WORDS.length]).join(' ') + ` ${n}.`;
  const url = `https://bench.example/${opts.runId ?? 'run'}/article-${n}`;
  const paragraphs = body.match(/(?:\S+\s*){1,60}/g)!.map((text) => ({ kind: 'p' as const, text: text.trim() }));
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const people = Array.from({ length: opts.entities ?? 6 }, (_, i) => PEOPLE[(n + i) % PEOPLE.length]!);
  return {
    id: articleIdFor(url), pageId: sha256Hex(url).slice(0, 32), url, canonicalUrl: url, fetchedAt: at, receivedAt: at,
    title: `Benchmark article ${n}`, authors: ['Bench Writer'], publishedAt: at, language: 'en', siteName: 'Bench Times', tags: [], images: [],
    body, paragraphs, corrections: [], wordCount: words + 1, metadata: {},
    entities: [...new Set(people)].map((name, i) => ({
      name, type: 'PER' as const, key: `PER:${name.toLowerCase()}`, aliases: [], count: 2, firstPosition: i * 10, salience: 0.5,
      mentions: [{ text: name, start: i * 10, end: i * 10 + name.length, field: 'body' as const }], attributes: { titles: [] },
    })),
    dedupe: { contentHash: sha256Hex(body), duplicateOf: null, duplicateKind: null, similarity: null, version: 1, unchanged: false, clusterId: `c-${n}` },
    trace: (['ingest', 'parse', 'entity', 'dedupe', 'sink'] as const).map((stage) => ({ stage, version: '0.1.0', workerId: 'bench', attempts: 1, startedAt: at, finishedAt: at, durationMs: 1 })),
  };
}

export interface StoreBenchOptions {
  /** Articles written. @defaultValue 5000 */
  count?: number;
  /** Writes in flight at once, as a sink worker's concurrency gives. @defaultValue 64 */
  concurrency?: number;
  /** Body words per article. @defaultValue 400 */
  words?: number;
}

export interface PhaseFigures {
  writes: number;
  seconds: number;
  writesPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StoreBenchResult {
  store: string;
  count: number;
  concurrency: number;
  /** New articles: inserts. */
  insert: PhaseFigures;
  /** The same articles delivered again: the idempotent no-op path. */
  redeliver: PhaseFigures;
}

async function phase(store: ArticleStore, articles: Article[], concurrency: number, expect: string): Promise<PhaseFigures> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < articles.length) {
        const a = articles[next++]!;
        const s = performance.now();
        const r = await store.write(a);
        lat.push(performance.now() - s);
        if (r.outcome !== expect) throw new Error(`bench: article ${a.id} was ${r.outcome}, expected ${expect}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]! * 10) / 10;
  return { writes: articles.length, seconds: Math.round(seconds * 1000) / 1000, writesPerSec: Math.round(articles.length / seconds), p50Ms: q(0.5), p99Ms: q(0.99) };
}

/** Write `count` new articles with `concurrency` writes in flight, then deliver them all again. */
export async function benchStore(store: ArticleStore, opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const count = opts.count ?? 5000;
  const concurrency = opts.concurrency ?? 64;
  const runId = randomBytes(4).toString('hex');
  const articles = Array.from({ length: count }, (_, i) => benchArticle(i, { words: opts.words, runId }));
  const insert = await phase(store, articles, concurrency, 'inserted');
  const redeliver = await phase(store, articles, concurrency, 'unchanged');
  return { store: store.kind, count, concurrency, insert, redeliver };
}

export interface WorkerBenchOptions extends StoreBenchOptions {
  store: ArticleStore;
  /** Worker-role connection to a Redis the benchmark may fill. */
  connection: RedisConnection;
  /** A prefix nothing else uses; its sink queue is removed afterwards. */
  prefix: string;
  logger: Logger;
}

/**
 * The sink stage as deployed: `count` article jobs queued first, then one sink worker with
 * `concurrency` drains them into the store. Figures are jobs completed per second.
 */
export async function benchWorker(opts: WorkerBenchOptions): Promise<{ jobs: number; seconds: number; jobsPerSec: number }> {
  const count = opts.count ?? 5000;
  const runId = randomBytes(4).toString('hex');
  const queue = createQueue('sink', { connection: opts.connection, prefix: opts.prefix });
  try {
    for (let i = 0; i < count; i += 1000) {
      const chunk = Array.from({ length: Math.min(1000, count - i) }, (_, k) => benchArticle(i + k, { words: opts.words, runId }));
      await queue.addBulk(chunk.map((a) => ({ name: 'article', data: { ...a, trace: a.trace.slice(0, 4) }, opts: { jobId: a.pageId } })));
    }
    const t0 = performance.now();
    const worker = createSinkWorker({ connection: opts.connection, prefix: opts.prefix, logger: opts.logger, store: opts.store, concurrency: opts.concurrency ?? 64 });
    try {
      for (;;) {
        const c = await queue.getJobCounts('completed', 'failed');
        if (c.failed) throw new Error(`bench: ${c.failed} sink jobs failed`);
        if (c.completed >= count) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    return { jobs: count, seconds: Math.round(seconds * 1000) / 1000, jobsPerSec: Math.round(count / seconds) };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/**
 * A new empty database on the server of `serverUrl` (which needs CREATEDB), so a benchmark or test
 * never writes into a real store; `drop()` removes it.
 */
export async function createTempDatabase(serverUrl: string, label = 'tmp'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `newsflow_${label}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    c.on('error', () => undefined); // a dropped connection rejects the query below; unheard, it would crash the process
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
