import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { benchStore, createTempDatabase, openStore, type StoreBenchResult, type StoreConfig } from '@newsflow/sink';
import { CliError, parentCommand, type CliContext } from '../context.js';

type Kind = 'sqlite' | 'postgres' | 'jsonl';
type Row = StoreBenchResult | { store: Kind; skipped: string };

const positive = (flag: string, v: string, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`${flag} must be a whole number from 1 to ${max}`, 2);
  return n;
};

/** Run one store's benchmark on a throwaway file or database, never on the configured store. */
async function benchOne(kind: Kind, dir: string, count: number, concurrency: number, words: number): Promise<Row> {
  let cfg: StoreConfig;
  let drop: (() => Promise<void>) | undefined;
  if (kind === 'postgres') {
    const server = process.env.DATABASE_URL;
    if (!server) return { store: kind, skipped: 'set DATABASE_URL to a PostgreSQL server (the bench creates a temporary database there and drops it)' };
    try {
      const db = await createTempDatabase(server, 'bench');
      cfg = { kind, url: db.url };
      drop = db.drop;
    } catch (e) {
      throw new CliError(`cannot create a temporary database on DATABASE_URL (needs CREATEDB): ${(e as Error).message}`);
    }
  } else cfg = { kind, path: join(dir, `bench.${kind === 'sqlite' ? 'db' : 'jsonl'}`) };
  const store = await openStore(cfg);
  try {
    return await benchStore(store, { count, concurrency, words });
  } finally {
    await store.close();
    await drop?.().catch(() => undefined);
  }
}

export function register(program: Command, ctx: CliContext): void {
  parentCommand(program, 'bench', 'measure throughput')
    .command('sink')
    .description('article store writes/s: new articles, then the same ones delivered again (the idempotent path), on SQLite, PostgreSQL (DATABASE_URL) and JSONL')
    .option('--count <n>', 'articles per store', '5000')
    .option('--concurrency <n>', 'writes in flight, like the sink worker concurrency', '64')
    .option('--words <n>', 'body words per article', '400')
    .option('--stores <list>', 'comma-separated: sqlite,postgres,jsonl', 'sqlite,postgres')
    .option('--json', 'print the figures as JSON')
    .action(async (o: { count: string; concurrency: string; words: string; stores: string; json?: boolean }) => {
      const count = positive('--count', o.count, 1_000_000);
      const concurrency = positive('--concurrency', o.concurrency, 10_000);
      const words = positive('--words', o.words, 100_000);
      const kinds = o.stores.split(',').map((s) => s.trim()).filter(Boolean);
      for (const k of kinds) if (k !== 'sqlite' && k !== 'postgres' && k !== 'jsonl') throw new CliError(`--stores: unknown store "${k}" (sqlite, postgres, jsonl)`, 2);
      const dir = mkdtempSync(join(tmpdir(), 'newsflow-bench-sink-'));
      const rows: Row[] = [];
      try {
        for (const k of kinds as Kind[]) {
          if (!o.json) ctx.err(`benchmarking ${k}: ${count} articles, ${concurrency} writes in flight…`);
          rows.push(await benchOne(k, dir, count, concurrency, words));
        }
      } finally {
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
      }
    });
}
