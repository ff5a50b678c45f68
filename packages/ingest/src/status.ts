import type { Job, Queue } from 'bullmq';
import { STAGES, type QueueName, type StageName } from '@newsflow/contracts';

export type PageState = 'queued' | 'processing' | 'stored' | 'failed' | 'unknown';

export interface PageStatus {
  pageId: string;
  state: PageState;
  /** The furthest stage the page has reached, or null when unknown. */
  stage: StageName | null;
  /** Set once stored (and when a later stage already knows it). */
  articleId?: string;
  /** Why it failed, as the failing stage recorded it. */
  reason?: string;
}

const PAGE_ID = /^[a-f0-9]{32}$/;

export function isPageId(s: string): boolean {
  return PAGE_ID.test(s);
}

function articleIdOf(job: Job): string | undefined {
  const rv = job.returnvalue as { articleId?: unknown; id?: unknown } | null | undefined;
  if (rv && typeof rv.articleId === 'string') return rv.articleId;
  if (rv && typeof rv.id === 'string') return rv.id;
  const data = job.data as { id?: unknown } | undefined;
  return typeof data?.id === 'string' ? data.id : undefined;
}

/**
 * Where a page is in the pipeline. Every stage uses the page id as its job id, so the furthest
 * stage holding a job with that id tells the state: the sink's completed job means stored.
 * Completed jobs are removed within the hour (catalog retention); after that the page ledger
 * (`Producer.storedArticleIds`) still says a page was stored, for a week.
 */
export async function pageStatus(
  queues: Pick<Record<QueueName, Queue>, QueueName>,
  pageId: string,
  /** The page ledger (`Producer.storedArticleIds`), read when no queue knows the page any more. */
  ledger?: (ids: readonly string[]) => Promise<Array<string | null>>,
): Promise<PageStatus> {
  if (!isPageId(pageId)) return { pageId, state: 'unknown', stage: null, reason: 'not a page id (32 hex characters)' };
  // From the sink backwards, stopping at the first stage that knows the page: a stored page costs one call.
  for (const stage of [...STAGES].reverse()) {
    const state = await queues[stage].getJobState(pageId);
    if (state === 'unknown') continue;
    if (state === 'failed') {
      const job = await queues[stage].getJob(pageId);
      return { pageId, state: 'failed', stage, ...(job?.failedReason ? { reason: job.failedReason } : {}) };
    }
    if (stage === 'sink' && state === 'completed') {
      const job = await queues.sink.getJob(pageId);
      const articleId = job ? articleIdOf(job) : undefined;
      return { pageId, state: 'stored', stage, ...(articleId ? { articleId } : {}) };
    }
    const queued = stage === 'ingest' && (state === 'waiting' || state === 'prioritized' || state === 'delayed' || state === 'waiting-children');
    let articleId: string | undefined;
    if (stage !== 'ingest' && stage !== 'parse') {
      const job = await queues[stage].getJob(pageId);
      articleId = job ? articleIdOf(job) : undefined;
    }
    return { pageId, state: queued ? 'queued' : 'processing', stage, ...(articleId ? { articleId } : {}) };
  }
  const [articleId] = (await ledger?.([pageId])) ?? [];
  if (articleId) return { pageId, state: 'stored', stage: 'sink', articleId };
  return { pageId, state: 'unknown', stage: null };
}
