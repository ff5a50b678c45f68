import type { ParseJob, ParsedArticle } from '@newsflow/contracts';
import { createStageWorker, pageIdFor, AppError, type StageWorker } from '@newsflow/core';
import type { Harness } from '@newsflow/testing';
import { createDashboardApp, type DashboardOptions, type DashboardStore, type StoredArticleLike } from '../src/index.js';

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

/** An in-memory DashboardStore: the dashboard's contract with a store, not a stand-in for Redis or SQL. */
export function memoryStore(articles: StoredArticleLike[], versions: Record<string, unknown[]> = {}): DashboardStore {
  return {
    get: async (id) => articles.find((a) => a.id === id) ?? null,
    list: async ({ limit = 20 }) => articles.slice(0, limit),
    versions: async (id) => versions[id] ?? [],
    count: async () => articles.length,
  };
}

export const lavrovArticle: StoredArticleLike = {
  id: 'a1b2c3d4e5f6a7b8c9d0e1f2',
  title: 'Lavrov meets Wang Yi in Beijing',
  siteName: 'The Example Times',
  canonicalUrl: 'https://news.example.org/world/lavrov-wang',
  body: 'Russian Foreign Minister Sergei Lavrov met Wang Yi in Beijing on Friday.',
  paragraphs: [{ kind: 'p', text: 'Russian Foreign Minister Sergei Lavrov met Wang Yi in Beijing on Friday.' }],
  entities: [
    { name: 'Sergei Lavrov', type: 'PER', salience: 0.9, count: 1 },
    { name: 'Wang Yi', type: 'PER', salience: 0.7, count: 1 },
    { name: 'Beijing', type: 'LOC', salience: 0.4, count: 1 },
  ],
  dedupe: { duplicateOf: null, version: 2, clusterId: 'c-lavrov' },
  trace: [
    { stage: 'parse', version: '0.1.0', workerId: 'host:1:parse:1', attempts: 1, startedAt: '2026-11-28T10:00:00.000Z', finishedAt: '2026-11-28T10:00:00.020Z', durationMs: 20 },
  ],
};

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
