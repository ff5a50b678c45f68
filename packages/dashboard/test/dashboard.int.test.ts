import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createRedis, silentLogger, startRedisServer } from '@newsflow/core';
import { eventually, useHarness } from '@newsflow/testing';
import { createDashboardApp } from '../src/index.js';
import { TOKEN, dashboard, fakeParseWorker, parseJob } from './fixtures.js';

const h = useHarness();

describe('dashboard auth', () => {
  it('keeps probes open and everything else behind a token, basic auth, or the cookie from ?token=', async () => {
    const t = h();
    const d = dashboard(t, { auth: { tokens: [TOKEN], basic: { user: 'ops', password: 's3cret' } } });
    expect((await d.get('/healthz', {})).status).toBe(200);
    for (const path of ['/dashboard', '/admin/queues', '/metrics', '/dashboard/api/overview']) {
      const res = await d.get(path, {});
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect((await d.get('/dashboard', { headers: { authorization: 'Bearer wrong-token-xxxxxxxxxx' } })).status).toBe(401);
    expect((await d.get('/dashboard')).status).toBe(200);
    const basic = `Basic ${Buffer.from('ops:s3cret').toString('base64')}`;
    expect((await d.get('/dashboard', { headers: { authorization: basic } })).status).toBe(200);
    expect((await d.get('/dashboard', { headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` } })).status).toBe(401);

    const redirect = await d.get(`/dashboard?token=${TOKEN}`, {});
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/dashboard');
    const cookie = redirect.headers.get('set-cookie')!.split(';')[0]!;
    expect(redirect.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await d.get('/dashboard/api/overview', { headers: { cookie } })).status).toBe(200);
  });

  it('guards only its own paths when mounted beside another app, as `newsflow start` mounts it next to the API', async () => {
    const t = h();
    const d = dashboard(t);
    const host = new Hono();
    host.get('/v1/open', (c) => c.text('api'));
    host.route('/', d.app);
    expect(await (await host.request('/v1/open')).text()).toBe('api');
    expect((await host.request('/dashboard')).status).toBe(401);
    expect((await host.request('/admin/queues/api/queues')).status).toBe(401);
    expect((await host.request('/metrics')).status).toBe(401);
    expect((await host.request('/readyz')).status).toBe(200);
  });

  it('refuses to start with an auth block that admits nobody', () => {
    const t = h();
    expect(() => createDashboardApp({ connection: t.connection(), prefix: t.prefix, auth: { tokens: [] }, logger: t.logger })).toThrow(/at least one token/);
  });
});

describe('bull-board', () => {
  it('serves the UI and lists every pipeline queue with its counts', async () => {
    const t = h();
    const q = t.queues();
    await q.parse.add('page', parseJob(1), { jobId: parseJob(1).pageId });
    const d = dashboard(t);
    const page = await d.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('newsflow queues');
    const api = await d.get('/admin/queues/api/queues');
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number>; readOnlyMode: boolean }> };
    expect(body.queues.map((x) => x.name).sort()).toEqual(['dedupe', 'entity', 'ingest', 'parse', 'sink']);
    expect(body.queues.find((x) => x.name === 'parse')!.counts.waiting).toBe(1);
    expect(body.queues.every((x) => x.readOnlyMode === false)).toBe(true);
  });

  it('in read-only mode refuses retries and cleaning, in bull-board and on the pipeline API', async () => {
    const t = h();
    const w = fakeParseWorker(t);
    const q = t.queues();
    const bad = parseJob(13);
    await q.parse.add('page', bad, { jobId: bad.pageId });
    await eventually(async () => (await q.parse.getJobState(bad.pageId)) === 'failed', 'job failed');
    await w.close();
    const d = dashboard(t, { readOnly: true });
    const body = (await (await d.get('/admin/queues/api/queues')).json()) as { queues: Array<{ readOnlyMode: boolean }> };
    expect(body.queues.every((x) => x.readOnlyMode)).toBe(true);
    const retryAll = { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } };
    const retry = await d.get('/admin/queues/api/queues/parse/retry/failed', retryAll);
    expect(retry.status).toBeGreaterThanOrEqual(400);
    const ours = await d.get(`/dashboard/api/failed/parse/${bad.pageId}/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-requested-with': 'newsflow' } });
    expect(ours.status).toBe(403);
    expect(await q.parse.getJobState(bad.pageId)).toBe('failed');
    // The same bull-board call does retry when the dashboard is not read-only.
    const rw = dashboard(t);
    expect((await rw.get('/admin/queues/api/queues/parse/retry/failed', retryAll)).status).toBeLessThan(300);
    expect(await q.parse.getJobState(bad.pageId)).toBe('waiting');
  });
});

describe('shutdown', () => {
  it('closes even when Redis has gone away (a hang here would hold a pod in Terminating)', async () => {
    const srv = await startRedisServer({ dir: mkdtempSync(join(tmpdir(), 'nf-gone-')), appendonly: false });
    const conn = createRedis({ url: srv.url }, 'worker');
    conn.on('error', () => undefined);
    const d = createDashboardApp({ connection: conn, prefix: '{gone}', auth: { disabled: true }, logger: silentLogger() });
    expect((await d.app.request('/readyz')).status).toBe(200);
    await srv.stop();
    expect((await d.app.request('/readyz')).status).toBe(503);
    await d.close();
    conn.disconnect();
  });
});
