import { Worker } from 'node:worker_threads';
import { AppError, TransientError } from '@newsflow/core';
import { classifyDbError } from '../db-errors.js';
import { fromWire } from './codes.js';
import type { ConnectionOptions, Role } from './connection.js';
import { BUSY, STOP, newFlags, type Answers, type Call, type Ready, type Reply } from './protocol.js';

/** One of the store's threads as `onSpawn` sees it. */
export interface ThreadHandle {
  readonly role: Role;
  /** Resolves with the exit code once the thread has exited. */
  readonly exited: Promise<number>;
  /**
   * Stops the thread as a crash would: its pending requests fail at once (retryable,
   * SQLITE_THREAD_EXITED) and the next request starts a new thread. The thread itself ends after
   * its current SQLite call; resolves once it has exited.
   */
  kill(): Promise<void>;
}

export interface SqliteThreadOptions extends ConnectionOptions {
  /** Called with each thread as it starts (a restart too); tests use it to kill one. */
  onSpawn?(thread: ThreadHandle): void;
}

/** Longest `process.exit()` waits for a thread's SQLite call to end beyond its busy timeout. */
const EXIT_GRACE_MS = 5_000;

/**
 * The compiled entry beside this file. Run from the TypeScript sources (vitest), the thread's
 * sources bundled into one plain module first (dev-thread.mjs), so tests run its current code.
 */
async function threadEntry(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./thread.js', here);
  const dev = (await import(new URL('./dev-thread.mjs', here).href)) as { threadBundle(): Promise<URL> };
  return dev.threadBundle();
}

/** Threads alive in this process, stopped between two SQLite calls when the process exits. */
const live = new Map<Worker, { flags: Int32Array; waitMs: number }>();
let exitGuard = false;

function guardExit(): void {
  if (exitGuard) return;
  exitGuard = true;
  process.on('exit', () => {
    for (const t of live.values()) Atomics.store(t.flags, STOP, 1);
    for (const t of live.values()) Atomics.wait(t.flags, BUSY, 1, t.waitMs);
  });
}

// Node 20 has it; the ES2023 lib we compile against does not declare it.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: unknown } }).waitAsync;

async function stopAfterCall(w: Worker, flags: Int32Array): Promise<void> {
  Atomics.store(flags, STOP, 1);
  while (Atomics.load(flags, BUSY) === 1) {
    const r = waitAsync(flags, BUSY, 1);
    if (r.async) await r.value;
  }
  await w.terminate();
}

function waitReady(w: Worker): Promise<Ready> {
  return new Promise<Ready>((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (m: Ready) => (done(), resolve(m));
    const onError = (err: unknown) => (done(), reject(classifyDbError(err)));
    const onExit = (code: number) => (done(), reject(new TransientError('SQLITE_THREAD_EXITED', `the SQLite thread exited (code ${code}) before its connection opened`)));
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };

/**
 * One thread owning one SQLite connection, asked over postMessage. Requests are answered in
 * order. While requests are pending the thread keeps the process alive; idle, it does not (a
 * forgotten store never holds a CLI open). A thread that dies rejects its pending requests with a
 * retryable SQLITE_THREAD_EXITED error and is started again by the next request.
 */
export class SqliteThread {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: SqliteThreadOptions) {}

  /** Starts the thread; rejects with the classified error when its connection cannot open. */
  async start(): Promise<void> {
    await this.ensure();
  }

  async call<K extends Call['op']>(call: Extract<Call, { op: K }>): Promise<Answers[K]> {
    if (this.closed) throw new AppError('STORE_CLOSED', 'the store is closed', { retryable: true });
    const w = this.worker ?? (await this.ensure());
    return (await this.send(w, call)) as Answers[K];
  }

  /** Lets queued requests finish, closes the connection and waits for the thread to exit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const w = this.worker ?? (await this.starting?.catch(() => null)) ?? null;
    if (!w) return;
    const exited = new Promise<void>((r) => w.once('exit', () => r()));
    w.ref();
    this.send(w, { op: 'close' }).catch(() => undefined);
    await exited;
  }

  private ensure(): Promise<Worker> {
    return (this.starting ??= this.spawn().finally(() => (this.starting = null)));
  }

  private async spawn(): Promise<Worker> {
    const { onSpawn, ...options } = this.o;
    const flags = newFlags();
    // None of the process's own flags: `--input-type`, `-e` or a preload (`--import`) meant for the
    // main script would break or burden the thread.
    const w = new Worker(await threadEntry(), { workerData: { ...options, flags }, execArgv: [] });
    live.set(w, { flags, waitMs: options.busyTimeoutMs + EXIT_GRACE_MS });
    guardExit();
    const exited = new Promise<number>((r) => w.once('exit', (code) => (live.delete(w), r(code))));
    onSpawn?.({ role: options.role, exited, kill: () => (this.fail(w, 'killed'), stopAfterCall(w, flags)) });
    const ready = await waitReady(w);
    if (!ready.ready) {
      await exited;
      throw classifyDbError(fromWire(ready.error));
    }
    let crash: Error | undefined;
    w.on('message', (r: Reply) => this.onReply(w, r));
    w.on('error', (err) => (crash = err));
    w.on('exit', (code) => this.fail(w, `exit code ${code}${crash ? `: ${crash.message}` : ''}`, crash));
    w.unref();
    this.worker = w;
    return w;
  }

  private send(w: Worker, call: Call): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) w.ref();
      try {
        w.postMessage({ ...call, id });
      } catch (err) {
        // Not cloneable: this request fails, the thread never saw it.
        this.settle(id)?.reject(classifyDbError(err));
      }
    });
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    // Closing, the thread stays referenced until it has exited: close() waits for that.
    if (this.pending.size === 0 && !this.closed) this.worker?.unref();
    return p;
  }

  private onReply(w: Worker, r: Reply): void {
    // A late answer from a thread already given up for dead is not this thread's to deliver.
    if (w !== this.worker) return;
    const p = this.settle(r.id);
    if (r.ok) p?.resolve(r.value);
    else p?.reject(classifyDbError(fromWire(r.error)));
  }

  /** The thread is gone (or given up): its pending requests fail, the next request starts another. */
  private fail(w: Worker, why: string, cause?: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    w.unref();
    if (!this.pending.size) return;
    const err = new TransientError('SQLITE_THREAD_EXITED', `the SQLite ${this.o.role} thread stopped (${why}); it restarts on the next request`, cause);
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) p.reject(err);
  }
}
