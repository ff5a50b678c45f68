import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError, closeRedis, createRedis, startRedisServer, waitForRedis, type RedisConnection } from '@newsflow/core';
import { evaluatePairs, loadCorpus, makePairs, parsePairs, resolveOptions, type DedupeOptions, type EvalReport } from '@newsflow/dedupe';
import { CliError, parentCommand, type CliContext } from '../context.js';

interface EvalDedupeFlags {
  pairs?: string;
  makePairs?: boolean;
  from?: string[];
  out?: string;
  style?: string;
  seed?: string;
  templates?: string;
  json?: boolean;
  jaccard?: string;
  containment?: string;
  shingleSize?: string;
  bands?: string;
  rows?: string;
}

function num(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new CliError(`${flag}: must be a number from ${min} to ${max}, got "${v}"`);
  return n;
}

/** Options shared by `eval dedupe` and `bench dedupe`. */
export function dedupeOptionsFromFlags(f: { jaccard?: string; containment?: string; shingleSize?: string; bands?: string; rows?: string }): DedupeOptions {
  const bands = num('--bands', f.bands, 1, 1024);
  const rows = num('--rows', f.rows, 1, 64);
  const o: DedupeOptions = {
    jaccardThreshold: num('--jaccard', f.jaccard, 0, 1),
    containmentThreshold: num('--containment', f.containment, 0, 1),
    shingleSize: num('--shingle-size', f.shingleSize, 1, 20),
    bands,
    rows,
  };
  // The signature length follows the band layout when either is given.
  if (bands !== undefined || rows !== undefined) o.numPerm = (bands ?? 64) * (rows ?? 2);
  wrap(() => resolveOptions(o));
  return o;
}

/** Flags for the index tuning, shared by `eval dedupe` and `bench dedupe`. */
export function addTuningFlags(cmd: Command): Command {
  return cmd
    .option('--jaccard <x>', 'Jaccard threshold (default 0.5)')
    .option('--containment <x>', 'containment threshold (default 0.8)')
    .option('--shingle-size <n>', 'words per shingle (default 3)')
    .option('--bands <n>', 'LSH bands (default 64)')
    .option('--rows <n>', 'signature values per band (default 2)');
}

/** A throwaway redis-server in a temp dir, so evaluation never touches a user's data. */
export async function privateRedis(): Promise<{ redis: RedisConnection; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-dedupe-'));
  try {
    const srv = await startRedisServer({ dir, appendonly: false });
    const redis = createRedis({ url: srv.url }, 'worker');
    redis.on('error', () => undefined);
    await waitForRedis(redis);
    return {
      redis,
      async close() {
        await closeRedis(redis);
        await srv.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e instanceof AppError ? new CliError(e.message) : e;
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

export function formatReport(r: EvalReport): string[] {
  const lines = [
    `pairs: ${r.pairs}   duplicate: precision ${r.precision.toFixed(4)}  recall ${r.recall.toFixed(4)}  F1 ${r.f1.toFixed(4)}`,
    `confusion: tp ${r.tp}  fp ${r.fp}  tn ${r.tn}  fn ${r.fn}`,
    '',
    'kind                   pairs     tp     fp     tn     fn  related   correct',
  ];
  for (const [kind, k] of Object.entries(r.byKind).sort()) {
    lines.push(`${kind.padEnd(20)} ${[k.pairs, k.tp, k.fp, k.tn, k.fn].map((n) => String(n).padStart(6)).join(' ')} ${String(k.related).padStart(8)}   ${pct(k.accuracy)}`);
  }
  lines.push('(related: pairs where the index reported b as a follow-up of a; they count as negatives)');
  if (r.misses.length) {
    lines.push('', 'misclassified (first ones):');
    for (const m of r.misses) lines.push(`  line ${m.line} [${m.kind}] expected ${m.label}, similarity ${m.similarity ?? '-'}: ${m.a}  vs  ${m.b}`);
  }
  return lines;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = parentCommand(program, 'eval', 'Measure quality on labelled data')
    .command('dedupe')
    .description('Score duplicate detection on labelled pairs, or build a pair file from article bodies')
    .option('--pairs <file>', 'JSONL pairs: {"a":{url,title,text},"b":{…},"label":"duplicate"|"distinct","kind"?}')
    .option('--make-pairs', 'build a pair file instead of scoring one')
    .option('--from <path...>', 'with --make-pairs: article files or directories (JSON, JSONL, XML, TXT); a SemEval CSV adds hard negatives; follow-ups are made from the articles')
    .option('--out <file>', 'with --make-pairs: where to write the JSONL pairs')
    .option('--style <style>', 'with --make-pairs: standard | heldout', 'standard')
    .option('--seed <n>', 'with --make-pairs: random seed', '1')
    .option('--templates <n>', 'with --make-pairs: template-brief pairs per frame family (earnings, market, sports, weather, court); 0 for none', '40')
    .option('--json', 'print the report as JSON');
  addTuningFlags(cmd).action(async (f: EvalDedupeFlags) => {
      if (f.makePairs) {
        if (!f.from?.length) throw new CliError('--make-pairs needs --from DIR_OR_FILE');
        if (!f.out) throw new CliError('--make-pairs needs --out FILE.jsonl');
        if (f.style !== 'standard' && f.style !== 'heldout') throw new CliError(`--style: must be standard or heldout, got "${f.style}"`);
        const corpus = wrap(() => loadCorpus(f.from!));
        const pairs = makePairs(corpus, { style: f.style, seed: num('--seed', f.seed, 0, 2 ** 31), templates: wholeNumber('--templates', f.templates) });
        writeFileSync(f.out, pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
        const counts: Record<string, number> = {};
        for (const p of pairs) counts[p.kind ?? '(none)'] = (counts[p.kind ?? '(none)'] ?? 0) + 1;
        if (f.json) ctx.out(JSON.stringify({ out: f.out, pairs: pairs.length, articles: corpus.articles.length, storyPairs: corpus.storyPairs.length, byKind: counts }));
        else {
          ctx.out(`wrote ${pairs.length} pairs to ${f.out} (${corpus.articles.length} articles, ${corpus.storyPairs.length} English same-story pairs)`);
          for (const [k, n] of Object.entries(counts).sort()) ctx.out(`  ${k.padEnd(20)} ${n}`);
        }
        return;
      }
      if (!f.pairs) throw new CliError('give --pairs FILE.jsonl to score, or --make-pairs --from … --out … to build one');
      const options = dedupeOptionsFromFlags(f);
      let text: string;
      try {
        text = readFileSync(f.pairs, 'utf8');
      } catch (e) {
        throw new CliError(`--pairs: cannot read ${f.pairs} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const pairs = wrap(() => parsePairs(text));
      if (!pairs.length) throw new CliError(`--pairs: ${f.pairs} holds no pairs`);
      const r = await privateRedis();
      try {
        const report = await evaluatePairs(pairs, { redis: r.redis, options });
        if (f.json) ctx.out(JSON.stringify(report));
        else for (const l of formatReport(report)) ctx.out(l);
      } finally {
        await r.close();
      }
    });
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) throw new CliError(e.message);
    throw e;
  }
}

function wholeNumber(flag: string, v: string | undefined): number | undefined {
  const n = num(flag, v, 0, 10_000);
  if (n !== undefined && !Number.isInteger(n)) throw new CliError(`${flag}: must be a whole number, got "${v}"`);
  return n;
}
