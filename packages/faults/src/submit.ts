import { createIngestClient, type IngestClient } from '@newsflow/ingest';
import type { Page } from './pages.js';
import type { Api } from './pipeline.js';
import { sleep } from './env.js';

/** A page the API acknowledged (202 accepted, or 200 duplicate of one already queued). */
export interface Ack {
  pageId: string;
  index: number;
  at: number;
}

export interface SubmitterOptions {
  /** Requests in flight at once. @defaultValue 4 */
  concurrency?: number;
  /** Pause between two requests of one lane, to spread the stream over the fault. @defaultValue 0 */
  paceMs?: number;
  /** Called after each acknowledgement (the rollback scenario measures the AOF here). */
  onAck?: (ack: Ack) => void;
}

/**
 * Submits pages through the SDK client, which retries 429/5xx/network errors and honours
 * Retry-After (as a scraper would), and tallies every HTTP status the API answered, so a 500 shows
 * up as a finding even when a retry then succeeded.
 */
export class Submitter {
  readonly acks: Ack[] = [];
  readonly refused: Array<{ index: number; error: string }> = [];
  readonly statuses = new Map<number | string, number>();
  private stopped = false;
  private aborted = false;
  private next = 0;
  private readonly client: IngestClient;

  constructor(
    api: Api,
    private readonly pages: Page[],
    private readonly opts: SubmitterOptions = {},
  ) {
    const tally = (k: number | string) => this.statuses.set(k, (this.statuses.get(k) ?? 0) + 1);
    const counting: typeof fetch = async (input, init) => {
      try {
        const res = await fetch(input, init);
        tally(res.status);
        return res;
      } catch (err) {
        tally('network');
        throw err;
      }
    };
    // A wait between retries that `abort()` cuts short, so a dead API does not hold the run.
    const sleepOrAbort = async (ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; await sleep(Math.min(100, end - Date.now()))) {
        if (this.aborted) throw new Error('submission aborted: the pipeline died');
      }
    };
    // Enough retries to ride out the longest fault in the suite (~30 s) at a 2 s ceiling.
    this.client = createIngestClient({ url: api.url, token: api.token, retries: 40, baseDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: 10_000, timeoutMs: 30_000, fetch: counting, sleep: sleepOrAbort });
  }

  private current: Promise<void> = Promise.resolve();

  /** Submit every page not yet sent (or until `stop()`); resolves when all lanes are done. */
  run(): Promise<void> {
    this.stopped = false;
    this.current = Promise.all(Array.from({ length: this.opts.concurrency ?? 4 }, () => this.lane())).then(() => undefined);
    return this.current;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Stop at once: requests waiting to retry give up (the page counts as never acknowledged). */
  abort(): void {
    this.stopped = true;
    this.aborted = true;
  }

  /**
   * Abort once `down()` has held for `graceMs` in a row: the API process died and nothing will
   * bring it back (an intended restart is quicker). Returns the watchdog's stop function.
   */
  watch(down: () => boolean, graceMs = 15_000): () => void {
    let since: number | null = null;
    const t = setInterval(() => {
      if (!down()) since = null;
      else if (since === null) since = Date.now();
      else if (Date.now() - since >= graceMs) this.abort();
    }, 250);
    return () => clearInterval(t);
  }

  /** Stop sending and wait for the requests in flight; `run()` again resumes with the next page. */
  async pause(): Promise<void> {
    this.stopped = true;
    await this.current;
  }

  /** Resolve when the latest `run()` is done (following a resume). */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.current; ) {
      seen = this.current;
      await seen;
    }
  }

  /** Resolve once `n` pages are acknowledged (or everything was tried). */
  async waitAcks(n: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < n && this.acks.length + this.refused.length < this.pages.length) {
      if (Date.now() > deadline) throw new Error(`only ${this.acks.length} of ${n} pages acknowledged within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private async lane(): Promise<void> {
    while (!this.stopped && this.next < this.pages.length) {
      const page = this.pages[this.next++]!;
      try {
        const r = await this.client.submit({ url: page.url, html: page.html, site: page.site });
        const ack = { pageId: r.pageId, index: page.index, at: Date.now() };
        this.acks.push(ack);
        this.opts.onAck?.(ack);
      } catch (err) {
        this.refused.push({ index: page.index, error: `${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}` });
      }
      if (this.opts.paceMs) await sleep(this.opts.paceMs);
    }
  }

  /** `{202: 40, 500: 3}` as text, for the report. */
  statusSummary(): string {
    return [...this.statuses.entries()].map(([k, v]) => `${k}×${v}`).join(' ');
  }
}
