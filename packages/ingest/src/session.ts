import type { IngestClient } from './client.js';
import type { LocalItem } from './local-files.js';
import type { PageStatus } from './status.js';

export interface SessionProgress {
  phase: 'submitting' | 'waiting';
  submitted: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  stored: number;
  failed: number;
  /** Pages accepted (or duplicate) so far: what `stored + failed` counts towards. */
  total: number;
  elapsedMs: number;
}

export interface IngestSessionOptions {
  client: IngestClient;
  items: AsyncIterable<LocalItem>;
  /** Wait until every accepted page is stored or failed. @defaultValue true */
  wait?: boolean;
  /** Give up waiting after this long (pages still pending are reported). @defaultValue 600000 */
  timeoutMs?: number;
  /** @defaultValue 500 */
  pollMs?: number;
  /** Pages whose status is asked for per round, oldest first (the pipeline is roughly FIFO). @defaultValue 1000 */
  pollWindow?: number;
  /** Pages per batch request. @defaultValue 200 */
  batchSize?: number;
  /** Flush a batch once its JSON passes this size. @defaultValue 8 MiB */
  batchBytes?: number;
  onProgress?: (p: SessionProgress) => void;
  /** @defaultValue setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
}

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  rejected: Array<{ where: string; reason: string }>;
  stored: Array<{ where: string; pageId: string; articleId: string | null }>;
  failed: Array<{ where: string; pageId: string; reason: string }>;
  /** Pages still in the pipeline when waiting stopped (or all of them with wait: false). */
  pending: Array<{ where: string; pageId: string; state: string }>;
  elapsedMs: number;
}

/**
 * Submit local items through the API in batches, then (by default) poll until each accepted page is
 * stored or failed. Items that could not be read, and pages the API rejected, are reported with
 * where they came from and why.
 */
export async function runIngestSession(opts: IngestSessionOptions): Promise<IngestSummary> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 200;
  const batchBytes = opts.batchBytes ?? 8 * 1024 * 1024;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const summary: IngestSummary = { accepted: 0, duplicates: 0, rejected: [], stored: [], failed: [], pending: [], elapsedMs: 0 };
  const pages = new Map<string, string>(); // pageId → where (first submission)
  let submitted = 0;
  const progress = (phase: SessionProgress['phase']) =>
    opts.onProgress?.({
      phase,
      submitted,
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      rejected: summary.rejected.length,
      stored: summary.stored.length,
      failed: summary.failed.length,
      total: pages.size,
      elapsedMs: Date.now() - started,
    });

  let batch: Array<{ where: string; raw: unknown }> = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const sent = batch;
    batch = [];
    bytes = 0;
    const res = await opts.client.submitBatch(sent.map((b) => b.raw));
    for (const r of res.results) {
      const where = sent[r.index]!.where;
      if (r.status === 'rejected') {
        summary.rejected.push({ where, reason: r.error?.message ?? 'rejected' });
        continue;
      }
      if (r.status === 'accepted') summary.accepted++;
      else summary.duplicates++;
      if (!pages.has(r.pageId!)) pages.set(r.pageId!, where);
    }
    submitted += sent.length;
    progress('submitting');
  };
  for await (const item of opts.items) {
    if ('error' in item) {
      summary.rejected.push({ where: item.where, reason: item.error });
      continue;
    }
    // Rough size: the body fields dominate; measuring JSON here would serialise every page twice.
    const size = Object.values(item.raw).reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 64), 0);
    if (batch.length && (batch.length >= batchSize || bytes + size > batchBytes)) await flush();
    batch.push({ where: item.where, raw: item.raw });
    bytes += size;
  }
  await flush();

  let open = [...pages.keys()];
  if (opts.wait ?? true) {
    const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
    progress('waiting');
    const window = opts.pollWindow ?? 1000;
    while (open.length) {
      const statuses: PageStatus[] = await opts.client.statuses(open.slice(0, window));
      const still: string[] = [];
      for (const s of statuses) {
        const where = pages.get(s.pageId)!;
        if (s.state === 'stored') summary.stored.push({ where, pageId: s.pageId, articleId: s.articleId ?? null });
        else if (s.state === 'failed') summary.failed.push({ where, pageId: s.pageId, reason: `${s.stage ?? ''}: ${s.reason ?? 'failed'}` });
        else still.push(s.pageId);
      }
      open = [...still, ...open.slice(window)];
      progress('waiting');
      if (!open.length || Date.now() > deadline) break;
      await sleep(opts.pollMs ?? 500);
    }
  }
  if (open.length) {
    const last = await opts.client.statuses(open).catch(() => open.map((pageId) => ({ pageId, state: 'unknown' }) as PageStatus));
    for (const s of last) summary.pending.push({ where: pages.get(s.pageId)!, pageId: s.pageId, state: s.state });
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}
