/** Outcome of one item in a batch: the batch commits the good ones, the bad ones fail alone. */
export type ItemResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatcherOptions<T, R> {
  /** Runs one batch (one transaction); returns a result per item, in order. Throwing fails every item. */
  run(items: T[]): Promise<Array<ItemResult<R>>>;
  /** Most items per batch. @defaultValue 200 */
  maxBatch?: number;
  /**
   * Errors for which a failed batch is run again in place, with backoff, instead of failing its
   * items: the database being away, busy or full. @defaultValue () => false
   */
  retryable?: (err: unknown) => boolean;
  /**
   * How long a batch is retried in place before its items fail (and their jobs go back to the
   * queue's own backoff). Waiting here costs no job attempt, and the event loop stays free.
   * @defaultValue 20000
   */
  retryWindowMs?: number;
}

interface Pending<T, R> {
  item: T;
  resolve(v: R): void;
  reject(e: unknown): void;
}

/** What the batcher knows about the store's writes, for `probe()`. */
export interface WriteHealth {
  /** The error of the last batch that failed, if no batch has succeeded since. */
  failure: { error: unknown; at: Date } | null;
  /** Since when the running batch has been waiting, or null when none runs. */
  runningSince: Date | null;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/**
 * Micro-batching for concurrent callers: calls made while a batch is being written are collected
 * and written together in the next one, so N concurrent jobs cost about one transaction rather
 * than N. One batch runs at a time, which also keeps writes to one article in arrival order.
 */
export class WriteBatcher<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private running: Promise<void> | null = null;
  private scheduled = false;
  private readonly maxBatch: number;
  private failure: WriteHealth['failure'] = null;
  private runningSince: Date | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: BatcherOptions<T, R>) {
    this.maxBatch = opts.maxBatch ?? 200;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  health(): WriteHealth {
    return { failure: this.failure, runningSince: this.runningSince };
  }

  /** A probe wrote successfully: the last failure no longer describes the store. */
  recovered(): void {
    this.failure = null;
  }

  /** Resolves when every item submitted so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length || this.scheduled) {
      if (this.running) await this.running;
      else await new Promise((r) => setImmediate(r));
    }
  }

  /** Stop retrying in place (the store is closing): a waiting batch fails with its last error. */
  async close(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.drain();
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // One macrotask of slack lets callers that are already resolving join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.loop().finally(() => {
        this.running = null;
        if (this.queue.length) this.schedule();
      });
    });
  }

  private async runWithRetry(items: T[]): Promise<Array<ItemResult<R>>> {
    const started = Date.now();
    const window = this.opts.retryWindowMs ?? 20_000;
    this.runningSince = new Date(started);
    try {
      for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
        try {
          const results = await this.opts.run(items);
          this.failure = null;
          return results;
        } catch (err) {
          this.failure = { error: err, at: new Date() };
          if (this.stopping || !this.opts.retryable?.(err) || Date.now() - started + delay > window) throw err;
          await this.sleep(delay / 2 + (Math.random() * delay) / 2);
        }
      }
    } finally {
      this.runningSince = null;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = null));
  }

  private async loop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      let results: Array<ItemResult<R>>;
      try {
        results = await this.runWithRetry(batch.map((p) => p.item));
      } catch (err) {
        for (const p of batch) p.reject(err);
        continue;
      }
      batch.forEach((p, i) => {
        const r = results[i];
        if (!r) p.reject(new Error('batch returned no result for this item'));
        else if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      });
    }
  }
}
