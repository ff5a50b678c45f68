import { describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import type { Article } from '@newsflow/contracts';
import { eventually, useHarness, type Harness } from '@newsflow/testing';
import { createSinkWorker } from '@newsflow/sink';
import { createMetrics } from '../src/index.js';
import { dashboard, fakeParseWorker, lavrov, lavrovCopy, parseJob, sqliteStore } from './fixtures.js';

const h = useHarness();

interface Overview {
  stages: Array<{ stage: string; waiting: number; completed: number; failed: number; throughputPerMin: number; p50Ms: number | null; p99Ms: number | null; workers: string[] }>;
  health: Array<{ stage: string; ok: boolean; problem?: string }>;
  failed: Array<{ stage: string; id: string; reason: string; code: string; url: string | null; attemptsMade: number }>;
  articles: Array<{ id: string; title: string; topEntities: Array<{ name: string }>; clusterId: string | null; version: number }> | null;
  storedArticles: number | null;
  stories: Array<{ id: string; label: string; articles: number; outlets: number; clusters: number }> | null;
}

async function runPages(t: Harness, ns: number[], onJobDone?: NonNullable<Parameters<typeof fakeParseWorker>[1]>['onJobDone']) {
  const q = t.queues();
  const w = fakeParseWorker(t, { onJobDone });
  for (const n of ns) await q.parse.add('page', parseJob(n), { jobId: parseJob(n).pageId });
  const expectFailed = ns.filter((n) => n === 13).length;
  await eventually(async () => {
    const c = await q.parse.getJobCounts('completed', 'failed');
    return c.completed === ns.length - expectFailed && c.failed === expectFailed;
  }, 'all pages processed');
  return w;
}

describe('pipeline overview', () => {
  it('shows per-stage counts, rate, latency, live workers, failed reasons and recent articles', async () => {
    const t = h();
    const w = await runPages(t, [1, 2, 3, 4, 13]);
    const d = dashboard(t, { store: await sqliteStore(t, [lavrov(1), lavrov(2)]) });
    const o = (await (await d.get('/dashboard/api/overview')).json()) as Overview;
    const parse = o.stages.find((s) => s.stage === 'parse')!;
    expect(o.stages.map((s) => s.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    expect(parse).toMatchObject({ waiting: 0, completed: 4, failed: 1, throughputPerMin: 4 });
    expect(parse.p50Ms).not.toBeNull();
    expect(parse.p99Ms!).toBeGreaterThanOrEqual(parse.p50Ms!);
    expect(parse.workers).toContain(w.workerId);
    expect(o.stages.find((s) => s.stage === 'entity')).toMatchObject({ waiting: 4, completed: 0, workers: [] });
    expect(o.failed).toHaveLength(1);
    expect(o.failed[0]).toMatchObject({ stage: 'parse', id: parseJob(13).pageId, code: 'EMPTY_PAGE', url: parseJob(13).url, attemptsMade: 1 });
    expect(o.failed[0]!.reason).toBe('EMPTY_PAGE: page has no article text');
    expect(o.storedArticles).toBe(1);
    expect(o.articles![0]).toMatchObject({ id: lavrov().id, title: 'Lavrov meets Wang Yi in Beijing', site: 'The Example Times', clusterId: 'c-lavrov', version: 2, duplicateOf: null });
    expect(o.articles![0]!.topEntities.map((e) => e.name)).toEqual(['Sergei Lavrov', 'Wang Yi', 'Beijing']);
    await w.close();
    // A closed worker disappears from the live list.
    const after = (await (await d.get('/dashboard/api/overview')).json()) as Overview;
    expect(after.stages.find((s) => s.stage === 'parse')!.workers).toEqual([]);
  });

  it('shows the Stories panel: recent stories with their label and counts', async () => {
    const t = h();
    const recent = new Date(Date.now() - 3600_000).toISOString();
    const a = { ...lavrov(1), publishedAt: recent };
    const inStory = (x: Article): Article => ({ ...x, dedupe: { ...x.dedupe, storyId: a.id, storyLabel: 'Lavrov meets Wang Yi in Beijing' } });
    const d = dashboard(t, { store: await sqliteStore(t, [inStory(a), inStory({ ...lavrovCopy(), publishedAt: recent })]) });
    const o = (await (await d.get('/dashboard/api/overview')).json()) as Overview;
    expect(o.stories).toEqual([expect.objectContaining({ id: a.id, label: 'Lavrov meets Wang Yi in Beijing', articles: 2, outlets: 2, clusters: 1 })]);
    expect(await (await d.get('/dashboard')).text()).toContain('id="stories"');
  });

  it('lists the articles the sink stored last first, whatever their publication date', async () => {
    const t = h();
    const store = await sqliteStore(t, [lavrov(1)]);
    const sink = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const old = { ...lavrovCopy(), dedupe: { ...lavrovCopy().dedupe, duplicateOf: null }, publishedAt: '2019-05-01T00:00:00.000Z', title: 'An archive story' };
    await t.queues().sink.add('article', old, { jobId: 'old' });
    await eventually(async () => (await t.queues().sink.getJobState('old')) === 'completed', 'archive story stored');
    await sink.close();
    const d = dashboard(t, { store });
    const o = (await (await d.get('/dashboard/api/overview')).json()) as Overview;
    expect(o.articles!.map((a) => a.title)).toEqual(['An archive story', 'Lavrov meets Wang Yi in Beijing']);
  });

  it('serves the pipeline and article pages, and the article with body, entities, versions and trace', async () => {
    const t = h();
    const d = dashboard(t, { store: await sqliteStore(t, [lavrov(1), lavrov(2)]) });
    const id = lavrov().id;
    const page = await d.get('/dashboard');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('/dashboard/static/dashboard.js');
    expect((await d.get('/dashboard/static/dashboard.js')).status).toBe(200);
    for (const f of ['..%2Fpackage.json', 'constructor', '__proto__', 'nope.js']) expect((await d.get(`/dashboard/static/${f}`)).status, f).toBe(404);
    expect(await (await d.get(`/dashboard/articles/${id}`)).text()).toContain('/dashboard/static/article.js');
    const res = await d.get(`/dashboard/api/articles/${id}`);
    const body = (await res.json()) as { article: Article; versions: Array<{ version: number }> };
    expect(body.article.body).toContain('Update: a joint statement was published.');
    expect(body.article.entities.map((e) => e.name)).toContain('Sergei Lavrov');
    expect(body.article.trace.map((e) => e.stage)).toEqual(['ingest', 'parse', 'entity', 'dedupe', 'sink']);
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    const missing = await d.get('/dashboard/api/articles/nope0000');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('no article "nope0000"');
  });

  it('says clearly when a query parameter is bad or no store is configured', async () => {
    const t = h();
    const d = dashboard(t);
    const bad = await d.get('/dashboard/api/failed?stage=nope');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^stage: unknown stage "nope"/);
    const lim = await d.get('/dashboard/api/failed?limit=0');
    expect(((await lim.json()) as { error: { message: string } }).error.message).toMatch(/^limit: must be a whole number/);
    const noStore = await d.get('/dashboard/api/articles');
    expect(((await noStore.json()) as { error: { code: string } }).error.code).toBe('NO_STORE');
  });

  it('retries a failed job from the page API, which needs the x-requested-with header', async () => {
    const t = h();
    const w = await runPages(t, [13]);
    await w.close();
    const d = dashboard(t);
    const id = parseJob(13).pageId;
    const csrf = await d.post(`/dashboard/api/failed/parse/${id}/retry`, {});
    expect(csrf.status).toBe(400);
    const ok = await d.post(`/dashboard/api/failed/parse/${id}/retry`);
    expect(await ok.json()).toEqual({ retried: 1 });
    expect(await t.queues().parse.getJobState(id)).toBe('waiting');
  });
});

describe('/metrics', () => {
  it('exports queue depths, stage-time histograms, failures by reason and stored articles', async () => {
    const t = h();
    const metrics = createMetrics({ processMetrics: false });
    const w = await runPages(t, [1, 2, 13], metrics.onJobDone);
    await w.close();
    await t.queues().entity.add('x', { bogus: true });
    const d = dashboard(t, { metrics, store: await sqliteStore(t, [lavrov(1), lavrovCopy()]) });
    const res = await d.get('/metrics');
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^newsflow_queue_jobs\{queue="parse",state="completed"\} 2$/m);
    expect(text).toMatch(/^newsflow_queue_jobs\{queue="parse",state="failed"\} 1$/m);
    expect(text).toMatch(/^newsflow_queue_jobs\{queue="entity",state="waiting"\} 3$/m);
    expect(text).toMatch(/^newsflow_job_duration_seconds_count\{stage="parse",outcome="ok"\} 2$/m);
    expect(text).toMatch(/^newsflow_job_duration_seconds_bucket\{le="0.001",stage="parse",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^newsflow_job_failures_total\{stage="parse",reason="EMPTY_PAGE"\} 1$/m);
    expect(text).toMatch(/^newsflow_failed_jobs_by_reason\{queue="parse",reason="EMPTY_PAGE"\} 1$/m);
    expect(text).toMatch(/^newsflow_queue_processed_total\{queue="parse",outcome="completed"\} 2$/m);
    expect(text).toMatch(/^# TYPE newsflow_queue_processed_total counter$/m);
    expect(text).toMatch(/^newsflow_articles\{kind="stored"\} 2$/m);
    expect(text).toMatch(/^newsflow_articles\{kind="duplicates"\} 1$/m);
  });

  it('counts sink writes by outcome across the fleet: inserted, duplicate, new version', async () => {
    const t = h();
    const store = await sqliteStore(t);
    const d = dashboard(t, { metrics: createMetrics({ processMetrics: false }) });
    await d.get('/metrics'); // the event reader is positioned before any job below completes
    const sink = t.worker(createSinkWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger, store }));
    const q = t.queues();
    for (const [i, a] of [lavrov(1), lavrovCopy(), lavrov(2)].entries()) {
      await q.sink.add('article', a, { jobId: `a${i}` });
      await eventually(async () => (await q.sink.getJobState(`a${i}`)) === 'completed', `sink job a${i}`);
    }
    const text = await eventually(async () => {
      const m = await (await d.get('/metrics')).text();
      return /newsflow_sink_writes_total\{outcome="new-version"\} 1/.test(m) ? m : null;
    }, 'write outcomes in /metrics');
    expect(text).toMatch(/^newsflow_sink_writes_total\{outcome="inserted"\} 1$/m);
    expect(text).toMatch(/^newsflow_sink_writes_total\{outcome="duplicate"\} 1$/m);
    await sink.close();
  });

  it('can serve /metrics without auth for a private Prometheus', async () => {
    const t = h();
    const d = dashboard(t, { publicMetrics: true });
    expect((await d.get('/metrics', {})).status).toBe(200);
    expect((await d.get('/dashboard', {})).status).toBe(401);
  });
});

describe('/healthz/stages watchdog, and /readyz', () => {
  it('/healthz/stages fails when a stage has waiting jobs and finishes none, names the stage, and recovers when it consumes; /readyz stays ready', async () => {
    const t = h();
    const d = dashboard(t, { staleAfterMs: 300 });
    const probe = (path: string) => async () => {
      const res = await d.get(path, {});
      return { status: res.status, body: (await res.json()) as { ok: boolean; checks: { redis: string; stages: Array<{ stage: string; ok: boolean; problem?: string }> } } };
    };
    const ready = probe('/healthz/stages');
    const apiReady = probe('/readyz');
    expect((await ready()).status).toBe(200);

    // The next stage consumes what parse forwards (a job already in flight when parse pauses may
    // get through), so only the stuck stage can be flagged.
    const entity = new Worker('entity', async () => null, { connection: t.connection(), prefix: t.prefix });
    t.defer(entity);
    // A connected worker that silently stopped taking jobs (as after a botched Redis reconnect).
    const w = fakeParseWorker(t);
    await w.worker.waitUntilReady();
    await w.worker.pause(true);
    for (const n of [1, 2, 3]) await t.queues().parse.add('page', parseJob(n), { jobId: parseJob(n).pageId });
    const stale = await eventually(async () => {
      const r = await ready();
      return r.status === 503 ? r : null;
    }, '/healthz/stages to flag the parse stage');
    expect(stale.body.checks.redis).toBe('ok');
    const parse = stale.body.checks.stages.find((s) => s.stage === 'parse')!;
    expect(parse.ok).toBe(false);
    // 2 or 3 waiting: a blocking fetch already in flight when the worker paused may take one job.
    expect(parse.problem).toMatch(/^[23] job\(s\) waiting and none finished for \d+ ms: 1 worker\(s\) connected but not consuming$/);
    expect(stale.body.checks.stages.filter((s) => !s.ok).map((s) => s.stage)).toEqual(['parse']);
    // The API is still ready to take pages (they wait in Redis); it reports the stuck stage too.
    const api = await apiReady();
    expect(api.status).toBe(200);
    expect(api.body.ok).toBe(true);
    expect(api.body.checks.stages.find((s) => s.stage === 'parse')!.ok).toBe(false);

    w.worker.resume();
    await eventually(async () => (await ready()).status === 200, '/healthz/stages to recover once parse consumes');
    await w.close();
  });

  it('fails when Redis is unreachable', async () => {
    const t = h();
    const conn = t.connection('producer');
    const d = dashboard(t, { connection: conn, probeTimeoutMs: 500 });
    conn.disconnect();
    const res = await d.get('/readyz', {});
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { redis: string } }).checks.redis).not.toBe('ok');
  });

  it('fails when the store is unreachable', async () => {
    const t = h();
    const store = await sqliteStore(t);
    const d = dashboard(t, { store });
    expect((await d.get('/readyz', {})).status).toBe(200);
    await store.close();
    const res = await d.get('/readyz', {});
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { store: string } }).checks.store).not.toBe('ok');
  });
});
