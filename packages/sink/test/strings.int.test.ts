import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, type ArticleStore } from '@newsflow/sink';
import { freshStoreConfig, tempDir, type StoreKind } from './databases.js';
import { entity, makeArticle } from './fixtures.js';

const tmp = tempDir('sink-strings');
afterAll(() => tmp.remove());

describe.each<StoreKind>(['postgres', 'sqlite', 'jsonl'])('%s store and lone UTF-16 surrogates', (kind) => {
  let store: ArticleStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('stores a page with lone surrogates in title, body, metadata and entities, reading back U+FFFD', async () => {
    store = await openStore(await freshStoreConfig(kind, tmp.dir, 'surrogates'));
    const body = 'Broken \uDC00 text from a scraper.\n\nSecond \uD83D paragraph with a real 😀 pair.';
    const a = makeArticle({ n: 1, title: 'Title \uD800 cut', body, entities: [entity('Ana \uDBFF', 'PER')] });
    a.authors = ['Jane \uD800'];
    a.metadata = { 'og:title\uD800': 'value \uDFFF', nested: { list: ['x\uD800', 1, null] } };
    const result = await store.write(a);
    expect(result.outcome).toBe('inserted');

    const got = (await store.get(a.id))!;
    expect(got.title).toBe('Title \uFFFD cut');
    expect(got.body).toBe('Broken \uFFFD text from a scraper.\n\nSecond \uFFFD paragraph with a real 😀 pair.');
    expect(got.paragraphs.map((p) => p.text)).toEqual(['Broken \uFFFD text from a scraper.', 'Second \uFFFD paragraph with a real 😀 pair.']);
    expect(got.authors).toEqual(['Jane \uFFFD']);
    expect(got.metadata).toEqual({ 'og:title\uFFFD': 'value \uFFFD', nested: { list: ['x\uFFFD', 1, null] } });
    expect(got.entities[0]!.name).toBe('Ana \uFFFD');
    expect((await store.entities({ q: 'ana' }))[0]!.name).toBe('Ana \uFFFD');
    // A redelivery of the same page is recognised as such, not written again.
    expect((await store.write(a)).outcome).toBe('unchanged');
  });
});
