import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPostgresUrl } from '@newsflow/testing';
import { createTempDatabase, type StoreConfig } from '@newsflow/sink';

/** A fresh, empty PostgreSQL database on the test server; returns its URL. */
export async function freshPostgresDatabase(label: string): Promise<string> {
  return (await createTempDatabase(testPostgresUrl(), `sink_${label}`)).url;
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `newsflow-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type StoreKind = 'sqlite' | 'postgres' | 'jsonl';

/** A config for a brand-new store of `kind`: a new SQLite or JSONL file, or a new PostgreSQL database. */
export async function freshStoreConfig(kind: StoreKind, dir: string, label: string): Promise<StoreConfig> {
  if (kind === 'postgres') return { kind, url: await freshPostgresDatabase(label) };
  return { kind, path: join(dir, `${label}-${randomBytes(4).toString('hex')}.${kind === 'jsonl' ? 'jsonl' : 'db'}`) };
}
