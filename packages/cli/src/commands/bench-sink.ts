import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  POSTGRES_INSTALL_HINT,
  closeRedis,
  createRedis,
  findPostgresBin,
  silentLogger,
  startPostgresServer,
  startRedisServer,
  waitForRedis,
  type PostgresServerHandle,
  type RedisConnection,
} from '@newsflow/core';
import { benchStore, benchWorker, createTempDatabase, openStore, type ArticleStore, type StoreBenchResult } from '@newsflow/sink';
import { CliError, parentCommand, type CliContext } from '../context.js';

type Kind = 'sqlite' | 'postgres' | 'jsonl';
type WorkerFigures = { jobs: number; seconds: number; jobsPerSec: number };
type Row = (StoreBenchResult & { worker?: WorkerFigures }) | { store: Kind; skipped: string };

const positive = (flag: string, v: string, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`${flag} must be a whole number from 1 to ${max}`, 2);
  return n;
};

/** A throwaway store of `kind` (never the configured one), or why it cannot be made. */
async function throwaway(kind: Kind, dir: string, label: string): Promise<{ store: ArticleStore; dispose(): Promise<void> } | string> {
  if (kind !== 'postgres') {
    const store = await openStore({ kind, path: join(dir, `${label}.${kind === 'sqlite' ? 'db' : 'jsonl'}`) });
    return { store, dispose: () => store.close() };
  }
  const server = process.env.DATABASE_URL ?? (await privatePostgres());
  if (!server) return `no DATABASE_URL and no local PostgreSQL binaries to start a private one.\n${POSTGRES_INSTALL_HINT}`;
  let db: Awaited<ReturnType<typeof createTempDatabase>>;
  try {
    db = await createTempDatabase(server, 'bench');
  } catch (e) {
    throw new CliError(`cannot create a temporary database on DATABASE_URL (needs CREATEDB): ${(e as Error).message}`);
  }
  const store = await openStore({ kind, url: db.url });
  return { store, dispose: async () => (await store.close(), await db.drop().catch(() => undefined)) };
}

let pgServer: PostgresServerHandle | null = null;

/** A private PostgreSQL (fsync on, like production) for the run when DATABASE_URL is unset; null without binaries. */
async function privatePostgres(): Promise<string | null> {
  if (pgServer) return pgServer.url;
  if (!findPostgresBin()) return null;
  // Its own temp dir: the postgres user (when running as root) cannot enter our private one.
  pgServer = await startPostgresServer({ dir: mkdtempSync(join(tmpdir(), 'newsflow-bench-pg-')) });
  process.stderr.write(`using a private PostgreSQL on ${pgServer.url} (set DATABASE_URL to measure against yours)\n`);
  return pgServer.url;
}

/** REDIS_URL with a private prefix, else a private redis-server in `dir` (stopped by `stop`). */
async function benchRedis(dir: string): Promise<{ connection: RedisConnection; stop(): Promise<void> }> {
  const url = process.env.REDIS_URL;
  const server = url ? null : await startRedisServer({ dir: join(dir, 'redis'), appendonly: false });
  const connection = createRedis({ url: url ?? server!.url }, 'worker');
  connection.on('error', () => undefined);
  await waitForRedis(connection, 10_000);
  return { connection, stop: async () => (await closeRedis(connection), await server?.stop()) };
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure throughput')
    .command('sink')
    .description('article store writes/s: new articles, then the same ones delivered again (the idempotent path), on SQLite, PostgreSQL (DATABASE_URL, else a private server from the local binaries) and JSONL; --worker adds the sink stage draining a queue')
    .option('--count <n>', 'articles per store', '5000')
    .option('--concurrency <n>', 'writes in flight, like the sink worker concurrency', '64')
    .option('--words <n>', 'body words per article', '400')
    .option('--stores <list>', 'comma-separated: sqlite,postgres,jsonl', 'sqlite,postgres')
    .option('--worker', 'also time a sink worker draining --count queued jobs (REDIS_URL, else a private redis-server)')
    .option('--json', 'print the figures as JSON')
    .action(async (o: { count: string; concurrency: string; words: string; stores: string; worker?: boolean; json?: boolean }) => {
      const count = positive('--count', o.count, 1_000_000);
      const concurrency = positive('--concurrency', o.concurrency, 10_000);
      const words = positive('--words', o.words, 100_000);
      const kinds = o.stores.split(',').map((s) => s.trim()).filter(Boolean);
      for (const k of kinds) if (k !== 'sqlite' && k !== 'postgres' && k !== 'jsonl') throw new CliError(`--stores: unknown store "${k}" (sqlite, postgres, jsonl)`, 2);
      const dir = mkdtempSync(join(tmpdir(), 'newsflow-bench-sink-'));
      const redis = o.worker ? await benchRedis(dir) : null;
      const rows: Row[] = [];
      try {
        for (const kind of kinds as Kind[]) {
          if (!o.json) ctx.err(`benchmarking ${kind}: ${count} articles, ${concurrency} writes in flight…`);
          const direct = await throwaway(kind, dir, 'direct');
          if (typeof direct === 'string') {
            rows.push({ store: kind, skipped: direct });
            continue;
          }
          let row: Row;
          try {
            row = await benchStore(direct.store, { count, concurrency, words });
          } finally {
            await direct.dispose();
          }
          if (redis) {
            const viaQueue = await throwaway(kind, dir, 'worker');
            if (typeof viaQueue === 'string') throw new CliError(viaQueue);
            try {
              const prefix = `{bench${Date.now().toString(36)}}`;
              row.worker = await benchWorker({ store: viaQueue.store, connection: redis.connection, prefix, logger: silentLogger(), count, concurrency, words });
            } finally {
              await viaQueue.dispose();
            }
          }
          rows.push(row);
        }
      } finally {
        await redis?.stop();
        await pgServer?.stop().catch(() => undefined);
        pgServer = null;
        rmSync(dir, { recursive: true, force: true });
      }
      if (o.json) {
        ctx.out(JSON.stringify({ count, concurrency, words, results: rows }, null, 2));
        return;
      }
      ctx.out('store     phase       writes/s   p50 ms   p99 ms   seconds');
      for (const r of rows) {
        if ('skipped' in r) {
          ctx.out(`${r.store.padEnd(9)} skipped: ${r.skipped}`);
          continue;
        }
        for (const [name, f] of [['insert', r.insert], ['redeliver', r.redeliver]] as const) {
          ctx.out(`${r.store.padEnd(9)} ${name.padEnd(10)} ${String(f.writesPerSec).padStart(9)} ${String(f.p50Ms).padStart(8)} ${String(f.p99Ms).padStart(8)} ${String(f.seconds).padStart(9)}`);
        }
        if (r.worker) ctx.out(`${r.store.padEnd(9)} ${'worker'.padEnd(10)} ${String(r.worker.jobsPerSec).padStart(9)} ${'—'.padStart(8)} ${'—'.padStart(8)} ${String(r.worker.seconds).padStart(9)}`);
      }
    });
}
