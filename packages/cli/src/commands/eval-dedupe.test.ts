import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../../test/run-commands.js';
import { register as registerBench } from './bench-dedupe.js';
import { register } from './eval-dedupe.js';

function run(...args: string[]): Promise<{ out: string[]; error?: Error }> {
  return runCommands([register, registerBench], args);
}

const dir = mkdtempSync(join(tmpdir(), 'nf-dedupe-'));
const TOPICS = ['harbour bridge repairs', 'battery recycling plant', 'river flood shelters', 'school lunch prices'];
const articles = TOPICS.map((topic, n) => ({
  url: `https://site${n % 2}.example/news/${n}`,
  title: `News about ${topic}`,
  articleBody: Array.from({ length: 4 }, (_, p) => Array.from({ length: 25 }, (_, i) => `${topic.split(' ')[i % 3]}${n}${p}${i}`).join(' ') + '.').join('\n\n'),
}));
const corpus = join(dir, 'articles.json');
writeFileSync(corpus, JSON.stringify(articles));
const semeval = join(dir, 'pairs.csv');
writeFileSync(semeval, 'pair_id,lang1,lang2,text1,text2,Overall\n1_2,en,en,"The council voted, ""yes"".","Councillors approved the plan.",1.0\n3_4,de,de,a,b,1.0\n');

describe('newsflow eval dedupe', () => {
  it('builds a pair file and scores it, with per-kind figures in JSON', async () => {
    const out = join(dir, 'pairs.jsonl');
    const made = await run('eval', 'dedupe', '--make-pairs', '--from', corpus, semeval, '--out', out, '--templates', '2', '--json');
    expect(made.error).toBeUndefined();
    expect(JSON.parse(made.out[0]!)).toMatchObject({
      articles: 4,
      storyPairs: 1,
      byKind: { typography: 4, 'semeval-en': 1, 'same-site': 2, 'template-earnings': 2, 'template-court': 2, 'template-copy': 5, 'follow-up': 4, 'follow-up-update': 4 },
    });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(made.out[0] ? JSON.parse(made.out[0]).pairs : 0);
    const scored = await run('eval', 'dedupe', '--pairs', out, '--json');
    expect(scored.error).toBeUndefined();
    const r = JSON.parse(scored.out[0]!);
    expect(r).toMatchObject({ pairs: 54, recall: 1, precision: 1 });
    expect(r.byKind['semeval-en']).toMatchObject({ pairs: 1, tn: 1 });
    expect(r.byKind['template-weather']).toMatchObject({ pairs: 2, tn: 2, accuracy: 1 });
    expect(r.byKind['follow-up-update']).toMatchObject({ pairs: 4, tn: 4, related: 4 });
  });

  it('explains what is missing or wrong instead of crashing', async () => {
    expect((await run('eval', 'dedupe')).error?.message).toMatch(/--pairs FILE\.jsonl/);
    expect((await run('eval', 'dedupe', '--make-pairs', '--out', join(dir, 'x.jsonl'))).error?.message).toMatch(/--from/);
    expect((await run('eval', 'dedupe', '--pairs', join(dir, 'missing.jsonl'))).error?.message).toMatch(/cannot read/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"a":{"url":"https://a.example/","text":"x"},"b":{"url":"https://b.example/"},"label":"duplicate"}\n');
    expect((await run('eval', 'dedupe', '--pairs', bad)).error?.message).toMatch(/line 1: b\.text/);
    expect((await run('eval', 'dedupe', '--pairs', bad, '--jaccard', '3')).error?.message).toMatch(/--jaccard/);
    expect((await run('eval', 'dedupe', '--pairs', bad, '--bands', '0')).error?.message).toMatch(/--bands/);
    expect((await run('bench', 'dedupe', '--articles', 'many')).error?.message).toMatch(/--articles/);
    expect((await run('bench', 'dedupe', '--max-entries', '5')).error?.message).toMatch(/--max-entries/);
    expect((await run('eval', 'dedupe', '--make-pairs', '--from', corpus, '--out', join(dir, 'y.jsonl'), '--templates', '1.5')).error?.message).toMatch(/--templates/);
  });
});

describe('newsflow bench dedupe', () => {
  it('reports latency percentiles, bytes per article and finds the planted copies', async () => {
    const r = await run('bench', 'dedupe', '--articles', '300', '--words', '120', '--json', corpus);
    expect(r.error).toBeUndefined();
    const rep = JSON.parse(r.out[0]!);
    expect(rep).toMatchObject({ articles: 300, wordsPerArticle: 120 });
    expect(rep.planted).toBeGreaterThan(0);
    expect(rep.found).toBe(rep.planted);
    expect(rep.lookupInsertMs.p99).toBeGreaterThanOrEqual(rep.lookupInsertMs.p50);
    expect(rep.redisBytesPerArticle).toBeGreaterThan(0);
    expect(rep.memory).toHaveLength(10);
    expect(rep.maxEntries).toBe(200_000);
  });
});
