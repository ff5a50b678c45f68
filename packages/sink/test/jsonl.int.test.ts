import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Article } from '@newsflow/contracts';
import { openJsonlStore } from '@newsflow/sink';
import { tempDir } from './databases.js';
import { makeArticle } from './fixtures.js';

const tmp = tempDir('sink-jsonl');
afterAll(() => tmp.remove());

describe('jsonl store', () => {
  it('appends one Article per line, so the file pipes into other tools', async () => {
    const path = join(tmp.dir, 'pipe.jsonl');
    const store = await openJsonlStore({ path });
    const a = makeArticle({ n: 1 });
    await Promise.all([store.write(a), store.write(a), store.write(makeArticle({ n: 2 }))]);
    await store.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the repeated write appended nothing
    for (const l of lines) expect(Article.safeParse(JSON.parse(l)).success).toBe(true);
    expect(JSON.parse(lines[0]!).stored).toMatchObject({ version: 1, outcome: 'inserted' });
  });

  it('drops a line torn by a crash and keeps every complete one', async () => {
    const path = join(tmp.dir, 'torn.jsonl');
    const first = await openJsonlStore({ path });
    const kept = makeArticle({ n: 3 });
    await first.write(kept);
    await first.close();
    appendFileSync(path, '{"id":"half-written'); // what a kill -9 in the middle of an append leaves
    const again = await openJsonlStore({ path });
    expect(await again.count()).toBe(1);
    expect((await again.get(kept.id))?.title).toBe('Story 3');
    const next = makeArticle({ n: 4 });
    expect((await again.write(next)).outcome).toBe('inserted');
    await again.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([kept.id, next.id]);
  });
});
