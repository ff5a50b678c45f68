import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article, Entity, ParseJob, ParsedArticle } from '@newsflow/contracts';
import { createStageWorker, pageIdFor, AppError, articleIdFor, sha256Hex, type StageWorker } from '@newsflow/core';
import { openSqliteStore, type ArticleStore } from '@newsflow/sink';
import type { Harness } from '@newsflow/testing';
import { createDashboardApp, type DashboardOptions } from '../src/index.js';

export function parseJob(n: number): ParseJob {
  const url = `https://news.example.org/world/story-${n}`;
  return {
    pageId: pageIdFor(url, `body ${n}`),
    receivedAt: '2026-11-28T10:00:00.000Z',
    url,
    fetchedAt: '2026-11-28T09:59:00.000Z',
    text: `Story ${n}\n\nbody ${n}`,
    headers: {},
    metadata: {},
    trace: [],
  };
}

/** A parse worker that parses trivially and rejects pages whose URL ends in `-13` as empty. */
export function fakeParseWorker(t: Harness, opts: { onJobDone?: (e: { stage: string; ok: boolean; durationMs: number; reason?: string }) => void } = {}): StageWorker {
  return t.worker(
    createStageWorker({
      stage: 'parse',
      version: 'test',
      connection: t.connection(),
      prefix: t.prefix,
      logger: t.logger,
      onJobDone: opts.onJobDone,
      process: async (input): Promise<Omit<ParsedArticle, 'trace'>> => {
        if (input.url.endsWith('-13')) throw new AppError('EMPTY_PAGE', 'page has no article text', { retryable: false });
        return {
          id: input.pageId.slice(0, 24),
          pageId: input.pageId,
          url: input.url,
          canonicalUrl: input.url,
          fetchedAt: input.fetchedAt,
          receivedAt: input.receivedAt,
          title: `Story ${input.url.split('-').pop()}`,
          authors: [],
          tags: [],
          images: [],
          body: input.text ?? '',
          paragraphs: [{ kind: 'p', text: input.text ?? '' }],
          corrections: [],
          wordCount: 3,
          metadata: {},
        };
      },
    }),
  );
}

/** A real SQLite article store in a temp dir, closed and deleted after the test. */
export async function sqliteStore(t: Harness, articles: Article[] = []): Promise<ArticleStore> {
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-dash-'));
  const store = await openSqliteStore({ path: join(dir, 'articles.db') });
  t.defer({ close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } });
  for (const a of articles) await store.write(a);
  return store;
}

function ent(name: string, type: Entity['type'], salience: number): Entity {
  return { name, type, key: `${type}:${name.toLowerCase()}`, aliases: [], mentions: [{ text: name, start: 0, end: name.length, field: 'body' }], count: 1, firstPosition: 0, salience, attributes: { titles: [] } };
}

/** A valid Article as the sink stores it; `version` 2 has one more paragraph. */
export function lavrov(version = 1, over: Partial<Article> = {}): Article {
  const url = 'https://news.example.org/world/lavrov-wang';
  const paras = ['Russian Foreign Minister Sergei Lavrov met Wang Yi in Beijing on Friday.', 'The talks lasted three hours.'];
  if (version > 1) paras.push('Update: a joint statement was published.');
  const body = paras.join('\n\n');
  return {
    id: articleIdFor(url),
    pageId: sha256Hex(`${url}\n${body}`).slice(0, 32),
    url,
    canonicalUrl: url,
    fetchedAt: '2026-11-28T09:00:00.000Z',
    receivedAt: '2026-11-28T09:00:01.000Z',
    title: 'Lavrov meets Wang Yi in Beijing',
    authors: ['Jane Reporter'],
    publishedAt: '2026-11-28T08:00:00.000Z',
    language: 'en',
    siteName: 'The Example Times',
    tags: [],
    images: [],
    body,
    paragraphs: paras.map((text) => ({ kind: 'p' as const, text })),
    corrections: [],
    wordCount: body.split(/\s+/).length,
    metadata: {},
    entities: [ent('Beijing', 'LOC', 0.4), ent('Sergei Lavrov', 'PER', 0.9), ent('Wang Yi', 'PER', 0.7)],
    dedupe: { contentHash: sha256Hex(body), duplicateOf: null, duplicateKind: null, similarity: null, version, unchanged: false, clusterId: 'c-lavrov' },
    trace: (['ingest', 'parse', 'entity', 'dedupe', 'sink'] as const).map((stage) => ({
      stage, version: '0.1.0', workerId: `host-a:1:${stage}:1`, attempts: 1, startedAt: '2026-11-28T09:00:02.000Z', finishedAt: '2026-11-28T09:00:02.010Z', durationMs: 10,
    })),
    ...over,
  };
}

/** A copy of the Lavrov story on another site, marked as its duplicate. */
export function lavrovCopy(): Article {
  const a = lavrov(1);
  const url = 'https://mirror.example.net/lavrov-wang';
  return { ...a, id: articleIdFor(url), url, canonicalUrl: url, siteName: 'Mirror', dedupe: { ...a.dedupe, duplicateOf: a.id, duplicateKind: 'exact', similarity: 1 } };
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

export const TOKEN = 'test-token-0123456789abcdef';

/** A dashboard on the test's prefix, closed after the test; `get`/`post` send the bearer token. */
export function dashboard(t: Harness, extra: Partial<DashboardOptions> = {}) {
  const d = createDashboardApp({ connection: t.connection(), prefix: t.prefix, auth: { tokens: [TOKEN] }, logger: t.logger, ...extra });
  t.defer(d);
  const get = (path: string, init: RequestInit = bearer(TOKEN)) => d.app.request(path, init);
  const post = (path: string, headers: Record<string, string> = { 'x-requested-with': 'newsflow' }) =>
    d.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
  return { ...d, get, post };
}
