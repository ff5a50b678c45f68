import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './batcher.js';

describe('WriteBatcher', () => {
  it('writes concurrent calls in one batch and later calls in the next', async () => {
    const batches: number[][] = [];
    const b = new WriteBatcher<number, number>({ run: async (xs) => (batches.push(xs), xs.map((x) => ({ ok: true as const, value: x * 10 }))) });
    expect(await Promise.all([1, 2, 3].map((x) => b.submit(x)))).toEqual([10, 20, 30]);
    expect(await b.submit(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const b = new WriteBatcher<number, number>({ maxBatch: 2, run: async (xs) => (sizes.push(xs.length), xs.map((x) => ({ ok: true as const, value: x }))) });
    await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('fails only the item the batch says failed, and every item when the batch throws', async () => {
    let broken = false;
    const b = new WriteBatcher<number, number>({
      run: async (xs) => {
        if (broken) throw new Error('database down');
        return xs.map((x) => (x === 2 ? { ok: false as const, error: new Error('bad row 2') } : { ok: true as const, value: x }));
      },
    });
    const r = await Promise.allSettled([1, 2, 3].map((x) => b.submit(x)));
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((r[1] as PromiseRejectedResult).reason.message).toBe('bad row 2');
    broken = true;
    const all = await Promise.allSettled([4, 5].map((x) => b.submit(x)));
    expect(all.every((x) => x.status === 'rejected' && x.reason.message === 'database down')).toBe(true);
  });

  it('drain waits for writes in flight', async () => {
    const done: number[] = [];
    const b = new WriteBatcher<number, void>({ run: async (xs) => (await new Promise((r) => setTimeout(r, 20)), done.push(...xs), xs.map(() => ({ ok: true as const, value: undefined }))) });
    void b.submit(1);
    void b.submit(2);
    await b.drain();
    expect(done).toEqual([1, 2]);
  });

  it('retries a batch in place while the store is unavailable, reports the failure meanwhile, and forgets it on success', async () => {
    let downFor = 3;
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const seen: Array<string | null> = [];
    const b = new WriteBatcher<number, number>({
      retryable: (e) => e === down,
      run: async (xs) => {
        seen.push(b.health().failure ? 'failing' : null);
        if (downFor-- > 0) throw down;
        return xs.map((x) => ({ ok: true as const, value: x }));
      },
    });
    expect(await Promise.all([1, 2].map((x) => b.submit(x)))).toEqual([1, 2]);
    expect(seen).toEqual([null, 'failing', 'failing', 'failing']);
    expect(b.health().failure).toBeNull();
  });

  it('gives up after the retry window, and at once when closing, failing the batch with the last error', async () => {
    const down = new Error('database is locked');
    const b = new WriteBatcher<number, number>({ retryable: () => true, retryWindowMs: 300, run: async () => Promise.reject(down) });
    const started = Date.now();
    await expect(b.submit(1)).rejects.toBe(down);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(b.health().failure?.error).toBe(down);

    const slow = new WriteBatcher<number, number>({ retryable: () => true, retryWindowMs: 60_000, run: async () => Promise.reject(down) });
    const pending = slow.submit(1);
    await new Promise((r) => setTimeout(r, 50));
    const closing = Date.now();
    await slow.close();
    await expect(pending).rejects.toBe(down);
    expect(Date.now() - closing).toBeLessThan(5_000);
  });
});
