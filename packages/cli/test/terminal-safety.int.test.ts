import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article, ParseJob } from '@newsflow/contracts';
import { AppError, articleIdFor, createStageWorker, pageIdFor, sha256Hex } from '@newsflow/core';
import { openStore } from '@newsflow/sink';
import { eventually, useHarness } from '@newsflow/testing';
import { runCli, scratch as newScratch } from './helpers.js';

// What a hostile page can put in a title, a site name, a URL or an author: a window title (OSC 0),
// a clipboard write (OSC 52), a hyperlink (OSC 8), a 7-bit and an 8-bit colour, a bidi override.
const HOSTILE = '\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\x1b[31mred\u009b31mtail\u202eback';
const READABLE = 'linkredtailback';

/** Bytes a terminal would act on: ESC, BEL, any C0 but tab and line feed, DEL, C1, bidi overrides. */
function terminalControls(bytes: string): string[] {
  return [...bytes.matchAll(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g)].map((m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function hostileArticle(): Article {
  const url = `https://news.example.com/world/story?t=${HOSTILE}`;
  const body = `First paragraph ${HOSTILE} of the story.\n\nSecond paragraph.`;
  const id = articleIdFor(url);
  return {
    id,
    pageId: sha256Hex(`${url}\n${body}`).slice(0, 32),
    url,
    canonicalUrl: url,
    fetchedAt: '2026-11-28T09:00:00.000Z',
    receivedAt: '2026-11-28T09:00:01.000Z',
    title: `Title ${HOSTILE}\nsecond line`,
    authors: [`Author ${HOSTILE}`],
    publishedAt: '2026-11-28T08:00:00.000Z',
    language: 'en',
    siteName: `Site ${HOSTILE}`,
    tags: [],
    images: [],
    body,
    paragraphs: body.split(/\n\n/).map((text) => ({ kind: 'p' as const, text })),
    corrections: [],
    wordCount: 9,
    metadata: {},
    entities: [],
    dedupe: { contentHash: sha256Hex(body), duplicateOf: null, duplicateKind: null, similarity: null, version: 1, unchanged: false, clusterId: `c-${id}` },
    trace: (['ingest', 'parse', 'entity', 'dedupe'] as const).map((stage) => ({ stage, version: '0.1.0', workerId: 'test:1', attempts: 1, startedAt: '2026-11-28T09:00:01.000Z', finishedAt: '2026-11-28T09:00:01.000Z', durationMs: 1 })),
  };
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(args, env);
  expect(r.code, `${args.join(' ')}:\n${r.out}`).toBe(0);
  return r.out;
}

const h = useHarness();
const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});
function scratch(): ReturnType<typeof newScratch> {
  const s = newScratch();
  homes.push(s.home);
  return s;
}

describe('what the CLI prints cannot drive the terminal', () => {
  it('articles list, show and show --json print no escape sequence, C1 control or bidi override from stored fields', async () => {
    const { db, env } = scratch();
    const store = await openStore({ kind: 'sqlite', path: db } as Parameters<typeof openStore>[0]);
    const article = hostileArticle();
    try {
      expect((await store.write(article)).status).not.toBe('failed');
    } finally {
      await store.close();
    }

    const list = await cli(['articles', 'list'], env);
    expect(terminalControls(list)).toEqual([]);
    expect(list).toContain(`Site ${READABLE}`);
    // The title's line break is a space in the table, not a second row.
    expect(list).toMatch(new RegExp(`Title ${READABLE} second line`));

    const show = await cli(['articles', 'show', article.id], env);
    expect(terminalControls(show)).toEqual([]);
    expect(show).toContain(`title:     Title ${READABLE} second line`);
    expect(show).toContain(`authors:   Author ${READABLE}`);
    expect(show).toContain(`site:      Site ${READABLE}`);
    expect(show).toContain(`url:       https://news.example.com/world/story?t=${READABLE}`);
    // The body keeps its paragraph breaks.
    expect(show).toContain(`First paragraph ${READABLE} of the story.\n\nSecond paragraph.`);

    const json = await cli(['articles', 'show', article.id, '--json'], env);
    expect(terminalControls(json)).toEqual([]);
    expect(json).toContain('\\u009b31m');
    expect(json).toContain('\\u202e');
    // Escaped, not stripped: the machine output is the stored article, byte for byte.
    const parsed = JSON.parse(json) as Article;
    expect(parsed.title).toBe(article.title);
    expect(parsed.siteName).toBe(article.siteName);
    expect(parsed.canonicalUrl).toBe(article.canonicalUrl);
    expect(parsed.authors).toEqual(article.authors);

    const ndjson = await cli(['articles', 'export'], env);
    expect(terminalControls(ndjson)).toEqual([]);
    expect((JSON.parse(ndjson.trim()) as Article).title).toBe(article.title);
  }, 120_000);

  it('an argument echoed in a usage error is printed without its escape sequences', async () => {
    const { env } = scratch();
    const r = await runCli(['articles', 'list', '--colour\x1b]52;c;ZXZpbA==\x07\x1b[31m'], env);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/unknown option '--colour/);
    expect(r.out).not.toMatch(/[\x1b\x07\u0080-\u009f]/);
  });

  it('failed list and show print no escape sequence from a failure reason or URL', async () => {
    const t = h();
    const url = `https://news.example.org/world/story-1?q=${HOSTILE}`;
    const job: ParseJob = {
      pageId: pageIdFor(url, 'body'),
      receivedAt: '2026-11-28T10:00:00.000Z',
      url,
      fetchedAt: '2026-11-28T09:59:00.000Z',
      text: 'Story\n\nbody',
      headers: {},
      metadata: {},
      trace: [],
    };
    const worker = t.worker(
      createStageWorker({
        stage: 'parse',
        version: 'test',
        connection: t.connection(),
        prefix: t.prefix,
        logger: t.logger,
        // Failure reasons quote page data: here the page's own title.
        process: async () => {
          throw new AppError('EMPTY_PAGE', `no article text under "Title ${HOSTILE}"`, { retryable: false });
        },
      }),
    );
    await t.queues().parse.add('page', job, { jobId: job.pageId });
    await eventually(async () => (await t.queues().parse.getFailedCount()) === 1, 'the parse job failed', 60_000);
    await worker.close();
    const env = { ...scratch().env, REDIS_URL: t.redisUrl, NEWSFLOW_PREFIX: t.prefix };

    const list = await cli(['failed', 'list'], env);
    expect(terminalControls(list)).toEqual([]);
    expect(list).toContain(`EMPTY_PAGE: no article text under "Title ${READABLE}"`);
    expect(list).toContain(`https://news.example.org/world/story-1?q=${READABLE}`);

    const show = await cli(['failed', 'show', job.pageId], env);
    expect(terminalControls(show)).toEqual([]);
    expect(show).toContain(`reason:    EMPTY_PAGE: no article text under "Title ${READABLE}"`);

    const json = await cli(['failed', 'list', '--json'], env);
    expect(terminalControls(json)).toEqual([]);
    expect((JSON.parse(json) as Array<{ reason: string }>)[0]!.reason).toBe(`EMPTY_PAGE: no article text under "Title ${HOSTILE}"`);
  }, 120_000);
});
