import type { RedisConnection } from './redis.js';

/**
 * The page ledger: one small key per stored page (`<prefix>:stored:<pageId>` → article id), written
 * by the last stage when it finishes a job. Completed jobs are removed after an hour (retention
 * keeps Redis flat), so the ledger is what still answers "was this page stored?" for the ingest
 * API's duplicate check and the status endpoint. About 100 bytes a page, for `ttlSeconds`.
 */
export const PAGE_LEDGER_TTL_SECONDS = 7 * 24 * 3600;

export function storedKey(prefix: string, pageId: string): string {
  return `${prefix}:stored:${pageId}`;
}

/** Record that a page's article is stored. Idempotent: a redelivered job writes the same value. */
export async function markStored(conn: RedisConnection, prefix: string, pageId: string, articleId: string, ttlSeconds = PAGE_LEDGER_TTL_SECONDS): Promise<void> {
  await conn.set(storedKey(prefix, pageId), articleId, 'EX', ttlSeconds);
}

/** The article id each page was stored as, or null; one round trip. */
export async function storedArticleIds(conn: RedisConnection, prefix: string, pageIds: readonly string[]): Promise<Array<string | null>> {
  if (pageIds.length === 0) return [];
  const pipe = conn.pipeline();
  for (const id of pageIds) pipe.get(storedKey(prefix, id));
  const replies = (await pipe.exec()) ?? [];
  return replies.map(([err, v]) => {
    if (err) throw err;
    return typeof v === 'string' ? v : null;
  });
}
