import type { Command } from 'commander';
import { closeRedis } from '@newsflow/core';
import { addFeed, checkFeedUrl, createFeedsQueue, feedOptionsFromEnv, listFeeds, parseEvery, removeFeed } from '@newsflow/ingest';
import { CliError, type CliContext } from '../context.js';
import { cliEnv, connectRedis, readRunState, resolveRedis } from '../runtime.js';

function human(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** Run `fn` with the feeds queue on the Redis other commands use (REDIS_URL or a running `newsflow start`). */
async function withFeeds<T>(fn: (q: ReturnType<typeof createFeedsQueue>, conn: Awaited<ReturnType<typeof connectRedis>>, prefix: string) => Promise<T>): Promise<T> {
  const env = cliEnv();
  const target = resolveRedis(env);
  // Same prefix as the running pipeline: explicit NEWSFLOW_PREFIX, else the run state's, else the default.
  const prefix = process.env.NEWSFLOW_PREFIX ? env.NEWSFLOW_PREFIX : (readRunState(env.NEWSFLOW_HOME)?.prefix ?? env.NEWSFLOW_PREFIX);
  const conn = await connectRedis(target, 'producer');
  const q = createFeedsQueue(conn, prefix);
  try {
    return await fn(q, conn, prefix);
  } finally {
    await q.close().catch(() => undefined);
    await closeRedis(conn);
  }
}

export function register(program: Command, ctx: CliContext): void {
  const feeds = program.command('feeds').description('RSS, Atom and sitemap feeds polled by `newsflow start` (new article pages are ingested)');

  feeds
    .command('add')
    .description('poll a feed now and then every interval')
    .argument('<url>', 'feed URL: RSS 2.0, Atom, an XML sitemap or sitemap index (Google News sitemaps too)')
    .option('--every <interval>', 'how often: 90s, 5m, 2h, 1d (at least 10s)', '5m')
    .option('--site <name>', 'site name for its pages, when the feed does not give one')
    .option('--language <tag>', 'language hint (BCP 47) for its pages')
    .action(async (url: string, o: { every: string; site?: string; language?: string }) => {
      let everyMs: number;
      // A private address is refused here, before Redis, not at the first poll (FEEDS_ALLOW_PRIVATE allows it).
      const check = { allowPrivateAddresses: feedOptionsFromEnv().fetch?.allowPrivateAddresses ?? false };
      try {
        everyMs = parseEvery(o.every);
        await checkFeedUrl(url, check);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const info = await withFeeds((q) => addFeed(q, { url, everyMs, ...(o.site ? { site: o.site } : {}), ...(o.language ? { language: o.language } : {}) }, check));
      ctx.out(`feed ${info.id}: ${info.url} every ${human(info.everyMs)} (polled by a running \`newsflow start\`)`);
    });

  feeds
    .command('list')
    .description('registered feeds')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await withFeeds(async (q, conn, prefix) => {
        const all = await listFeeds(q);
        return Promise.all(all.map(async (f) => ({ ...f, state: (await conn.hgetall(`${prefix}:feeds:state:${f.id}`)) as Record<string, string> })));
      });
      if (o.json) return ctx.out(JSON.stringify(list, null, 2));
      if (!list.length) return ctx.out('no feeds; add one with `newsflow feeds add <url> --every 5m`');
      for (const f of list) {
        const last = f.state.lastError
          ? `last poll ${f.state.lastPolledAt} failed: ${f.state.lastError}`
          : f.state.lastPolledAt
            ? `last polled ${f.state.lastPolledAt} (HTTP ${f.state.lastStatus}, ${f.state.lastIngested ?? 0} new)`
            : 'not polled yet';
        ctx.out(`${f.id}  every ${human(f.everyMs).padEnd(5)} ${f.url}  ${last}`);
      }
    });

  feeds
    .command('remove')
    .description('stop polling a feed')
    .argument('<id-or-url>', 'feed id (feed-…) or URL')
    .action(async (idOrUrl: string) => {
      const removed = await withFeeds((q, conn, prefix) => removeFeed(q, idOrUrl, conn, prefix));
      if (!removed) throw new CliError(`no feed ${idOrUrl} (see \`newsflow feeds list\`)`);
      ctx.out(`removed ${idOrUrl}`);
    });
}
