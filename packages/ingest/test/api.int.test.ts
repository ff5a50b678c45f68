import { describe, expect, it } from 'vitest';
import { createRedis, freePort, pageIdFor } from '@newsflow/core';
import { createIngestApp, createProducer } from '@newsflow/ingest';
import { useHarness } from '@newsflow/testing';
import { TOKEN, listen, page, post, startApi } from './helpers.js';

const h = useHarness();

describe('POST /v1/articles', () => {
  it('accepts a page (202) and answers the same page again with the existing id (200, duplicate)', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const raw = page(1);
    const first = await post(url, '/v1/articles', JSON.stringify(raw));
    expect(first.status).toBe(202);
    const pageId = pageIdFor(raw.url as string, raw.html as string);
    expect(first.json).toEqual({ pageId, duplicate: false, statusUrl: `/v1/pages/${pageId}` });
    const again = await post(url, '/v1/articles', JSON.stringify(raw));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ pageId, duplicate: true });
    expect(await queues.ingest.count()).toBe(1);
  });

  it('400 names every failing field', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const r = await post(url, '/v1/articles', JSON.stringify({ url: 'ftp://x', html: '<p>a</p>', text: 'a', fetchedAt: 'yesterday', site: 5 }));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('VALIDATION_FAILED');
    const paths = r.json.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['url', 'fetchedAt', 'site']));
    expect(r.json.error.message).toMatch(/url: must be an absolute http\(s\) URL/);
    expect(await queues.ingest.count()).toBe(0);
  });

  it('400 for metadata nested too deep to queue (instead of a misleading 503)', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    const deep = '{"a":'.repeat(6000) + '1' + '}'.repeat(6000);
    const body = JSON.stringify(page(1)).replace(/}$/, `,"metadata":${deep}}`);
    const r = await post(url, '/v1/articles', body);
    expect(r.status).toBe(400);
    expect(r.json.error.issues).toEqual([{ path: 'metadata', message: 'must not nest deeper than 32 levels' }]);
    expect((await post(url, '/v1/articles', JSON.stringify(page(2, { metadata: { a: { b: [1, { c: 2 }] } } })))).status).toBe(202);
    expect(await queues.ingest.count()).toBe(1);
  });

  it('400 for non-JSON and for invalid UTF-8', async () => {
    const t = h();
    const { url } = await startApi(t);
    const notJson = await post(url, '/v1/articles', '{"url": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('INVALID_JSON');
    const badUtf8 = await post(url, '/v1/articles', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(badUtf8.status).toBe(400);
    expect(badUtf8.json.error).toEqual({ code: 'INVALID_UTF8', message: 'request body is not valid UTF-8' });
  });

  it('401 without a token or with a wrong one; the OpenAPI document stays public', async () => {
    const t = h();
    const { url } = await startApi(t);
    const none = await post(url, '/v1/articles', JSON.stringify(page(1)), { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await post(url, '/v1/articles', JSON.stringify(page(1)), { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toBe('invalid token');
    const status = await fetch(`${url}/v1/pages/${'a'.repeat(32)}`);
    expect(status.status).toBe(401);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });

  it('accepts any request when auth is explicitly disabled', async () => {
    const t = h();
    const { url } = await startApi(t, { auth: { disabled: true } });
    const r = await post(url, '/v1/articles', JSON.stringify(page(1)), { authorization: '' });
    expect(r.status).toBe(202);
  });

  it('413 for a body over the limit, before reading it all', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxBodyBytes: 10_000 } });
    const r = await post(url, '/v1/articles', JSON.stringify(page(1, { html: `<p>${'x'.repeat(20_000)}</p>` })));
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than the limit of 10000 bytes' });
    expect(await queues.ingest.count()).toBe(0);
  });

  it('415 for another content type', async () => {
    const t = h();
    const { url } = await startApi(t);
    const r = await post(url, '/v1/articles', JSON.stringify(page(1)), { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json.error.message).toBe('Content-Type must be application/json, not text/plain');
    const latin1 = await post(url, '/v1/articles', JSON.stringify(page(1)), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);
  });

  it('429 with Retry-After while the queues hold more waiting pages than the limit', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxWaiting: 3, retryAfterSeconds: 7, cacheMs: 0 } });
    for (let i = 0; i < 3; i++) expect((await post(url, '/v1/articles', JSON.stringify(page(i)))).status).toBe(202);
    const r = await post(url, '/v1/articles', JSON.stringify(page(99)));
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.json.error.code).toBe('BACKPRESSURE');
    // Once the backlog drains, pages are accepted again.
    await queues.ingest.drain();
    expect((await post(url, '/v1/articles', JSON.stringify(page(99)))).status).toBe(202);
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 with Retry-After instead of hanging or crashing', async () => {
    const t = h();
    const port = await freePort();
    const dead = createRedis({ url: `redis://127.0.0.1:${port}` }, 'producer');
    dead.on('error', () => undefined);
    t.defer({ close: async () => dead.disconnect() });
    const producer = createProducer({ connection: dead, prefix: t.prefix, connectTimeoutMs: 300 });
    const app = createIngestApp({ producer, queues: t.queues(), auth: { tokens: [TOKEN] }, logger: t.logger });
    const url = await listen(t, app);
    const r = await post(url, '/v1/articles', JSON.stringify(page(1)));
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('REDIS_UNAVAILABLE');
    expect(r.headers.get('retry-after')).toBeTruthy();
    // The server is still there for the next request.
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });
});

