import { join } from 'node:path';
import { Article, EnrichedArticle, IngestJob, ParsedArticle, STAGES, type StageName, type TraceEntry } from '@newsflow/contracts';
import { DEFAULT_PREFIX, inlineBody, pageBodyKey, pageIdFor, type RedisConnection } from '@newsflow/core';
import { createDedupeIndex, createStoryIndex, dedupeArticle, dedupeOptionsFromEnv } from '@newsflow/dedupe';
import { defaultTagger, extractEntitiesAsync, type ExtractStats } from '@newsflow/entity';
import { toParseJob, validateRaw } from '@newsflow/ingest';
import { parsePage } from '@newsflow/parse';
import { openStore } from '@newsflow/sink';
import { DEFAULT_CONCURRENCY } from '../stages.js';
import type { PageSet } from './bench-pipeline-pages.js';

/** One stage function run alone, serially, in the bench process. */
export interface StageFigure {
  /** What was timed: the call the stage's worker.ts makes. */
  fn: string;
  articles: number;
  /** CPU of this process inside the function (process.cpuUsage deltas), ms per article. */
  cpuMsPerArticle: number;
  /** CPU of redis-server for the function's commands (INFO cpu delta; the dedupe claim's Lua script), ms per article. */
  redisCpuMsPerArticle: number;
  wallMsPerArticle: number;
  /** 1000 ÷ wall ms: articles per second on one core. */
  perSecond: number;
}

export interface StagesAlone {
  pages: number;
  stages: Record<StageName, StageFigure>;
  /** Σ over the stages: node, redis, both. */
  cpuMsPerArticle: { node: number; redis: number; total: number };
  /** The parse stage's `perSecond`: the parser's single-core pages/s in this run. */
  parserPagesPerSecond: number;
  /** Parsed bodies that kept their copy's own paragraph (else dedupe would see exact copies). */
  uniqueParagraphKept: number;
  /** Dedupe's answers over the copies: canonical, or a near / exact duplicate of an earlier copy. */
  verdicts: { canonical: number; near: number; exact: number };
  /** Mean JSON bytes of the payload each stage's queue carries (its input), as measured here. */
  payloadBytes: Record<StageName, number>;
  /** Mean bytes of the page body, which waits under a key of its own (written once, read once by parse). */
  bodyBytes: number;
}

/**
 * Per page, the JSON bytes of each queue's payload, and the page body's bytes: what the ceiling's
 * no-op hops carry and its producer writes beside them.
 */
export type HopSizes = Record<StageName, number[]> & { body: number[] };

class Meter {
  cpuMs = 0;
  wallMs = 0;

  sync<T>(fn: () => T): T {
    const c = process.cpuUsage();
    const w = performance.now();
    try {
      return fn();
    } finally {
      this.add(c, w);
    }
  }

  async async<T>(fn: () => Promise<T>): Promise<T> {
    const c = process.cpuUsage();
    const w = performance.now();
    try {
      return await fn();
    } finally {
      this.add(c, w);
    }
  }

  private add(c: NodeJS.CpuUsage, w: number): void {
    const d = process.cpuUsage(c);
    this.cpuMs += (d.user + d.system) / 1000;
    this.wallMs += performance.now() - w;
  }
}

/** redis-server's own CPU so far (INFO cpu), ms. */
export async function redisCpuMs(conn: RedisConnection): Promise<number> {
  const info = (await conn.info('cpu')) as string;
  const num = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (num('used_cpu_user') + num('used_cpu_sys')) * 1000;
}

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Each stage function alone, serially, over the same copies the pipeline gets: ingest's
 * acceptance (the producer's `validateRaw` and `pageIdFor`, the worker's `toParseJob`), `parsePage`, the entity worker's `extractEntitiesAsync` call, the dedupe worker's
 * `dedupeArticle` (duplicate claim and story assignment, two Lua scripts against `redis`) and the sink's `store.write` into a
 * fresh SQLite file, in groups of the sink's concurrency (what its batcher commits together).
 * Between stages each output goes through the next queue's schema, with a trace entry per stage,
 * as the runtime does, untimed. Page building and that validation are not timed.
 */
