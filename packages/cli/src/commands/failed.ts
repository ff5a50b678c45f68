import type { Command } from 'commander';
import { AppError, closeRedis } from '@newsflow/core';
import { listFailed, openPipeline, parseStage, purgeFailed, retryFailed, showFailed, type FailedJobSummary, type Pipeline } from '@newsflow/dashboard';
import type { QueueName } from '@newsflow/contracts';
import { CliError, jsonText, terminalCell, terminalSafe, type CliContext } from '../context.js';
import { cliEnv, connectRedis, resolveRedis } from '../runtime.js';

/** Open the pipeline queues on the configured Redis, run `fn`, and close everything. */
async function withPipeline<T>(fn: (p: Pipeline) => Promise<T>): Promise<T> {
  const env = cliEnv();
  const conn = await connectRedis(resolveRedis(env), 'producer');
  const p = openPipeline(conn, env.NEWSFLOW_PREFIX);
  try {
    return await fn(p);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) throw new CliError(err.message, 2);
    throw err;
  } finally {
    await p.close();
    await closeRedis(conn);
  }
}

function stageOpt(v: string | undefined): QueueName | undefined {
  try {
    return parseStage(v, '--stage');
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
}

function limitOpt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new CliError(`--limit must be a whole number from 1 to 10000, got "${v}"`, 2);
  return n;
}

function line(f: FailedJobSummary): string {
  const when = f.failedAt ? f.failedAt.replace('T', ' ').slice(0, 19) : '-';
  return `${f.stage.padEnd(7)} ${f.id.padEnd(34)} ${when}  ×${f.attemptsMade}  ${terminalCell(f.reason).replace(/\s+/g, ' ').slice(0, 160)}${f.url ? `\n${' '.repeat(8)}${terminalCell(f.url)}` : ''}`;
}

export function register(program: Command, ctx: CliContext): void {
  const failed = program
    .command('failed')
    .description('inspect, retry and purge jobs that failed (kept 7 days); uses REDIS_URL or the Redis of `newsflow start`');

  failed
    .command('list')
    .description('failed jobs, newest first, with their reasons')
    .option('--stage <stage>', 'only this stage: ingest, parse, entity, dedupe, sink')
    .option('--code <CODE>', 'only failures with this reason code, e.g. VALIDATION_FAILED or EMPTY_PAGE')
    .option('--limit <n>', 'at most this many', limitOpt, 50)
    .option('--json', 'one JSON array')
    .action(async (o: { stage?: string; code?: string; limit: number; json?: boolean }) => {
      const stage = stageOpt(o.stage);
      if (o.code !== undefined && !/^[A-Z][A-Z0-9_]{1,63}$/.test(o.code)) throw new CliError(`--code must be a reason code such as VALIDATION_FAILED, got "${o.code}"`, 2);
      const items = await withPipeline((p) => listFailed(p, { stage, code: o.code, limit: o.limit }));
      if (o.json) return ctx.out(jsonText(items, 2));
      if (items.length === 0) return ctx.out(`no failed jobs${o.code ? ` with code ${o.code}` : ''}${stage ? ` in ${stage}` : ''}`);
      for (const f of items) ctx.out(line(f));
      ctx.out(`${items.length} failed job(s) shown; \`newsflow failed show <id>\` for details, \`newsflow failed retry <id>\` to retry`);
    });

  failed
    .command('show')
    .description('one failed job: reason, stack trace and payload')
    .argument('<id>', 'job id (as in `failed list`)')
    .option('--stage <stage>', 'the stage it failed in (default: search all)')
    .option('--json', 'as JSON')
    .action(async (id: string, o: { stage?: string; json?: boolean }) => {
      const stage = stageOpt(o.stage);
      const d = await withPipeline((p) => showFailed(p, id, stage));
      if (o.json) return ctx.out(jsonText(d, 2));
      ctx.out(`job:       ${d.id}`);
      ctx.out(`stage:     ${d.stage}`);
      if (d.url) ctx.out(`url:       ${terminalCell(d.url)}`);
      ctx.out(`reason:    ${terminalSafe(d.reason)}`);
      ctx.out(`attempts:  ${d.attemptsMade}`);
      ctx.out(`queued:    ${d.enqueuedAt ?? '-'}`);
      ctx.out(`failed:    ${d.failedAt ?? '-'}`);
      if (d.stacktrace.length) ctx.out(`stack:\n${d.stacktrace.at(-1)}`);
      const payload = jsonText(d.data, 2);
      ctx.out(`payload (${payload.length} chars):\n${payload.length > 4000 ? `${payload.slice(0, 4000)}\n… (use --json for all of it)` : payload}`);
    });

  failed
    .command('retry')
    .description('move failed jobs back to waiting: one by id, or every failed job of --stage (or --all)')
    .argument('[id]', 'job id')
    .option('--stage <stage>', 'the stage (with an id: where it failed; without: retry all of its failed jobs)')
    .option('--all', 'retry every failed job of every stage')
    .option('--json', 'print {"retried": n}')
    .action(async (id: string | undefined, o: { stage?: string; all?: boolean; json?: boolean }) => {
      const stage = stageOpt(o.stage);
      if (!id && !stage && !o.all) throw new CliError('give a job id, --stage <stage>, or --all', 2);
      const n = await withPipeline((p) => retryFailed(p, { id, stage }));
      ctx.out(o.json ? JSON.stringify({ retried: n }) : `retried ${n} job(s)`);
    });

  failed
    .command('purge')
    .description('delete failed jobs of --stage (or --all stages) for good')
    .option('--stage <stage>', 'only this stage')
    .option('--all', 'every stage')
    .option('--json', 'print {"purged": n}')
    .action(async (o: { stage?: string; all?: boolean; json?: boolean }) => {
      const stage = stageOpt(o.stage);
      if (!stage && !o.all) throw new CliError('give --stage <stage> or --all', 2);
      const n = await withPipeline((p) => purgeFailed(p, { stage }));
      ctx.out(o.json ? JSON.stringify({ purged: n }) : `purged ${n} failed job(s)`);
    });
}
