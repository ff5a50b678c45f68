import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@newsflow/core';
import { createArticlesApi, openSqliteStore, type ArticleStore } from '@newsflow/sink';
import { tempDir } from './databases.js';
import { entity, makeArticle } from './fixtures.js';

const tmp = tempDir('sink-api');
let store: ArticleStore;
const articles = Array.from({ length: 7 }, (_, i) =>
  makeArticle({ n: i + 1, site: i < 3 ? 'Moscow Times' : 'Example News', entities: i === 2 ? [entity('Sergei Lavrov', 'PER')] : [], body: i === 4 ? 'Trade talks at the APEC summit in Lima.' : undefined }),
);

beforeAll(async () => {
  store = await openSqliteStore({ path: join(tmp.dir, 'api.db') });
  await Promise.all(articles.map((a) => store.write(a)));
  const a = articles[0]!;
  const body = 'Updated text of story one.';
  await store.write({ ...a, body, paragraphs: [{ kind: 'p', text: body }], dedupe: { ...a.dedupe, contentHash: sha256Hex(body), version: 2 } });
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

const get = async (app: Hono, path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(path, { headers });
  return { status: res.status, body: (await res.json()) as any };
};

describe('GET /v1/articles', () => {
  it('pages newest first with a cursor until the last page', async () => {
    const app = createArticlesApi({ store });
    const p1 = await get(app, '/v1/articles?limit=3');
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((i: { id: string }) => i.id)).toEqual([articles[6]!.id, articles[5]!.id, articles[4]!.id]);
    const p2 = await get(app, `/v1/articles?limit=3&cursor=${p1.body.nextCursor}`);
    const p3 = await get(app, `/v1/articles?limit=3&cursor=${p2.body.nextCursor}`);
    expect(p3.body.items).toHaveLength(1);
    expect(p3.body.nextCursor).toBeNull();
    const all = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(7);
  });

  it('filters by entity, site and full text, as the CLI does', async () => {
    const app = createArticlesApi({ store });
    expect((await get(app, '/v1/articles?entity=Sergei%20Lavrov')).body.items.map((i: { id: string }) => i.id)).toEqual([articles[2]!.id]);
    expect((await get(app, '/v1/articles?site=moscow%20times')).body.items).toHaveLength(3);
    const found = await get(app, '/v1/articles?q=apec%20lima');
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['Story 5']);
    expect((await get(app, `/v1/articles?id=${articles[0]!.id}&id=${articles[1]!.id}`)).body.items).toHaveLength(2);
  });

  it('answers 400 naming the bad parameter', async () => {
    const app = createArticlesApi({ store });
    const limit = await get(app, '/v1/articles?limit=5000');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/^limit: /);
    expect((await get(app, '/v1/articles?since=yesterday')).body.error.message).toMatch(/^since: /);
    expect((await get(app, '/v1/articles?colour=red')).body.error.message).toMatch(/colour/);
    expect((await get(app, '/v1/articles?cursor=garbage')).body.error.message).toMatch(/cursor/);
  });
});

describe('GET /v1/articles/:id', () => {
  it('returns the stored article, its versions on request, and an old version by number', async () => {
    const app = createArticlesApi({ store });
    const id = articles[0]!.id;
    const one = await get(app, `/v1/articles/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, body: 'Updated text of story one.', stored: { version: 2 } });
    expect(one.body.versions).toBeUndefined();
    const withVersions = await get(app, `/v1/articles/${id}?versions=1`);
    expect(withVersions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await get(app, `/v1/articles/${id}/versions/1`);
    expect(v1.body.body).toBe(articles[0]!.body);
    expect((await get(app, `/v1/articles/${id}/versions/9`)).status).toBe(404);
  });

  it('answers 404 with a JSON error for an unknown id', async () => {
    const res = await get(createArticlesApi({ store }), '/v1/articles/doesnotexist1');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('GET /v1/entities', () => {
  it('lists entities with article counts and rejects a bad type', async () => {
    const app = createArticlesApi({ store });
    const res = await get(app, '/v1/entities?q=lavrov');
    expect(res.body.items).toEqual([{ key: 'PER:sergei lavrov', name: 'Sergei Lavrov', type: 'PER', articles: 1 }]);
    const bad = await get(app, '/v1/entities?type=PERSON');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^type: /);
  });
});

describe('auth', () => {
  it('requires the bearer token on its own routes only, when mounted beside others', async () => {
    const app = new Hono();
    app.route('/', createArticlesApi({ store, auth: { tokens: ['s3cret-token-0123456789'] } }));
    app.get('/healthz', (c) => c.text('ok'));
    const denied = await get(app, '/v1/articles');
    expect(denied.status).toBe(401);
    expect(denied.body.error.code).toBe('UNAUTHORIZED');
    expect((await get(app, `/v1/articles/${articles[0]!.id}`, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(app, '/v1/articles', { authorization: 'Bearer s3cret-token-0123456789' })).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