export async function runStagesAlone(o: { set: PageSet; pages: number; redis: RedisConnection; dir: string; run: string }): Promise<{ report: StagesAlone; sizes: HopSizes }> {
  const m = Object.fromEntries(STAGES.map((s) => [s, new Meter()])) as Record<StageName, Meter>;
  const sizes = Object.fromEntries([...STAGES, 'body'].map((s) => [s, [] as number[]])) as unknown as HopSizes;
  const started = new Date().toISOString();
  const trace = (n: number): TraceEntry[] =>
    STAGES.slice(0, n).map((stage) => ({ stage, version: 'bench', workerId: 'bench:0:0', attempts: 1, startedAt: started, finishedAt: started, durationMs: 1 }));

  const parsed: ParsedArticle[] = [];
  let kept = 0;
  for (let i = 0; i < o.pages; i++) {
    const raw = o.set.page('full', i);
    // Ingest's own work per page: the producer's validation, page id (over the body's UTF-8, which
    // it also writes to Redis) and job, then the ingest worker's `toParseJob`.
    const { field, body, queued } = m.ingest.sync(() => {
      const page = validateRaw(raw);
      const { field, body } = inlineBody(page)!;
      const pageId = pageIdFor(page.url, Buffer.from(body, 'utf8'));
      // What the producer queues: the page without its body, which waits under a key of its own.
      const { html: _h, htmlBase64: _b, text: _t, ...meta } = page;
      const queued: IngestJob = { pageId, receivedAt: started, page: meta, bodyRef: { key: pageBodyKey(DEFAULT_PREFIX, pageId), field, length: body.length }, trace: [] };
      return { field, body, queued };
    });
    const forwarded = { ...m.ingest.sync(() => toParseJob(queued)), trace: trace(1) };
    sizes.ingest.push(bytes(queued));
    sizes.parse.push(bytes(forwarded));
    sizes.body.push(Buffer.byteLength(body));
    // parse works on the body as its worker loads it.
    const { bodyRef: _r, ...parseJob } = { ...forwarded, [field]: body };
    const article = ParsedArticle.parse({ ...m.parse.sync(() => parsePage(parseJob)), trace: trace(2) });
    if (article.body.includes(o.set.marker('full', i))) kept++;
    sizes.entity.push(bytes(article));
    parsed.push(article);
  }

  const model = defaultTagger(); // loaded once per process by the worker too, before any job
  const enriched: EnrichedArticle[] = [];
  for (const article of parsed) {
    const { trace: _t, ...rest } = article;
    const entities = await m.entity.async(() =>
      extractEntitiesAsync({ title: article.headline ?? article.title, body: article.body, ...(article.language ? { language: article.language } : {}) }, { ...model, stats: {} as ExtractStats }),
    );
    const e = EnrichedArticle.parse({ ...rest, entities, trace: trace(3) });
    sizes.dedupe.push(bytes(e));
    enriched.push(e);
  }
  parsed.length = 0;

  const dedupeCfg = { redis: o.redis, prefix: `{bench-stages-${o.run}}`, options: dedupeOptionsFromEnv() };
  const index = createDedupeIndex(dedupeCfg);
  const stories = createStoryIndex(dedupeCfg);
  const verdicts = { canonical: 0, near: 0, exact: 0 };
  const articles: Article[] = [];
  const redis0 = await redisCpuMs(o.redis);
  for (const input of enriched) {
    const { trace: _t, ...article } = input;
    const dedupe = await m.dedupe.async(() => dedupeArticle(index, stories, article, input.pageId));
    verdicts[dedupe.duplicateKind ?? 'canonical'] += 1;
    const a = Article.parse({ ...article, dedupe, trace: trace(4) });
    sizes.sink.push(bytes(a));
    articles.push(a);
  }
  const dedupeRedisMs = (await redisCpuMs(o.redis)) - redis0;
  enriched.length = 0;

  const store = await openStore({ kind: 'sqlite', path: join(o.dir, 'stages-alone.db') });
  try {
    const group = DEFAULT_CONCURRENCY.sink;
    for (let i = 0; i < articles.length; i += group) {
      const batch = articles.slice(i, i + group).map((a) => ({ ...a, trace: trace(5) }));
      await m.sink.async(() => Promise.all(batch.map((a) => store.write(a))));
    }
  } finally {
    await store.close();
  }

  const fns: Record<StageName, string> = {
    ingest: 'validateRaw + pageIdFor + toParseJob',
    parse: 'parsePage',
    entity: 'extractEntitiesAsync (shipped model)',
    dedupe: 'dedupeArticle (claim + story, 2 Lua)',
    sink: `SQLite store.write, ${DEFAULT_CONCURRENCY.sink} at a time`,
  };
  const n = o.pages;
  const stages = Object.fromEntries(
    STAGES.map((s) => [
      s,
      {
        fn: fns[s],
        articles: n,
        cpuMsPerArticle: round(m[s].cpuMs / n),
        redisCpuMsPerArticle: round(s === 'dedupe' ? dedupeRedisMs / n : 0),
        wallMsPerArticle: round(m[s].wallMs / n),
        perSecond: round(m[s].wallMs > 0 ? (1000 * n) / m[s].wallMs : 0, 1),
      },
    ]),
  ) as Record<StageName, StageFigure>;
  const node = STAGES.reduce((t, s) => t + stages[s].cpuMsPerArticle, 0);
  const redis = stages.dedupe.redisCpuMsPerArticle;
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  return {
    report: {
      pages: n,
      stages,
      cpuMsPerArticle: { node: round(node), redis: round(redis), total: round(node + redis) },
      parserPagesPerSecond: stages.parse.perSecond,
      uniqueParagraphKept: kept,
      verdicts,
      payloadBytes: Object.fromEntries(STAGES.map((s) => [s, mean(sizes[s])])) as Record<StageName, number>,
      bodyBytes: mean(sizes.body),
    },
    sizes,
  };
}
