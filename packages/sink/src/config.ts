import { z } from 'zod';
import { envInt, loadEnv } from '@newsflow/core';

/** Which store the sink writes, and where. */
export type StoreConfig =
  | { kind: 'sqlite'; path: string; batchSize?: number }
  | { kind: 'postgres'; url: string; batchSize?: number; poolSize?: number }
  | { kind: 'jsonl'; path: string; batchSize?: number };

/** Variables that choose and locate the article store. */
export const StoreEnv = z
  .object({
    /** `sqlite` (default, a file), `postgres` (production) or `jsonl` (append-only file, for piping). */
    SINK: z.enum(['sqlite', 'postgres', 'jsonl'], { error: 'SINK must be one of sqlite, postgres, jsonl' }).default('sqlite'),
    /** SQLite database file; its directory is created. */
    SQLITE_PATH: z.string().default('./data/newsflow.db'),
    /** PostgreSQL connection URL, required when SINK=postgres. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    /** JSONL file the jsonl store appends to. */
    JSONL_PATH: z.string().default('./data/articles.jsonl'),
    /** Most writes committed in one transaction. */
    SINK_BATCH_SIZE: envInt('SINK_BATCH_SIZE', 200, 1, 10_000),
    /** PostgreSQL connections per process. */
    PG_POOL_SIZE: envInt('PG_POOL_SIZE', 4, 1, 100),
  })
  .superRefine((v, ctx) => {
    if (v.SINK === 'postgres' && !v.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'DATABASE_URL is required when SINK=postgres (e.g. postgres://user:pass@host:5432/newsflow)' });
    }
  });

/** Read the store choice from env (default: process.env); a ConfigError names the bad variable. */
export function storeConfigFromEnv(source: Record<string, string | undefined> = process.env): StoreConfig {
  const env = loadEnv(StoreEnv, source);
  switch (env.SINK) {
    case 'postgres':
      return { kind: 'postgres', url: env.DATABASE_URL!, batchSize: env.SINK_BATCH_SIZE, poolSize: env.PG_POOL_SIZE };
    case 'jsonl':
      return { kind: 'jsonl', path: env.JSONL_PATH, batchSize: env.SINK_BATCH_SIZE };
    default:
      return { kind: 'sqlite', path: env.SQLITE_PATH, batchSize: env.SINK_BATCH_SIZE };
  }
}

/** A connection URL with its password masked, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Where the store lives, for messages: never prints a password. */
export function describeStore(cfg: StoreConfig): string {
  if (cfg.kind === 'postgres') return `postgres ${redactUrl(cfg.url)}`;
  return `${cfg.kind} ${cfg.path}`;
}
