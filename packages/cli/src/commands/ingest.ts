import type { Command } from 'commander';
import { createIngestClient, feedOptionsFromEnv, fetchUrlList, ndjsonItems, pathItems, runIngestSession, type IngestSummary, type LocalItem, type LocalPageDefaults, type SessionProgress } from '@newsflow/ingest';
import { CliError, type CliContext } from '../context.js';
import { cliEnv, resolveApi } from '../runtime.js';

interface IngestOpts {
  wait: boolean;
  url?: string;
  urls?: string;
  site?: string;
  source?: string;
  language?: string;
  timeout: string;
  batch: string;
  json?: boolean;
  progress: boolean;
}

async function* allItems(inputs: string[], urlsFile: string | undefined, d: LocalPageDefaults): AsyncGenerator<LocalItem> {
  for (const input of inputs) {
    if (input === '-') yield* ndjsonItems(process.stdin, 'stdin', d);
    else yield* pathItems(input, d);
  }
  if (urlsFile) {
    // Same fetch policy as the feed poller (FEEDS_ALLOW_PRIVATE, FEEDS_TIMEOUT_MS, …).
    yield* fetchUrlList(urlsFile, d, feedOptionsFromEnv().fetch);
  }
}

function progressLine(p: SessionProgress): string {
  const secs = Math.max(p.elapsedMs / 1000, 0.001);
  if (p.phase === 'submitting') {
    return `submitted ${p.submitted}  accepted ${p.accepted}  duplicate ${p.duplicates}  rejected ${p.rejected}  ${(p.submitted / secs).toFixed(0)}/s`;
  }
  const done = p.stored + p.failed;
  const width = 24;
  const filled = p.total ? Math.round((done / p.total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] stored ${p.stored}/${p.total}  failed ${p.failed}  rejected ${p.rejected}  ${(done / secs).toFixed(1)}/s`;
}

const STORED_SHOWN = 20;

function printSummary(ctx: CliContext, s: IngestSummary, waited: boolean): void {
  ctx.out(`accepted ${s.accepted}, duplicate ${s.duplicates}, rejected ${s.rejected.length} in ${(s.elapsedMs / 1000).toFixed(1)} s`);
  for (const r of s.rejected) ctx.out(`  rejected  ${r.where}: ${r.reason}`);
  if (waited) {
    ctx.out(`stored ${s.stored.length}, failed ${s.failed.length}${s.pending.length ? `, still in the pipeline ${s.pending.length}` : ''}`);
    // Every problem is listed; successes only up to a screenful (--json has them all).
    for (const x of s.stored.slice(0, STORED_SHOWN)) ctx.out(`  stored    ${x.where} → article ${x.articleId ?? '(id unknown)'}`);
    if (s.stored.length > STORED_SHOWN) ctx.out(`  … and ${s.stored.length - STORED_SHOWN} more stored (--json lists them all)`);
    for (const x of s.failed) ctx.out(`  failed    ${x.where} (page ${x.pageId}): ${x.reason}`);
    for (const x of s.pending) ctx.out(`  pending   ${x.where} (page ${x.pageId}): ${x.state}`);
  } else {
    for (const x of s.pending.slice(0, STORED_SHOWN)) ctx.out(`  queued    ${x.where} → page ${x.pageId}`);
    if (s.pending.length > STORED_SHOWN) ctx.out(`  … and ${s.pending.length - STORED_SHOWN} more queued (--json lists them all)`);
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('submit pages to a running newsflow (files, directories, - for NDJSON on stdin, or --urls to fetch) and wait until stored')
    .argument('[inputs...]', 'files or directories (.html .htm .txt .json .ndjson .jsonl, recursive), or - for NDJSON on stdin')
    .option('--url <url>', 'URL of a single .html/.htm/.txt file (default: https://local.newsflow/<path hash>/<name>)')
    .option('--urls <file>', 'fetch each URL listed in FILE (one per line; # comments) and submit the pages')
    .option('--site <name>', 'site name for pages that do not give one')
    .option('--source <name>', 'source name for pages that do not give one', 'newsflow-cli')
    .option('--language <tag>', 'language hint (BCP 47) for pages that do not give one')
    .option('--no-wait', 'return once pages are accepted instead of waiting until they are stored')
    .option('--timeout <seconds>', 'stop waiting after this long', '600')
    .option('--batch <n>', 'pages per request', '200')
    .option('--no-progress', 'no progress line on stderr')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExit status: 0 when every page was accepted (and stored, when waiting); 1 otherwise.')
    .action(async (inputs: string[], o: IngestOpts) => {
      if (inputs.length === 0 && !o.urls) throw new CliError('nothing to ingest: give files, directories, - for stdin, or --urls FILE');
      if (o.url && (inputs.length !== 1 || inputs[0] === '-')) throw new CliError('--url applies to exactly one file');
      const timeout = Number(o.timeout);
      const batch = Number(o.batch);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError(`--timeout must be a positive number of seconds, got "${o.timeout}"`);
      if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new CliError(`--batch must be 1..1000, got "${o.batch}"`);
      const api = resolveApi(cliEnv());
      const client = createIngestClient({ url: api.url, token: api.token });
      const defaults: LocalPageDefaults = { ...(o.url ? { url: o.url } : {}), ...(o.site ? { site: o.site } : {}), ...(o.source ? { source: o.source } : {}), ...(o.language ? { language: o.language } : {}) };
      const tty = o.progress && !o.json && process.stderr.isTTY;
      const summary = await runIngestSession({
        client,
        items: allItems(inputs, o.urls, defaults),
        wait: o.wait,
        timeoutMs: timeout * 1000,
        batchSize: batch,
        ...(tty ? { onProgress: (p: SessionProgress) => process.stderr.write(`\r\x1b[2K${progressLine(p)}`) } : {}),
      }).catch((err: unknown) => {
        if (tty) process.stderr.write('\n');
        throw new CliError(`ingest failed: ${(err as Error).message}`);
      });
      if (tty) process.stderr.write('\n');
      if (o.json) ctx.out(JSON.stringify(summary, null, 2));
      else printSummary(ctx, summary, o.wait);
      const bad = summary.rejected.length + summary.failed.length + (o.wait ? summary.pending.length : 0);
      if (bad > 0) process.exitCode = 1;
    });
}
