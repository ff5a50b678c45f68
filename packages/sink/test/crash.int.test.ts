import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useHarness } from '@newsflow/testing';
import { openStore, type StoreConfig } from '@newsflow/sink';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { entity, makeArticle } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'packages/sink/dist/main.js');
const TOTAL = 1000;
const h = useHarness();
const tmp = tempDir('sink-crash');
afterAll(() => tmp.remove());

beforeAll(() => {
  // The crash test runs the built entry point, as production does: build it first.
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/sink'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tsc -b packages/sink failed: ${r.stdout}${r.stderr}`);
}, 120_000);

function envFor(cfg: StoreConfig, redisUrl: string, prefix: string): NodeJS.ProcessEnv {
  const store = cfg.kind === 'postgres' ? { SINK: 'postgres', DATABASE_URL: cfg.url } : { SINK: cfg.kind, SQLITE_PATH: cfg.kind === 'sqlite' ? cfg.path : '' };
  return {
    PATH: process.env.PATH,
    REDIS_URL: redisUrl,
    NEWSFLOW_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    // Small batches and few jobs at once: the run must last long enough to be killed in the middle.
    CONCURRENCY: '8',
    SINK_BATCH_SIZE: '8',
    // A killed sink's jobs are taken over after 2 s instead of 30 s.
    SINK_LOCK_DURATION_MS: '2000',
    SINK_STALLED_INTERVAL_MS: '1000',
    ...store,
  };
}

function startSink(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', () => undefined);
  return child;
}

/** Row counts straight from the database, not through the store: what a user's SQL would see. */
async function tableCounts(cfg: StoreConfig): Promise<{ articles: number; distinctIds: number; versions: number; mentions: number; trace: number }> {
  const sql = `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(DISTINCT id) FROM articles) AS "distinctIds",
    (SELECT count(*) FROM article_versions) AS versions, (SELECT count(*) FROM mentions) AS mentions, (SELECT count(*) FROM article_trace) AS trace`;
  if (cfg.kind === 'sqlite') {
    const db = new Database(cfg.path, { readonly: true });
    try {
      return db.prepare(sql).get() as Awaited<ReturnType<typeof tableCounts>>;
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: (cfg as { url: string }).url });
  await c.connect();
  try {
    const r = (await c.query(sql)).rows[0] as Record<string, string>;
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Awaited<ReturnType<typeof tableCounts>>;
  } finally {
    await c.end();
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('kill -9 of %s sinks in the middle of 1,000 articles', (kind) => {
  it('leaves exactly 1,000 articles, once each, after a last sink finishes', async () => {
    const t = h();
    const cfg = await freshStoreConfig(kind, tmp.dir, 'crash');
    const store = t.defer(await openStore(cfg)); // creates the schema; the test reads through it
    const q = t.queues().sink;
    const articles = Array.from({ length: TOTAL }, (_, i) => makeArticle({ n: i + 1, entities: [entity(`Person ${i % 50}`, 'PER')] }));
    await q.addBulk(articles.map((a) => ({ name: 'article', data: a, opts: { jobId: a.pageId } })));

    const env = envFor(cfg, t.redisUrl, t.prefix);
    // Three sinks in turn, each killed with SIGKILL mid-run; each one's in-flight jobs go to the next.
    for (const killAt of [150, 400, 650]) {
      const sink = startSink(env);
      const exited = once(sink, 'exit');
      await eventually(async () => (await store.count()) >= killAt, `a sink to store ${killAt} articles`, 30_000, 10);
      sink.kill('SIGKILL');
      await exited;
      expect(await store.count()).toBeLessThan(TOTAL); // it really died in the middle
    }

    const last = startSink(env);
    try {
      await eventually(async () => {
        const c = await q.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed');
        return c.completed + c.failed === TOTAL ? c : false;
      }, 'every job to finish under the last sink', 60_000, 100);
    } finally {
      last.kill('SIGTERM');
      await once(last, 'exit');
    }
    expect(await q.getJobCounts('failed')).toEqual({ failed: 0 });
    expect(await tableCounts(cfg)).toEqual({ articles: TOTAL, distinctIds: TOTAL, versions: TOTAL, mentions: TOTAL, trace: TOTAL * 5 });
    const ids = new Set<string>();
    for await (const a of store.iterate()) ids.add(a.id);
    expect(ids).toEqual(new Set(articles.map((a) => a.id)));
  });
});
