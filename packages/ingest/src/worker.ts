import type { IngestJob, ParseJob } from '@newsflow/contracts';
import { createStageWorker, type StageDeps, type StageWorker } from '@newsflow/core';
import { INGEST_VERSION } from './version.js';

/**
 * Turn an accepted submission into a parse job: resolve `fetchedAt` (the time ingest received the
 * page when the scraper did not say), lower-case header names, carry the rest. Nothing slow happens
 * here: parsing is the next stage's work, so this stage keeps up with any submission rate. A body
 * kept in Redis (`bodyRef`) is passed on by reference, never loaded here.
 */
export function toParseJob(job: IngestJob): Omit<ParseJob, 'trace'> {
  const { page } = job;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(page.headers ?? {})) {
    const name = k.trim().toLowerCase();
    // Repeated headers differing only in case are joined as HTTP does for lists.
    headers[name] = headers[name] === undefined ? v : `${headers[name]}, ${v}`;
  }
  return {
    pageId: job.pageId,
    receivedAt: job.receivedAt,
    url: page.url,
    fetchedAt: page.fetchedAt ?? job.receivedAt,
    ...(page.html !== undefined ? { html: page.html } : {}),
    ...(page.htmlBase64 !== undefined ? { htmlBase64: page.htmlBase64 } : {}),
    ...(page.text !== undefined ? { text: page.text } : {}),
    ...(job.bodyRef !== undefined ? { bodyRef: job.bodyRef } : {}),
    ...(page.site !== undefined ? { site: page.site } : {}),
    ...(page.source !== undefined ? { source: page.source } : {}),
    ...(page.language !== undefined ? { language: page.language } : {}),
    headers,
    metadata: page.metadata ?? {},
  };
}

/** The `ingest` stage: `IngestJob` → `ParseJob`, forwarded under the same job id (the page id). */
export function createIngestWorker(deps: StageDeps): StageWorker {
  return createStageWorker({
    stage: 'ingest',
    version: INGEST_VERSION,
    connection: deps.connection,
    ...(deps.forwardConnection ? { forwardConnection: deps.forwardConnection } : {}),
    ...(deps.prefix ? { prefix: deps.prefix } : {}),
    logger: deps.logger,
    concurrency: deps.concurrency ?? 16,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.onJobDone ? { onJobDone: deps.onJobDone } : {}),
    ...(deps.tuning ? { tuning: deps.tuning } : {}),
    process: async (input) => toParseJob(input),
  });
}
