import type { Article, Entity, TraceEntry } from '@newsflow/contracts';
import { articleIdFor, sha256Hex } from '@newsflow/core';

const STAGES_BEFORE_SINK = ['ingest', 'parse', 'entity', 'dedupe'] as const;

/** The four trace entries an article has when it reaches the sink. */
export function upstreamTrace(at = '2026-11-28T10:00:00.000Z', workerId = 'test-host:1'): TraceEntry[] {
  return STAGES_BEFORE_SINK.map((stage) => ({ stage, version: '0.1.0', workerId, attempts: 1, startedAt: at, finishedAt: at, durationMs: 1 }));
}

export function entity(name: string, type: Entity['type'], count = 1): Entity {
  return {
    name,
    type,
    key: `${type}:${name.toLowerCase()}`,
    aliases: [],
    mentions: [{ text: name, start: 0, end: name.length, field: 'body' }],
    count,
    firstPosition: 0,
    salience: 0.5,
    attributes: { titles: [] },
  };
}

export interface ArticleSpec {
  n: number;
  title?: string;
  body?: string;
  site?: string;
  publishedAt?: string;
  entities?: Entity[];
  version?: number;
  clusterId?: string;
  duplicateOf?: string | null;
  trace?: TraceEntry[];
}

/** A valid Article as the dedupe stage hands it to the sink. */
export function makeArticle(spec: ArticleSpec): Article {
  const url = `https://news.example.com/world/story-${spec.n}`;
  const body = spec.body ?? `Story number ${spec.n} reports on the summit. Officials met for talks.`;
  const paragraphs = body.split(/\n\n+/).map((text) => ({ kind: 'p' as const, text }));
  const id = articleIdFor(url);
  return {
    id,
    pageId: sha256Hex(`${url}\n${body}`).slice(0, 32),
    url,
    canonicalUrl: url,
    fetchedAt: '2026-11-28T09:00:00.000Z',
    receivedAt: '2026-11-28T09:00:01.000Z',
    title: spec.title ?? `Story ${spec.n}`,
    authors: ['Jane Reporter'],
    publishedAt: spec.publishedAt ?? new Date(Date.UTC(2026, 10, 1) + spec.n * 3_600_000).toISOString(),
    language: 'en',
    siteName: spec.site ?? 'Example News',
    tags: [],
    images: [],
    body,
    paragraphs,
    corrections: [],
    wordCount: body.split(/\s+/).length,
    metadata: {},
    entities: spec.entities ?? [],
    dedupe: {
      contentHash: sha256Hex(body),
      duplicateOf: spec.duplicateOf ?? null,
      duplicateKind: spec.duplicateOf ? 'exact' : null,
      similarity: spec.duplicateOf ? 1 : null,
      version: spec.version ?? 1,
      unchanged: false,
      clusterId: spec.clusterId ?? `c-${id}`,
    },
    trace: spec.trace ?? upstreamTrace(),
  };
}
