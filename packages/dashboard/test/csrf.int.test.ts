import { describe, expect, it } from 'vitest';
import { eventually, useHarness, type Harness } from '@newsflow/testing';
import { TOKEN, dashboard, fakeParseWorker, parseJob } from './fixtures.js';
import { raw, serveApp } from './http.js';

const h = useHarness();
const BASIC = { user: 'ops', password: 's3cret-pass' };
const basic = `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`).toString('base64')}`;
// What bull-board's "add job" sends, aimed at the sink: a forged article under a chosen id.
const forged = JSON.stringify({ name: 'article', data: { id: 'forged', title: 'Forged story' }, options: { jobId: 'forged-article' } });
const ADD = '/admin/queues/api/queues/sink/add';

/** A parse job that failed for good, for the retry buttons to act on. */
async function failedParseJob(t: Harness) {
  const w = fakeParseWorker(t);
  const bad = parseJob(13);
  await t.queues().parse.add('page', bad, { jobId: bad.pageId });
  await eventually(async () => (await t.queues().parse.getJobState(bad.pageId)) === 'failed', 'job failed');
  await w.close();
  return bad;
}

describe('cross-site requests', () => {
  for (const mode of ['basic auth', 'no auth'] as const) {
    it(`refuse a cross-site form post adding a forged article to the sink queue (${mode})`, async () => {
      const t = h();
      const d = dashboard(t, { auth: mode === 'no auth' ? { disabled: true } : { basic: BASIC } });
      const port = await serveApp(t, d.app);
      const creds: Record<string, string> = mode === 'basic auth' ? { authorization: basic } : {};
      const attacks: Array<[string, Record<string, string>, string | Buffer]> = [
        ['text/plain form, modern browser', { 'content-type': 'text/plain', origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' }, forged],
        ['text/plain form, browser without Origin', { 'content-type': 'text/plain' }, forged],
        ['urlencoded form', { 'content-type': 'application/x-www-form-urlencoded' }, `${encodeURIComponent(forged)}=`],
        ['multipart form', { 'content-type': 'multipart/form-data; boundary=x' }, `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${forged}\r\n--x--\r\n`],
        ['untyped Blob from fetch(no-cors)', {}, forged],
        ['JSON from another origin', { 'content-type': 'application/json', origin: 'http://attacker.example' }, forged],
        ['JSON with a cross-site Referer', { 'content-type': 'application/json', referer: 'http://attacker.example/page' }, forged],
        ['JSON from a same-site sibling', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }, forged],
        ['JSON from an opaque origin', { 'content-type': 'application/json', origin: 'null' }, forged],
      ];
      for (const [what, headers, body] of attacks) {
        const res = await raw(port, { method: 'POST', path: ADD, headers: { ...creds, ...headers }, body });
        expect([403, 415], `${what}: ${res.status} ${res.body}`).toContain(res.status);
        expect(JSON.parse(res.body).error.code).toMatch(/^(CROSS_ORIGIN|UNSUPPORTED_MEDIA_TYPE)$/);
      }
      expect(await t.queues().sink.getJob('forged-article')).toBeUndefined();
      expect(await t.queues().sink.count()).toBe(0);
    });
  }

  it("let bull-board's own requests through: a same-origin JSON add, a bodyless retry with its Origin; and scripts with a bearer token", async () => {
    const t = h();
    const bad = await failedParseJob(t);
    const d = dashboard(t, { auth: { tokens: [TOKEN], basic: BASIC } });
    const port = await serveApp(t, d.app);
    const self = `http://127.0.0.1:${port}`;
    // Chromium's headers for bull-board's axios calls (Origin on every non-GET, Sec-Fetch-Site).
    const browser = { authorization: basic, origin: self, 'sec-fetch-site': 'same-origin', referer: `${self}/admin/queues/queue/sink` };

    const add = await raw(port, { method: 'POST', path: '/admin/queues/api/queues/ingest/add', headers: { ...browser, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'manual', data: { n: 1 }, options: { jobId: 'added-by-hand' } }) });
    expect(add.status, add.body).toBe(200);
    expect((await t.queues().ingest.getJob('added-by-hand'))?.data).toEqual({ n: 1 });

    // A bodyless PUT with basic auth alone proves nothing about where it came from.
    const bare = await raw(port, { method: 'PUT', path: '/admin/queues/api/queues/parse/retry/failed', headers: { authorization: basic } });
    expect(bare.status, bare.body).toBe(403);
    expect(JSON.parse(bare.body).error.message).toMatch(/X-Requested-With/);
    expect(await t.queues().parse.getJobState(bad.pageId)).toBe('failed');

    const retry = await raw(port, { method: 'PUT', path: '/admin/queues/api/queues/parse/retry/failed', headers: browser });
    expect(retry.status, retry.body).toBeLessThan(300);
    expect(await t.queues().parse.getJobState(bad.pageId)).toBe('waiting');

    const script = await raw(port, { method: 'PUT', path: '/admin/queues/api/queues/parse/pause', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(script.status, script.body).toBeLessThan(300);
    expect(await t.queues().parse.isPaused()).toBe(true);
  });

  it("refuse the dashboard API's retry from another origin even with its custom header", async () => {
    const t = h();
    const bad = await failedParseJob(t);
    const d = dashboard(t, { auth: { disabled: true } });
    const port = await serveApp(t, d.app);
    const path = `/dashboard/api/failed/parse/${bad.pageId}/retry`;
    const attacks: Array<Record<string, string>> = [{ origin: 'http://attacker.example' }, { 'sec-fetch-site': 'cross-site' }, { referer: 'http://127.0.0.1.attacker.example/' }, { 'content-type': 'text/plain' }];
    for (const headers of attacks) {
      const res = await raw(port, { method: 'POST', path, headers: { 'x-requested-with': 'newsflow', ...headers } });
      expect([403, 415], `${JSON.stringify(headers)}: ${res.body}`).toContain(res.status);
    }
    expect(await t.queues().parse.getJobState(bad.pageId)).toBe('failed');
    // What the pipeline page sends.
    const self = `http://127.0.0.1:${port}`;
    const ok = await raw(port, { method: 'POST', path, headers: { 'x-requested-with': 'newsflow', origin: self, 'sec-fetch-site': 'same-origin' } });
    expect(ok.status, ok.body).toBe(200);
    expect(await t.queues().parse.getJobState(bad.pageId)).toBe('waiting');
  });
});
