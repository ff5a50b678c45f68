import { describe, expect, it } from 'vitest';
import { rng, useHarness } from '@newsflow/testing';
import { page, post, startApi } from './helpers.js';

const h = useHarness();

const enc = new TextEncoder();
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80]];
const WRONG_VALUES: unknown[] = [42, true, null, [], {}, 'x', -1.5, ['a'], { a: 1 }];
const FIELDS = ['url', 'html', 'htmlBase64', 'text', 'fetchedAt', 'site', 'source', 'language', 'headers', 'metadata'];

type Req = { path: string; body: string | Uint8Array; headers?: Record<string, string>; kind: string };

function withBadBytes(r: () => number): Uint8Array {
  const pre = enc.encode('{"url":"https://news.example.com/x","text":"caf');
  const bad = INVALID_UTF8[Math.floor(r() * INVALID_UTF8.length)]!;
  const post = enc.encode('"}');
  const out = new Uint8Array(pre.length + bad.length + post.length);
  out.set(pre);
  out.set(bad, pre.length);
  out.set(post, pre.length + bad.length);
  return out;
}

/** One bad request of a random kind; none of them can be a valid page. */
function badRequest(i: number): Req {
  const r = rng(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const good = page(i) as Record<string, unknown>;
  switch (i % 10) {
    case 0: {
      // wrong type in a field that must be a string / object
      const f = pick(FIELDS);
      const isRecord = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
      // Object fields get anything but an object; string fields anything but a string.
      const v = pick(WRONG_VALUES.filter((x) => (f === 'headers' || f === 'metadata' ? !isRecord(x) : typeof x !== 'string')));
      return { kind: `wrong type ${f}`, path: '/v1/articles', body: JSON.stringify({ ...good, [f]: v, ...(f === 'url' ? {} : { url: good.url }) }) };
    }
    case 1: {
      // missing required fields
      const { url, html, ...rest } = good;
      return { kind: 'missing fields', path: '/v1/articles', body: JSON.stringify(pick([rest, { url }, { html }, {}])) };
    }
    case 2: {
      // huge field: a URL, a site name or a header past its limit
      const n = 9000 + Math.floor(r() * 5000);
      const variants = [
        { ...good, url: `https://news.example.com/${'a'.repeat(n)}` },
        { ...good, site: 's'.repeat(257 + Math.floor(r() * 1000)) },
        { ...good, headers: { ['h'.repeat(300)]: 'v' } },
        { ...good, language: 'x'.repeat(n) },
      ];
      return { kind: 'huge field', path: '/v1/articles', body: JSON.stringify(pick(variants)) };
    }
    case 3:
      // body over the configured limit
      return { kind: 'huge body', path: '/v1/articles', body: JSON.stringify({ ...good, html: 'x'.repeat(70_000 + Math.floor(r() * 10_000)) }) };
    case 4:
      return { kind: 'invalid utf-8', path: pick(['/v1/articles', '/v1/articles/batch']), body: withBadBytes(r) };
    case 5: {
      const junk = ['', '{', '{"url":', 'null', '42', '"page"', 'undefined', '<html></html>', "{'url': 'x'}", '{"url":"https://a.b/"} trailing', String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(r() * 128)))];
      return { kind: 'not json', path: '/v1/articles', body: pick(junk) };
    }
    case 6:
      return { kind: 'wrong content type', path: pick(['/v1/articles', '/v1/articles/batch', '/v1/articles/ndjson']), body: JSON.stringify(good), headers: { 'content-type': pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '']) } };
    case 7: {
      if (r() < 0.15) {
        // metadata nested deeper than a job can be serialised
        const d = 40 + Math.floor(r() * 8000);
        return { kind: 'deep metadata', path: '/v1/articles', body: JSON.stringify(good).replace(/}$/, `,"metadata":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`) };
      }
      // unknown fields, two bodies, empty body, bad URL scheme, bad date
      const variants = [
        { ...good, extra: 1 },
        { ...good, text: 'also text' },
        { ...good, html: '   ' },
        { ...good, url: pick(['ftp://x.example/a', 'javascript:alert(1)', '/relative', 'http//broken', 'data:text/html,hi']) },
        { ...good, fetchedAt: pick(['yesterday', '2026-13-45T00:00:00Z', '1700000000']) },
        { ...good, htmlBase64: '%%%not base64%%%', html: undefined },
      ];
      return { kind: 'invalid values', path: '/v1/articles', body: JSON.stringify(pick(variants)) };
    }
    case 8: {
      // a batch where every item is bad
      const items = Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick<unknown>([{ url: 5 }, {}, 'page', null, { ...good, html: '' }, [1]]));
      return { kind: 'bad batch', path: '/v1/articles/batch', body: JSON.stringify(pick([items, { articles: 'no' }, good])) };
    }
    default: {
      // NDJSON where every line is bad
      const lines = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(['{', JSON.stringify({ url: 'x' }), '[]', 'null', JSON.stringify({ ...good, site: 1 })]));
      return { kind: 'bad ndjson', path: '/v1/articles/ndjson', body: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } };
    }
  }
}

describe('fuzzed bad requests', () => {
  it('rejects 1,000 bad requests, each with a message, stays up, and enqueues nothing', async () => {
    const t = h();
    const { url, queues } = await startApi(t, { limits: { maxBodyBytes: 64 * 1024 } });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (let start = 0; start < 1000; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, k) => {
          const i = start + k;
          const req = badRequest(i);
          const res = await post(url, req.path, req.body, req.headers);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200 && req.path !== '/v1/articles') {
            // Batch and NDJSON answer per item: every item must be rejected with a message.
            const items = res.json.results as Array<{ status: string; error?: { message?: string } }>;
            if (res.json.accepted !== 0 || res.json.duplicates !== 0 || items.some((x) => x.status !== 'rejected' || !x.error?.message)) {
              problems.push(`#${i} ${req.kind}: an item was not rejected: ${JSON.stringify(res.json).slice(0, 200)}`);
            }
            return;
          }
          if (![400, 413, 415].includes(res.status)) problems.push(`#${i} ${req.kind}: status ${res.status}`);
          else if (typeof res.json?.error?.message !== 'string' || !res.json.error.message) problems.push(`#${i} ${req.kind}: no message`);
        }),
      );
    }
    expect(problems).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([200, 400, 413, 415]);
    expect(await queues.ingest.count()).toBe(0);
    // Still up and still accepting good pages.
    expect((await post(url, '/v1/articles', JSON.stringify(page(1)))).status).toBe(202);
  });
});
