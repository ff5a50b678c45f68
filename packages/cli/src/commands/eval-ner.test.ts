import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../../test/run-commands.js';
import { register as registerEval } from './eval-ner.js';
import { register as registerBench } from './bench-entity.js';
import { register as registerTrain } from './train-ner.js';
import { register as registerClusters } from './train-clusters.js';
import { readClusters } from '@newsflow/entity';

function run(...args: string[]): Promise<{ out: string[]; error?: Error }> {
  return runCommands([registerEval, registerBench, registerTrain, registerClusters], args);
}

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-ner-'));
const conll = join(dir, 'tiny.conll');
// Our own two sentences in CoNLL-2003's four-column IOB2 layout.
writeFileSync(
  conll,
  [
    '-DOCSTART- -X- -X- O',
    '',
    'Angela NNP B-NP B-PER',
    'Merkel NNP I-NP I-PER',
    'visited VBD B-VP O',
    'Paris NNP B-NP B-LOC',
    'on IN B-PP O',
    'Monday NNP B-NP O',
    '. . O O',
    '',
    'Siemens NNP B-NP B-ORG',
    'said VBD B-VP O',
    'profits NNS B-NP O',
    'rose VBD B-VP O',
    '. . O O',
    '',
  ].join('\n'),
);
const reuters = join(dir, 'linked.xml');
writeFileSync(
  reuters,
  `<?xml version="1.0" encoding="UTF-8"?><corpus><Document id="1"><TextWithNamedEntities><NamedEntityInText uri="http://dbpedia.org/resource/Angela_Merkel">Angela Merkel</NamedEntityInText><SimpleTextPart> met bankers in </SimpleTextPart><NamedEntityInText uri="http://dbpedia.org/resource/Frankfurt">Frankfurt</NamedEntityInText><SimpleTextPart>. </SimpleTextPart><NamedEntityInText uri="http://dbpedia.org/resource/Angela_Merkel">Merkel</NamedEntityInText><SimpleTextPart> said rates would stay low.</SimpleTextPart></TextWithNamedEntities></Document></corpus>`,
);

