/** Outcome of one item in a batch: the batch commits the good ones, the bad ones fail alone. */
export type ItemResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatcherOptions<T, R> {
  /** Runs one batch (one transaction); returns a result per item, in order. Throwing fails every item. */
  run(items: T[]): Promise<Array<ItemResult<R>>>;
  /** Most items per batch. @defaultValue 200 */
  maxBatch?: number;
}

interface Pending<T, R> {
  item: T;
  resolve(v: R): void;
  reject(e: unknown): void;
}

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

  constructor(private readonly opts: BatcherOptions<T, R>) {
    this.maxBatch = opts.maxBatch ?? 200;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every item submitted so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length || this.scheduled) {
      if (this.running) await this.running;
      else await new Promise((r) => setImmediate(r));
    }
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

  private async loop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      let results: Array<ItemResult<R>>;
      try {
        results = await this.opts.run(batch.map((p) => p.item));
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
