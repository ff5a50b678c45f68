import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UnrecoverableError, Worker } from 'bullmq';
import { useHarness, type Harness } from '@newsflow/testing';
import { createIngestClient, createIngestWorker, fetchUrlList, localFileUrl, ndjsonItems, pathItems, runIngestSession, type LocalItem } from '@newsflow/ingest';
import { startFeedSite } from './feed-server.js';
import { TOKEN, startApi } from './helpers.js';

const h = useHarness();

/**
 * Real BullMQ workers on the later queues: "parse" forwards to "sink" under the page id (failing
 * pages whose text says FAIL), and "sink" completes with an article id, as the real stages do.
 */
function stubPipeline(t: Harness): { close(): Promise<void> } {
  const q = t.queues();
  const parse = new Worker(
    'parse',
    async (job) => {
      const body = job.data.bodyRef ? await t.connection().get(job.data.bodyRef.key) : (job.data.text ?? job.data.html);
      if (String(body ?? '').includes('FAIL')) throw new UnrecoverableError('EMPTY_PAGE: no article text');
      await q.sink.add('article', { id: `art${job.data.pageId.slice(0, 8)}` }, { jobId: job.id! });
    },
    { connection: t.connection(), prefix: t.prefix },
  );
  const sink = new Worker('sink', async (job) => ({ articleId: job.data.id }), { connection: t.connection(), prefix: t.prefix });
  t.defer(parse);
  t.defer(sink);
  return t.worker(createIngestWorker({ connection: t.connection(), prefix: t.prefix, logger: t.logger }));
}

async function* items(list: LocalItem[]): AsyncGenerator<LocalItem> {
  yield* list;
}

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-ingest-'));
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'a.txt'), 'Headline A\n\nBody of A.');
  writeFileSync(join(dir, 'nested', 'b.html'), '<html><body><p>B</p></body></html>');
  writeFileSync(join(dir, 'nested', 'deeper', 'c.htm'), Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x74, 0xe9, 0x3c, 0x2f, 0x70, 0x3e])); // <p>été</p> in Latin-1
  writeFileSync(join(dir, 'nested', 'list.json'), JSON.stringify([{ url: 'https://x.example/1', text: 'One' }, { url: 'bad', text: 'x' }]));
  writeFileSync(join(dir, 'lines.ndjson'), `${JSON.stringify({ url: 'https://x.example/2', text: 'Two' })}\n\n{oops\n`);
  writeFileSync(join(dir, 'notes.md'), 'ignored');
  writeFileSync(join(dir, '.hidden.txt'), 'ignored');
  return dir;
}

describe('local files', () => {
  it('reads a directory recursively: txt as text, UTF-8 html as html, other bytes as base64, json and ndjson as pages', async () => {
    const dir = tree();
    const got: LocalItem[] = [];
    for await (const it of pathItems(dir, { source: 'cli' })) got.push(it);
    const byWhere = Object.fromEntries(got.map((g) => [g.where.slice(dir.length + 1), 'error' in g ? `error: ${g.error}` : g.raw]));
    expect(Object.keys(byWhere).sort()).toEqual(['a.txt', 'lines.ndjson:1', 'lines.ndjson:3', 'nested/b.html', 'nested/deeper/c.htm', 'nested/list.json[0]', 'nested/list.json[1]']);
    expect(byWhere['a.txt']).toEqual({ url: await localFileUrl(join(dir, 'a.txt')), text: 'Headline A\n\nBody of A.', source: 'cli' });
    expect(byWhere['nested/b.html']).toMatchObject({ html: '<html><body><p>B</p></body></html>' });
    expect(byWhere['nested/deeper/c.htm']).toMatchObject({ htmlBase64: 'PHA+6XTpPC9wPg==' });
    expect(byWhere['nested/list.json[1]']).toEqual({ url: 'bad', text: 'x', source: 'cli' });
    expect(byWhere['lines.ndjson:3']).toMatch(/^error: not valid JSON/);
  });

  it('says why a path cannot be read: missing, or under a file, not always "no such file"', async () => {
    const dir = tree();
    const first = async (p: string) => {
      for await (const it of pathItems(p, { source: 'cli' })) return it;
      return null;
    };
    expect(await first(join(dir, 'missing.html'))).toEqual({ where: join(dir, 'missing.html'), error: 'no such file or directory' });
    expect(await first(join(dir, 'a.txt', 'child.html'))).toEqual({ where: join(dir, 'a.txt', 'child.html'), error: 'a part of the path is not a directory' });
    expect(await first(join(dir, `${'x'.repeat(300)}.html`))).toEqual({ where: join(dir, `${'x'.repeat(300)}.html`), error: 'the path is too long' });
  });

  it('derives a stable URL per file path', async () => {
    const dir = tree();
    const u = await localFileUrl(join(dir, 'a.txt'));
    expect(u).toMatch(/^https:\/\/local\.newsflow\/[a-f0-9]{12}\/a\.txt$/);
    expect(await localFileUrl(join(dir, 'nested', '..', 'a.txt'))).toBe(u);
    expect(await localFileUrl(join(dir, 'lines.ndjson'))).not.toBe(u);
  });

  it('reads NDJSON from a stream with line numbers', async () => {
    const got: LocalItem[] = [];
    for await (const it of ndjsonItems(Readable.from(['{"url":"https://x.example/", "te', 'xt":"a"}\n[1]\n']), 'stdin', {})) got.push(it);
    expect(got).toEqual([
      { where: 'stdin:1', raw: { url: 'https://x.example/', text: 'a' } },
      { where: 'stdin:2', error: 'expected a JSON object (a RawArticle)' },
    ]);
  });
});

