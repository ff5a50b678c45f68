import { describe, expect, it } from 'vitest';
import { eventually, useHarness } from '@newsflow/testing';
import { cliEnvFor, runCli, spawnCli, stopChild } from './cli.js';
import { fakeParseWorker, parseJob } from './fixtures.js';

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

    const listed = await runCli(['failed', 'list', '--json'], env);
    expect(listed.code, listed.out).toBe(0);
    const items = JSON.parse(listed.out) as Array<{ stage: string; id: string; reason: string; url: string | null }>;
    expect(items.map((i) => i.id).sort()).toEqual(['bad-payload', empty.pageId].sort());
    expect(items.find((i) => i.id === empty.pageId)).toMatchObject({ stage: 'parse', reason: 'EMPTY_PAGE: page has no article text', url: empty.url });
    expect(items.find((i) => i.id === 'bad-payload')!.reason).toMatch(/^VALIDATION_FAILED: parse payload: .*pageId: /);

    const human = await runCli(['failed', 'list', '--stage', 'parse'], env);
    expect(human.out).toContain('EMPTY_PAGE: page has no article text');
    expect(human.out).toContain(empty.url);
    expect((await runCli(['failed', 'list', '--stage', 'entity'], env)).out).toContain('no failed jobs in entity');

    const shown = await runCli(['failed', 'show', empty.pageId], env);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/stage:\s+parse/);
    expect(shown.out).toMatch(/reason:\s+EMPTY_PAGE: page has no article text/);
    expect(shown.out).toContain(`"url": "${empty.url}"`);

    const retried = await runCli(['failed', 'retry', empty.pageId, '--stage', 'parse'], env);
    expect(retried.out.trim()).toBe('retried 1 job(s)');
    expect(await q.parse.getJobState(empty.pageId)).toBe('waiting');

    const purged = await runCli(['failed', 'purge', '--stage', 'parse', '--json'], env);
    expect(JSON.parse(purged.out)).toEqual({ purged: 1 });
    expect(await q.parse.getJob('bad-payload')).toBeUndefined();
    expect(await q.parse.getJobState(empty.pageId)).toBe('waiting');
  });

  it('rejects bad input with a message naming the flag, and unknown ids clearly', async () => {
    const t = h();
    const env = cliEnvFor(t.redisUrl, t.prefix);
    const badStage = await runCli(['failed', 'list', '--stage', 'parser'], env);
    expect(badStage.code).toBe(2);
    expect(badStage.out).toContain('--stage: unknown stage "parser"; expected one of ingest, parse, entity, dedupe, sink');
    const noTarget = await runCli(['failed', 'retry'], env);
    expect(noTarget.code).toBe(2);
    expect(noTarget.out).toContain('give a job id, --stage <stage>, or --all');
    const missing = await runCli(['failed', 'show', 'no-such-job'], env);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('no failed job "no-such-job"');
    const noRedis = await runCli(['failed', 'list'], { ...env, REDIS_URL: '' });
    expect(noRedis.code).toBe(1);
    expect(noRedis.out).toContain('no Redis to connect to');
  });
});

describe('newsflow dashboard', () => {
  it('serves the pipeline page, bull-board, metrics and probes alone, behind the API token, and stops on SIGTERM', async () => {
    const t = h();
    const token = 'dash-token-0123456789abcdef';
    const c = spawnCli(['dashboard', '--port', '0'], cliEnvFor(t.redisUrl, t.prefix, { NEWSFLOW_API_TOKEN: token }));
    try {
      const url = await eventually(() => /on (http:\/\/\S+)\/dashboard/.exec(c.output())?.[1], `dashboard URL in output: ${c.output()}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/dashboard`)).status).toBe(401);
      const auth = { headers: { authorization: `Bearer ${token}` } };
      expect(await (await fetch(`${url}/dashboard`, auth)).text()).toContain('newsflow pipeline');
      expect((await fetch(`${url}/admin/queues`, auth)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`, auth)).text()).toContain('newsflow_queue_jobs{queue="parse",state="waiting"} 0');
      expect(c.output()).toContain('no article store');
    } finally {
      expect(await stopChild(c)).toBe(0);
    }
  });
});
