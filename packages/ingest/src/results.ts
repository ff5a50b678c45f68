import type { BatchResponse, ItemResult } from './api-schemas.js';
import type { FieldIssue, SubmitManyItem } from './producer.js';

export function toItem(index: number, r: SubmitManyItem): ItemResult {
  if (r.ok) return { index, status: r.duplicate ? 'duplicate' : 'accepted', pageId: r.pageId };
  const issues = (r.error.details as FieldIssue[] | undefined) ?? undefined;
  return { index, status: 'rejected', error: { code: r.error.code, message: r.error.message, ...(issues ? { issues } : {}) } };
}

export function rejectedItem(index: number, code: string, message: string): ItemResult {
  return { index, status: 'rejected', error: { code, message } };
}

/** Counts by outcome and every result, for a batch (whose size is already bounded). */
export function summarize(results: ItemResult[]): BatchResponse {
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'duplicate') duplicates++;
    else rejected++;
  }
  return { accepted, duplicates, rejected, results };
}

export interface ResultLog {
  add(r: ItemResult): void;
  readonly counts: Readonly<Record<'accepted' | 'duplicates' | 'rejected' | 'retry', number>>;
  /**
   * Counts, the first `maxResults` results by index, the first line not taken (`retryFromLine`) and,
   * when results were left out, the first `maxErrors` rejections among them.
   */
  response(): BatchResponse;
}

const byIndex = (a: ItemResult, b: ItemResult) => a.index - b.index;

/** Keep the `max` lowest indexes; results arrive almost in order, so sorting every 2·max adds is cheap. */
function keepFirst(list: ItemResult[], max: number): ItemResult[] {
  return list.length > 2 * max ? list.sort(byIndex).slice(0, max) : list;
}

/**
 * Results of a stream of any length in bounded memory: counts of every outcome, but per-line
 * entries only for the first lines. A million-line stream used to answer a 231 MB body.
 */
export function resultLog(maxResults: number, maxErrors: number): ResultLog {
  const counts = { accepted: 0, duplicates: 0, rejected: 0, retry: 0 };
  let listed: ItemResult[] = [];
  let errors: ItemResult[] = [];
  let total = 0;
  let firstRetry: number | undefined;
  return {
    counts,
    add(r) {
      total++;
      if (r.status === 'accepted') counts.accepted++;
      else if (r.status === 'duplicate') counts.duplicates++;
      else if (r.status === 'retry') counts.retry++;
      else {
        counts.rejected++;
        errors.push(r);
        errors = keepFirst(errors, maxResults + maxErrors);
      }
      if (r.status === 'retry' && (firstRetry === undefined || r.index < firstRetry)) firstRetry = r.index;
      listed.push(r);
      listed = keepFirst(listed, maxResults);
    },
    response() {
      const results = listed.sort(byIndex).slice(0, maxResults);
      const omitted = total - results.length;
      const last = results.at(-1)?.index ?? 0;
      // The rejections a client cannot see in `results`: those after its last listed line.
      const unseen = () => errors.sort(byIndex).filter((e) => e.index > last).slice(0, maxErrors);
      return { ...counts, results, ...(firstRetry !== undefined ? { retryFromLine: firstRetry } : {}), ...(omitted > 0 ? { omitted, errors: unseen() } : {}) };
    },
  };
}
