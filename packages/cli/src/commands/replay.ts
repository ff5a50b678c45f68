import type { Command } from 'commander';
import { closeRedis } from '@newsflow/core';
import { REPLAY_STAGES, enqueueReplay, isReplayStage } from '@newsflow/sink';
import { CliError, type CliContext } from '../context.js';
import { cliEnv, connectRedis, readRunState, resolveRedis } from '../runtime.js';
import { addFilterOptions, filterFromFlags, openReadStore, type FilterFlags } from './articles.js';

export function register(program: Command, ctx: CliContext): void {
  addFilterOptions(
    program
      .command('replay <stage>')
      .description(`re-run a stage and the ones after it over stored articles (stage: ${REPLAY_STAGES.join(', ')}), e.g. after a model upgrade; the running workers process them and the new trace is stored`),
  )
    .option('--limit <n>', 'at most this many articles')
    .option('--run-id <id>', 'name of this replay (job ids replay-<id>-<article>); the same id again queues nothing new')
    .option('--dry-run', 'count the matching articles, queue nothing')
    .option('--json', 'print {runId, stage, queued} as JSON')
    .action(async (stage: string, o: FilterFlags & { runId?: string; dryRun?: boolean; json?: boolean }) => {
      if (!isReplayStage(stage)) {
        const hint = stage === 'parse' || stage === 'ingest' ? ': the store keeps parsed articles, not raw pages; re-ingest the pages to re-run parse' : '';
        throw new CliError(`cannot replay "${stage}"; choose one of ${REPLAY_STAGES.join(', ')}${hint}`, 2);
      }
      const { limit, ...rest } = o;
      const filter = filterFromFlags(rest);
      delete filter.limit;
      if (limit !== undefined) {
        const n = Number(limit);
        if (!Number.isInteger(n) || n < 1) throw new CliError('--limit must be a whole number ≥ 1', 2);
        filter.limit = n;
      }
      const env = cliEnv();
      const connection = o.dryRun ? null : await connectRedis(resolveRedis(env), 'producer');
      // The prefix of a running `newsflow start` wins over the default, unless NEWSFLOW_PREFIX is set.
      const prefix = process.env.NEWSFLOW_PREFIX ? env.NEWSFLOW_PREFIX : (readRunState(env.NEWSFLOW_HOME)?.prefix ?? env.NEWSFLOW_PREFIX);
      const store = await openReadStore();
      try {
        const r = await enqueueReplay({
          store,
          connection: connection!,
          prefix,
          stage,
          filter,
          dryRun: o.dryRun,
          ...(o.runId ? { runId: o.runId } : {}),
          onProgress: (n) => {
            if (!o.json && n > 0 && n % 1000 === 0) ctx.err(`  ${n} queued…`);
          },
        });
        if (o.json) ctx.out(JSON.stringify({ runId: r.runId, stage: r.stage, queued: r.queued, dryRun: Boolean(o.dryRun) }));
        else if (o.dryRun) ctx.out(`${r.queued} articles would re-enter ${stage}`);
        else ctx.out(`queued ${r.queued} articles into ${stage} (run ${r.runId}); the running workers will re-process them — watch with \`newsflow articles list\``);
      } finally {
        await store.close();
        if (connection) await closeRedis(connection);
      }
    });
}
