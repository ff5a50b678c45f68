import type { Command } from 'commander';
import { AppError } from '@newsflow/core';
import { loadCorpus, runDedupeBench, type BenchReport } from '@newsflow/dedupe';
import { CliError, parentCommand, type CliContext } from '../context.js';
import { cliEnv, connectRedis, resolveRedis } from '../runtime.js';
import { addTuningFlags, dedupeOptionsFromFlags, privateRedis } from './eval-dedupe.js';

interface BenchDedupeFlags {
  articles: string;
  words: string;
  dupRate: string;
  storyRate: string;
  stories: boolean;
  seed: string;
  json?: boolean;
  useRedisUrl?: boolean;
  maxEntries?: string;
  jaccard?: string;
  containment?: string;
  shingleSize?: string;
  bands?: string;
  rows?: string;
}

function int(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${flag}: must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

function format(r: BenchReport): string[] {
  const p = (x: { p50: number; p99: number; mean: number }) => `p50 ${x.p50.toFixed(3)} ms  p99 ${x.p99.toFixed(3)} ms  mean ${x.mean.toFixed(3)} ms`;
  return [
    `indexed ${r.articles} articles of ${r.wordsPerArticle} words in ${r.wallSeconds} s`,
    `lookup+insert (Redis, one at a time): ${p(r.lookupInsertMs)}`,
    `  last 10% (index full):              ${p(r.lookupInsertLastTenthMs)}`,
    `  inside Redis:                       ${r.redisScriptUsPerCall} µs per script call, ${r.redisScriptUsPerArticle} µs per article (INFO commandstats)`,
    `fingerprint (MinHash + bands, CPU):   ${p(r.fingerprintMs)}`,
    `Redis memory: ${r.redisBytesPerArticle} bytes per indexed article (used_memory ${(r.redisUsedMemoryBytes / 1048576).toFixed(1)} MiB; bound ${r.maxEntries} entries)`,
    `  growth by articles indexed: ${r.memory.map((m) => `${m.indexed}: ${(m.bytes / 1048576).toFixed(1)} MiB`).join(', ')}`,
    `planted copies found: ${r.found} of ${r.planted}`,
    ...(r.stories
      ? [
          `story assignment (features, read, score, atomic commit): ${p(r.stories.assignMs)}`,
          `  last 10% (index full):              ${p(r.stories.assignLastTenthMs)}`,
          `  p99 by tenth of the run:            ${r.stories.assignP99ByTenthMs.map((x) => x.toFixed(2)).join(' ')} ms`,
          `  worker CPU per assignment:          ${p(r.stories.assignCpuMs)}`,
          `dedupe + story per article:           ${p(r.stories.perArticleMs)}`,
          `story Redis memory: ${r.stories.redisBytesPerArticle} bytes per article (MEMORY USAGE of the story keys)`,
          `planted reports of an earlier story joined it: ${r.stories.joined} of ${r.stories.planted}; commit retries ${r.stories.retries}`,
          '(Redis figures above count the dedupe and the story script calls together)',
        ]
      : []),
  ];
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = parentCommand(program, 'bench', 'Measure speed and resource use')
    .command('dedupe')
    .description('Index many articles and report lookup+insert latency and Redis bytes per article')
    .argument('[corpus...]', 'article files or directories whose words the synthetic articles are drawn from (JSON, JSONL, XML, TXT)')
    .option('--articles <n>', 'articles to index', '100000')
    .option('--words <n>', 'words per article', '400')
    .option('--dup-rate <x>', 'share of articles that are edited copies of an earlier one', '0.1')
    .option('--story-rate <x>', 'share of articles that report an earlier article\'s story in other words', '0.1')
    .option('--no-stories', 'leave out the story assignment')
    .option('--seed <n>', 'random seed', '1')
    .option('--max-entries <n>', 'count bound of the index (DEDUPE_MAX_ENTRIES; default 200000): memory stays flat past it')
    .option('--use-redis-url', 'run against REDIS_URL (or a running `newsflow start`) instead of a private redis-server; memory figures then include other traffic')
    .option('--json', 'print the report as JSON');
  addTuningFlags(cmd).action(async (paths: string[], f: BenchDedupeFlags) => {
      const articles = int('--articles', f.articles, 1, 10_000_000);
      const words = int('--words', f.words, 10, 100_000);
      const dupRate = Number(f.dupRate);
      if (!(dupRate >= 0 && dupRate < 1)) throw new CliError(`--dup-rate: must be from 0 to below 1, got "${f.dupRate}"`);
      let corpus: string[] | undefined;
      if (paths.length) {
        try {
          corpus = loadCorpus(paths).articles.map((a) => a.text);
        } catch (e) {
          throw e instanceof AppError ? new CliError(e.message) : e;
        }
        if (!corpus.length) throw new CliError(`no article texts found in ${paths.join(', ')}`);
      }
      const target = f.useRedisUrl ? await connectRedis(resolveRedis(cliEnv()), 'worker').then((redis) => ({ redis, close: async () => void redis.disconnect() })) : await privateRedis();
      try {
        const report = await runDedupeBench({
          redis: target.redis,
          articles,
          wordsPerArticle: words,
          dupRate,
          stories: f.stories,
          storyRate: Number(f.storyRate),
          corpus,
          seed: int('--seed', f.seed, 0, 2 ** 31),
          options: { ...dedupeOptionsFromFlags(f), maxEntries: f.maxEntries === undefined ? undefined : int('--max-entries', f.maxEntries, 100, 20_000_000) },
          onProgress: f.json ? undefined : (done, total) => done % 10_000 === 0 && ctx.err(`  ${done}/${total}`),
        });
        if (f.json) ctx.out(JSON.stringify(report));
        else for (const l of format(report)) ctx.out(l);
      } finally {
        await target.close();
      }
    });
}
