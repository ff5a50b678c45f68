import { openJsonlStore } from './jsonl/store.js';
import type { StoreConfig } from './config.js';
import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite/store.js';
import type { ArticleStore } from './types.js';

export interface OpenStoreOptions {
  /** @defaultValue () => new Date() */
  clock?: () => Date;
}

/** Open the configured store, applying any schema migrations it has not seen yet. */
export async function openStore(cfg: StoreConfig, opts: OpenStoreOptions = {}): Promise<ArticleStore> {
  switch (cfg.kind) {
    case 'sqlite':
      return openSqliteStore({ path: cfg.path, batchSize: cfg.batchSize, clock: opts.clock });
    case 'postgres':
      return openPostgresStore({ url: cfg.url, batchSize: cfg.batchSize, poolSize: cfg.poolSize, clock: opts.clock });
    case 'jsonl':
      return openJsonlStore({ path: cfg.path, batchSize: cfg.batchSize, clock: opts.clock });
  }
}