describe('POST /v1/articles/batch', () => {
  it('answers per item: accepted, duplicate, rejected with the field named', async () => {
    const t = h();
    const { url, queues } = await startApi(t);
    await post(url, '/v1/articles', JSON.stringify(page(1)));
    const r = await post(url, '/v1/articles/batch', JSON.stringify([page(1), page(2), { url: 'https://x.example/a', text: '' }, page(2)]));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 1, duplicates: 2, rejected: 1 });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['duplicate', 'accepted', 'rejected', 'duplicate']);
    expect(r.json.results[2].error.issues).toEqual([{ path: 'text', message: 'must not be empty' }]);
    expect(r.json.results[3].pageId).toBe(r.json.results[1].pageId);
    expect(await queues.ingest.count()).toBe(2);
  });

  it('400 when the body is not an array; 413 past the item limit', async () => {
    const t = h();
    const { url } = await startApi(t, { limits: { maxBatchItems: 2 } });
    const notArray = await post(url, '/v1/articles/batch', JSON.stringify(page(1)));
    expect(notArray.status).toBe(400);
    expect(notArray.json.error.message).toMatch(/JSON array/);
    const wrapped = await post(url, '/v1/articles/batch', JSON.stringify({ articles: [page(1)] }));
    expect(wrapped.json.accepted).toBe(1);
    const many = await post(url, '/v1/articles/batch', JSON.stringify([page(1), page(2), page(3)]));
    expect(many.status).toBe(413);
  });
});

describe('POST /v1/articles/ndjson', () => {
  it('takes one page per line, reporting bad lines by number, skipping blank lines', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxLineBytes: 2_000 } });
    const enc = new TextEncoder();
    const lines = [
      JSON.stringify(page(1)),
      '',
      '{"url": broken',
      JSON.stringify(page(2)),
      JSON.stringify(page(3, { html: `<p>${'y'.repeat(3_000)}</p>` })),
      JSON.stringify({ url: 'https://x.example/', html: 'ok', language: 7 }),
    ];
    const parts = [enc.encode(lines.join('\r\n') + '\n'), new Uint8Array([0xc3, 0x28, 0x0a])];
    const body = new Uint8Array(parts[0]!.length + parts[1]!.length);
    body.set(parts[0]!);
    body.set(parts[1]!, parts[0]!.length);
    const r = await post(url, '/v1/articles/ndjson', body, { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
    const byLine = Object.fromEntries(r.json.results.map((x: { index: number; status: string; error?: { code: string } }) => [x.index, x.error?.code ?? x.status]));
    expect(byLine).toEqual({ 1: 'accepted', 3: 'INVALID_JSON', 4: 'accepted', 5: 'PAYLOAD_TOO_LARGE', 6: 'VALIDATION_FAILED', 7: 'INVALID_UTF8' });
    expect(await queues.ingest.count()).toBe(2);
  });

  it('a chunked stream that outgrows the limit answers 413, reporting the lines taken before it', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxNdjsonBytes: 4_000 } });
    const lines = Array.from({ length: 30 }, (_, i) => `${JSON.stringify(page(i))}\n`);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (const l of lines) ctl.enqueue(enc.encode(l));
        ctl.close();
      },
    });
    const res = await fetch(`${url}/v1/articles/ndjson`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const json = await res.json();
    expect(json.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(json.accepted).toBeGreaterThan(0);
    expect(json.accepted).toBeLessThan(30);
    expect(await queues.ingest.count()).toBe(json.accepted);
  });

  it('415 for JSON sent to the NDJSON endpoint', async () => {
    const t = h();
    const { url } = await startApi(t);
    expect((await post(url, '/v1/articles/ndjson', JSON.stringify(page(1)))).status).toBe(415);
  });
});

describe('status and documents', () => {
  it('GET /v1/pages/:id reports a queued page, 404 for an unknown one, 400 for a non-id', async () => {
    const t = h();
    const { url } = await startApi(t);
    const { json } = await post(url, '/v1/articles', JSON.stringify(page(1)));
    const auth = { authorization: `Bearer ${TOKEN}` };
    const s = await fetch(`${url}/v1/pages/${json.pageId}`, { headers: auth });
    expect(s.status).toBe(200);
    expect(await s.json()).toEqual({ pageId: json.pageId, state: 'queued', stage: 'ingest' });
    const unknown = await fetch(`${url}/v1/pages/${'c'.repeat(32)}`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).state).toBe('unknown');
    expect((await fetch(`${url}/v1/pages/nope`, { headers: auth })).status).toBe(400);
    const list = await fetch(`${url}/v1/pages?ids=${json.pageId},${'c'.repeat(32)}`, { headers: auth });
    expect((await list.json()).pages.map((p: { state: string }) => p.state)).toEqual(['queued', 'unknown']);
  });

  it('/openapi.json documents every endpoint with RawArticle generated from the contract', async () => {
    const t = h();
    const { url } = await startApi(t);
    const doc = await (await fetch(`${url}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/articles', '/v1/articles/batch', '/v1/articles/ndjson', '/v1/pages/{pageId}']));
    expect(Object.keys(doc.paths['/v1/articles'].post.responses)).toEqual(expect.arrayContaining(['202', '200', '400', '401', '413', '415', '429']));
    const raw = doc.components.schemas.RawArticle;
    expect(Object.keys(raw.properties).sort()).toEqual(['fetchedAt', 'headers', 'html', 'htmlBase64', 'language', 'metadata', 'site', 'source', 'text', 'url']);
    expect(raw.additionalProperties).toBe(false);
    // Every reference in the document resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    const schema = await (await fetch(`${url}/v1/schemas/raw-article.json`)).json();
    expect(schema.required).toEqual(['url']);
  });
});