describe('newsflow eval ner', () => {
  it('scores the model and the compromise baseline on the same file, with tokens/s', async () => {
    const r = await run('eval', 'ner', '--conll', conll, '--baseline', 'compromise', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j.conll.model.tokens).toBe(12);
    expect(Object.keys(j.conll.model.types).sort()).toEqual(['LOC', 'ORG', 'PER']);
    expect(j.conll.model.micro.f1).toBeGreaterThan(0);
    expect(j.conll.model.tokensPerSecond).toBeGreaterThan(0);
    expect(j.conll.baseline.name).toBe('compromise');
    expect(j.model.data.map((d: { file: string }) => d.file)).toContain('wikigold/wikigold.conll.txt');
  });

  it('prints a human table', async () => {
    const r = await run('eval', 'ner', '--conll', conll);
    expect(r.out[0]).toMatch(/^model: micro-F1 \d+\.\d\d on PER\/LOC\/ORG .* tokens\/s$/);
    expect(r.out.some((l) => /^\s+ORG\s+P/.test(l))).toBe(true);
  });

  it('prints which types are mistaken for which', async () => {
    const r = await run('eval', 'ner', '--conll', conll, '--json');
    const j = JSON.parse(r.out.join('\n'));
    const rows = j.conll.model.confusion.gold as Record<string, Record<string, number>>;
    // Every gold chunk lands in exactly one cell of its row: 1 PER, 1 LOC, 1 ORG in the file.
    for (const t of ['PER', 'LOC', 'ORG']) expect(Object.values(rows[t] ?? {}).reduce((a, b) => a + b, 0)).toBe(1);
    const human = await run('eval', 'ner', '--conll', conll);
    expect(human.out.some((l) => /^\s+gold\s+PER\s+LOC\s+ORG\s+MISC\s+boundary\s+missed$/.test(l))).toBe(true);
  });

  it('measures type consistency over a folder of pages, through the parser and the tagger', async () => {
    const pages = join(dir, 'pages');
    mkdirSync(pages, { recursive: true });
    const para = (i: number) =>
      `<p>Officials in the United States said on day ${i} that the Harbour Council in Leeds would review the plan. ` +
      `The United States embassy in London confirmed the talks, and Mayor Anna Berg said the review would take a month.</p>`;
    for (let i = 1; i <= 3; i++) writeFileSync(join(pages, `p${i}.html`), `<html lang="en"><head><title>Review ${i}</title></head><body><article><h1>Review ${i}</h1>${para(i)}${para(i + 10)}</article></body></html>`);
    writeFileSync(join(pages, 'it.html'), `<html lang="it"><head><title>Roma</title></head><body><article><h1>Roma</h1><p>${'Il sindaco di Roma ha detto che il piano sarà rivisto entro un mese, secondo il consiglio comunale. '.repeat(4)}</p></article></body></html>`);
    const r = await run('eval', 'ner', '--dataset', pages, '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j.consistency).toMatchObject({ pages: 4, rejected: 0, otherLanguage: 1, articles: 3 });
    expect(j.consistency.names).toBeGreaterThanOrEqual(2);
    expect(j.consistency.share).toBeCloseTo((100 * j.consistency.consistent) / j.consistency.names, 1);
  });

  it('scores canonicalisation pairwise on linked mentions', async () => {
    const r = await run('eval', 'ner', '--reuters', reuters, '--json');
    const j = JSON.parse(r.out.join('\n'));
    expect(j.canonicalisation).toMatchObject({ documents: 1, mentions: 3 });
    expect(j.canonicalisation.goldMentions).toMatchObject({ goldPairs: 1, correctPairs: 1, recall: 100 });
  });

  it('names the flag when an input is missing or unknown', async () => {
    expect((await run('eval', 'ner')).error?.message).toMatch(/--conll FILE, --reuters FILE and\/or --dataset DIR/);
    expect((await run('eval', 'ner', '--dataset', join(dir, 'nope'))).error?.message).toMatch(/--dataset: .*nope is not a directory/);
    expect((await run('eval', 'ner', '--conll', join(dir, 'nope.txt'))).error?.message).toMatch(/--conll: file not found/);
    expect((await run('eval', 'ner', '--conll', conll, '--baseline', 'spacy')).error?.message).toMatch(/--baseline: unknown baseline "spacy"/);
    expect((await run('eval', 'ner', '--conll', conll, '--model', join(dir, 'nope.gz'))).error?.message).toMatch(/--model: cannot read NER model/);
  });
});

describe('newsflow bench entity', () => {
  it('reports tokens per second for the tagger and for extractEntities', async () => {
    const r = await run('bench', 'entity', conll, '--repeat', '2', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j).toMatchObject({ documents: 1, tokens: 12, passes: 1 });
    expect(j.tagger.tokensPerSecond).toBeGreaterThan(0);
    expect(j.extractEntities.tokensPerSecond).toBeGreaterThan(0);
  });
});

describe('newsflow train ner', () => {
  it('names the flag when the data directory is wrong', async () => {
    expect((await run('train', 'ner', '--data', join(dir, 'none'), '--out', join(dir, 'm.gz'))).error?.message).toMatch(/--data: directory not found/);
    expect((await run('train', 'ner', '--data', dir, '--out', join(dir, 'm.gz'))).error?.message).toMatch(/--data: .*ner_dataset\.csv\.gz not found/);
    expect((await run('train', 'ner', '--data', dir, '--out', join(dir, 'm.gz'), '--holdout', '2')).error?.message).toMatch(/--holdout/);
    expect((await run('train', 'ner', '--data', dir, '--out', join(dir, 'm.gz'), '--sets', 'gmb,conll')).error?.message).toMatch(/--sets: unknown set "conll"/);
  });
});

describe('newsflow train clusters', () => {
  it('learns clusters from plain text and records its source', async () => {
    const text = join(dir, 'news.txt');
    const days = ['Monday', 'Tuesday', 'Friday'];
    const cities = ['Leeds', 'Lagos', 'Lima'];
    writeFileSync(text, Array.from({ length: 60 }, (_, i) => `On ${days[i % 3]} the council in ${cities[(i * 7) % 3]} met.`).join('\n'));
    const out = join(dir, 'clusters.json.gz');
    const r = await run('train', 'clusters', '--text', text, '--out', out, '--sizes', '2,4', '--min-count', '2', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out.join('\n'));
    expect(j.sizes).toEqual([2, 4]);
    expect(j.provenance.sources).toEqual([expect.objectContaining({ name: 'news.txt', sentences: 60 })]);
    const c = readClusters(out);
    expect(c.words).toEqual(expect.arrayContaining(['Monday', 'Leeds', 'council']));
  });

  it('names the flag when an input is missing', async () => {
    expect((await run('train', 'clusters', '--out', join(dir, 'c.gz'))).error?.message).toMatch(/give --data DIR, --pages DIR or --text FILE/);
    expect((await run('train', 'clusters', '--text', join(dir, 'none.txt'), '--out', join(dir, 'c.gz'))).error?.message).toMatch(/--text: file not found/);
    expect((await run('train', 'clusters', '--pages', join(dir, 'none'), '--out', join(dir, 'c.gz'))).error?.message).toMatch(/--pages: .*none is not a directory/);
    expect((await run('train', 'clusters', '--text', conll, '--out', join(dir, 'c.gz'), '--sizes', '1')).error?.message).toMatch(/--sizes: must be integers from 2/);
  });
});
