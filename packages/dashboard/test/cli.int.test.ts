import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '@newsflow/cli';
import { openSqliteStore } from '@newsflow/sink';
import { eventually, useHarness } from '@newsflow/testing';
import { cliEnvFor, runCli, runInProcess, spawnCli, stopChild } from './cli.js';
import { fakeParseWorker, lavrov, parseJob } from './fixtures.js';

const h = useHarness();

describe('newsflow failed', () => {
  it('lists, shows, retries and purges failed jobs, by stage', async () => {
    const t = h();
    const q = t.queues();
    const w = fakeParseWorker(t);
    const empty = parseJob(13);
    await q.parse.add('page', empty, { jobId: empty.pageId });
    await q.parse.add('page', { url: 'not a url' }, { jobId: 'bad-payload' });
    await eventually(async () => (await q.parse.getFailedCount()) === 2, 'two failed parse jobs');
    await w.close();
    const env = cliEnvFor(t.redisUrl, t.prefix);

    const run = (...args: string[]) => runInProcess(args, env);

    const items = JSON.parse(await run('failed', 'list', '--json')) as Array<{ stage: string; id: string; reason: string; url: string | null }>;
    expect(items.map((i) => i.id).sort()).toEqual(['bad-payload', empty.pageId].sort());
    expect(items.find((i) => i.id === empty.pageId)).toMatchObject({ stage: 'parse', reason: 'EMPTY_PAGE: page has no article text', url: empty.url });
    expect(items.find((i) => i.id === 'bad-payload')!.reason).toMatch(/^VALIDATION_FAILED: parse payload: .*pageId: /);

    const human = await run('failed', 'list', '--stage', 'parse');
    expect(human).toContain('EMPTY_PAGE: page has no article text');
    expect(human).toContain(empty.url);
    expect(await run('failed', 'list', '--stage', 'entity')).toContain('no failed jobs in entity');
    const byCode = JSON.parse(await run('failed', 'list', '--code', 'VALIDATION_FAILED', '--json')) as Array<{ id: string }>;
    expect(byCode.map((i) => i.id)).toEqual(['bad-payload']);

    const shown = await run('failed', 'show', empty.pageId);
    expect(shown).toMatch(/stage:\s+parse/);
    expect(shown).toMatch(/reason:\s+EMPTY_PAGE: page has no article text/);
    expect(shown).toMatch(/attempts:\s+1/);
    expect(shown).toContain(`"url": "${empty.url}"`);

    expect(await run('failed', 'retry', empty.pageId, '--stage', 'parse')).toBe('retried 1 job(s)');
    expect(await q.parse.getJobState(empty.pageId)).toBe('waiting');

    expect(JSON.parse(await run('failed', 'purge', '--stage', 'parse', '--json'))).toEqual({ purged: 1 });
    expect(await q.parse.getJob('bad-payload')).toBeUndefined();
    expect(await q.parse.getJobState(empty.pageId)).toBe('waiting');
  });

  it('rejects bad input with a message naming the flag, and unknown ids clearly', async () => {
    const t = h();
    const env = cliEnvFor(t.redisUrl, t.prefix);
    // Through the binary once: the exit code and the message on stderr.
    const badStage = await runCli(['failed', 'list', '--stage', 'parser'], env);
    expect(badStage.code).toBe(2);
    expect(badStage.out).toContain('newsflow: --stage: unknown stage "parser"; expected one of ingest, parse, entity, dedupe, sink');
    const fails = async (args: string[], e: NodeJS.ProcessEnv = env) => {
      const err = await runInProcess(args, e).then(() => null, (x: unknown) => x);
      expect(err, args.join(' ')).toBeInstanceOf(CliError);
      return err as CliError;
    };
    expect(await fails(['failed', 'retry'])).toMatchObject({ exitCode: 2, message: 'give a job id, --stage <stage>, or --all' });
    expect(await fails(['failed', 'purge'])).toMatchObject({ exitCode: 2, message: 'give --stage <stage> or --all' });
    expect(await fails(['failed', 'list', '--limit', '0'])).toMatchObject({ exitCode: 2, message: '--limit must be a whole number from 1 to 10000, got "0"' });
    expect(await fails(['failed', 'show', 'no-such-job'])).toMatchObject({ exitCode: 2, message: 'no failed job "no-such-job"' });
    const { REDIS_URL: _, ...noRedis } = env;
    expect((await fails(['failed', 'list'], noRedis)).message).toMatch(/^no Redis to connect to/);
  });
});

describe('newsflow dashboard', () => {
  it('serves the pipeline page, bull-board, metrics and probes alone, behind the API token, and stops on SIGTERM', async () => {
    const t = h();
    const token = 'dash-token-0123456789abcdef';
    const db = join(mkdtempSync(join(tmpdir(), 'nf-dash-cli-')), 'newsflow.db');
    const store = await openSqliteStore({ path: db });
    await store.write(lavrov(1));
    await store.close();
    const c = spawnCli(['dashboard', '--port', '0'], cliEnvFor(t.redisUrl, t.prefix, { NEWSFLOW_API_TOKEN: token, SINK: 'sqlite', SQLITE_PATH: db }));
    try {
      const url = await eventually(() => /on (http:\/\/\S+)\/dashboard/.exec(c.output())?.[1], `dashboard URL in output: ${c.output()}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/dashboard`)).status).toBe(401);
      const auth = { headers: { authorization: `Bearer ${token}` } };
      expect(await (await fetch(`${url}/dashboard`, auth)).text()).toContain('newsflow pipeline');
      expect((await fetch(`${url}/admin/queues`, auth)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`, auth)).text()).toContain('newsflow_queue_jobs{queue="parse",state="waiting"} 0');
      const o = (await (await fetch(`${url}/dashboard/api/overview`, auth)).json()) as { storedArticles: number; articles: Array<{ title: string }> };
      expect(o.storedArticles).toBe(1);
      expect(o.articles.map((a) => a.title)).toEqual([lavrov().title]);
    } finally {
      expect(await stopChild(c)).toBe(0);
    }
  });
});