describe('runIngestSession (what `newsflow ingest` runs)', () => {
  it('submits in batches, waits until stored, and reports stored ids, failures and rejections with where they came from', async () => {
    const t = h();
    const { url } = await startApi(t);
    const pipeline = stubPipeline(t);
    const client = createIngestClient({ url, token: TOKEN });
    const list: LocalItem[] = [
      ...Array.from({ length: 5 }, (_, i) => ({ where: `f${i}.txt`, raw: { url: `https://x.example/${i}`, text: `Story ${i}` } })),
      { where: 'dup.txt', raw: { url: 'https://x.example/0', text: 'Story 0' } },
      { where: 'bad.json', raw: { url: 'https://x.example/bad' } },
      { where: 'broken.ndjson:3', error: 'not valid JSON' },
      { where: 'fail.txt', raw: { url: 'https://x.example/fail', text: 'FAIL' } },
    ];
    const progress: string[] = [];
    const s = await runIngestSession({ client, items: items(list), batchSize: 2, pollMs: 20, pollWindow: 2, onProgress: (p) => progress.push(p.phase) });
    expect(s.accepted).toBe(6);
    expect(s.duplicates).toBe(1);
    expect(s.rejected).toEqual([
      { where: 'broken.ndjson:3', reason: 'not valid JSON' },
      { where: 'bad.json', reason: 'html: one of html, htmlBase64 or text is required' },
    ]);
    expect(s.stored.map((x) => x.where).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
    expect(s.stored.every((x) => /^art[a-f0-9]{8}$/.test(x.articleId ?? ''))).toBe(true);
    expect(s.failed).toEqual([{ where: 'fail.txt', pageId: expect.any(String), reason: 'parse: EMPTY_PAGE: no article text' }]);
    expect(s.pending).toEqual([]);
    expect(progress).toContain('submitting');
    expect(progress.at(-1)).toBe('waiting');
    await pipeline.close();
  });

  it('with wait: false returns once accepted, listing the queued pages', async () => {
    const t = h();
    const { url } = await startApi(t);
    const client = createIngestClient({ url, token: TOKEN });
    const s = await runIngestSession({ client, items: items([{ where: 'a', raw: { url: 'https://x.example/a', text: 'A' } }]), wait: false });
    expect(s.accepted).toBe(1);
    expect(s.pending).toEqual([{ where: 'a', pageId: expect.any(String), state: 'queued' }]);
  });
});

describe('fetchUrlList (newsflow ingest --urls)', () => {
  it('fetches each listed URL politely, naming the line of each one that fails', async () => {
    const t = h();
    const site = await startFeedSite(t);
    const dir = mkdtempSync(join(tmpdir(), 'nf-urls-'));
    const file = join(dir, 'urls.txt');
    writeFileSync(file, `# pages to fetch\n${site.url}/articles/1.html\n\n${site.url}/missing.html\n${site.url}/private/3.html  # disallowed\n`);
    const got: LocalItem[] = [];
    for await (const it of fetchUrlList(file, { source: 'cli' }, { allowPrivateAddresses: true, perHostIntervalMs: 0 })) got.push(it);
    expect(got.map((g) => g.where)).toEqual([`${file}:2`, `${file}:4`, `${file}:5`]);
    const first = got[0] as { raw: Record<string, unknown> };
    expect(first.raw).toMatchObject({ url: `${site.url}/articles/1.html`, source: 'cli', headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(Buffer.from(first.raw.htmlBase64 as string, 'base64').toString()).toContain('Local story 1');
    expect(got[1]).toEqual({ where: `${file}:4`, error: `${site.url}/missing.html: HTTP 404` });
    expect((got[2] as { error: string }).error).toMatch(/robots.txt of .* disallows \/private\/3.html/);
  });
});
